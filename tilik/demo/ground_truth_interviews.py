"""Planted findings of the synthetic interviews (tilik.demo.interviews).

The interviews follow the base demo: the Pelayanan Prima puskesmas come from
tilik.demo.ground_truth. Analyses of the coded interviews should recover:

1. Budget complaints ("Kendala anggaran") are concentrated in BUDGET_COMPLAINT_UNITS:
   every leader there raises them; elsewhere only about BUDGET_ELSEWHERE_P of leaders do.
2. Leaders of the trained (treated) puskesmas describe faster registration
   ("Pendaftaran dan antrean" together with "Kerja lebih cepat"); leaders of the
   comparison puskesmas describe queues that are still long and never "faster".
3. Two coders: coder A follows the planted labels closely, coder B misses some and
   confuses some sibling codes, so kappa per code is high but below 1.
"""

from __future__ import annotations

import datetime as dt

from tilik.demo.ground_truth import PELAYANAN_PRIMA

TREATED_PUSKESMAS: tuple[str, ...] = PELAYANAN_PRIMA.treated_puskesmas
PUSKESMAS: tuple[str, ...] = (
    "pkm-denpasar-barat-1",
    "pkm-denpasar-barat-2",
    "pkm-denpasar-selatan-1",
    "pkm-denpasar-selatan-2",
    "pkm-denpasar-selatan-3",
    "pkm-denpasar-selatan-4",
    "pkm-denpasar-timur-1",
    "pkm-denpasar-timur-2",
    "pkm-denpasar-utara-1",
    "pkm-denpasar-utara-2",
    "pkm-denpasar-utara-3",
)
OPD: tuple[str, ...] = (
    "dinkes",
    "disdukcapil",
    "dpmptsp",
    "dinsos",
    "disnaker",
    "bpkad",
    "dispar",
    "disbud",
    "inspektorat",
    "kec-denpasar-utara",
    "kec-denpasar-barat",
)
BUDGET_COMPLAINT_UNITS: tuple[str, ...] = (
    "dinsos",
    "disnaker",
    "kec-denpasar-utara",
    "pkm-denpasar-utara-1",
    "pkm-denpasar-selatan-4",
)
BUDGET_ELSEWHERE_P = 0.1

CODEBOOK_NAME = "Evaluasi Pelayanan Prima 2025: wawancara pimpinan"
SECOND_CODER = "pengode2"
"""A second evaluator login created by the interview demo (same documented demo password)."""
FIRST_CODER = "evaluator"
INTERVIEW_DATES: tuple[dt.date, dt.date] = (dt.date(2025, 9, 1), dt.date(2025, 11, 28))

CODER_A_RECALL = 0.95
CODER_B_RECALL = 0.82
CODER_B_CONFUSION = 0.06
"""Share of coder B's codings that use a sibling code instead of the planted one."""
CODER_B_EXTRA = 0.03
"""Share of neutral sentences that coder B codes anyway (with "Saran")."""

SUGGESTIONS_DECIDED = 40
"""Coder A decides this many keyword suggestions (accepting those matching the planted labels)."""
