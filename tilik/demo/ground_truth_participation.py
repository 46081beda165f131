"""Planted findings of the participation demo (tilik.demo.participation), built after the base demo.

The base demo (tilik.demo.ground_truth) already plants under-absorbed budgets (BUDGET.low_absorption),
lower participation in two OPD and among ASN aged 50+ (PARTICIPATION) and the 20 JP compliance shares
(JP_COMPLIANCE). This module adds, without disturbing those:

1. A randomised reminder experiment. A new e-learning programme in 2026 invites ``invitees`` active ASN
   (drawn with the seed); ``tilik.programs.services_participation.reminder_experiment_create`` assigns
   them at random (seed ``EXPERIMENT.seed``) to control, WhatsApp reminder, or a letter from the
   pimpinan. Data-generating model per invitee:

       P(registers) = control_scale x PARTICIPATION.probability(low_opd, older) + uplift[arm]
       P(attends | registered) = attend_given_registered; P(completes | attended) = complete_given_attended

   so the planted registration uplift over control is exactly ``uplift[arm]`` (additive, no clipping:
   the largest control probability is 0.75 x 0.82 = 0.615), and the attendance uplift is
   ``uplift[arm] x attend_given_registered``. The age and OPD effects of the base demo hold inside the
   experiment too, so they are not diluted.
2. Certificates. ``verified`` certificates for ASN already at or above 20 JP in 2026 (so the planted
   compliance share does not move), ``pending`` ones for ASN below 20 JP (they do not count until an
   evaluator verifies them) including the ``peserta`` demo login, and one ``rejected``.
3. Interventions: letters from the pimpinan to the two low-participation OPD, and the experiment's
   WhatsApp reminders, recorded as participation strategies.

Nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class ReminderExperimentPlan:
    program_slug: str = "orientasi-e-kinerja-daring-2026"
    program_name: str = "Orientasi e-Kinerja (Daring)"
    jp: int = 8
    start: dt.date = dt.date(2026, 9, 14)
    end: dt.date = dt.date(2026, 9, 18)
    invited_on: dt.date = dt.date(2026, 8, 24)
    invitees: int = 450
    seed: int = 20260824
    arms: tuple[str, ...] = ("kontrol", "whatsapp", "surat_pimpinan")
    control_scale: float = 0.75
    uplift: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"kontrol": 0.0, "whatsapp": 0.15, "surat_pimpinan": 0.25})
    )
    attend_given_registered: float = 0.90
    complete_given_attended: float = 0.90
    pagu: int = 45_000_000
    realisasi: int = 41_850_000  # 93 %: inside the base demo's "normal" absorption band

    def attendance_uplift(self, arm: str) -> float:
        return self.uplift[arm] * self.attend_given_registered


EXPERIMENT = ReminderExperimentPlan()


@dataclass(frozen=True)
class CertificatePlan:
    year: int = 2026
    verified: int = 30
    pending: int = 20
    rejected: int = 1
    jp_choices: tuple[int, ...] = (2, 4, 6, 8, 10, 12)
    providers: tuple[str, ...] = ("LAN RI (ASN Corpu)", "BPSDM Provinsi Bali", "Kemendagri", "Kemenkes")
    titles: tuple[str, ...] = (
        "E-learning Manajemen ASN",
        "Webinar Pelayanan Publik Berbasis Digital",
        "Pelatihan Jarak Jauh Penyusunan Laporan Kinerja",
        "Seminar Keselamatan Pasien",
        "E-learning Anti Korupsi",
    )


CERTIFICATES = CertificatePlan()
