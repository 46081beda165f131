"""Planted Level 4 patterns in the demo's performance and service data (tilik.demo.performance), the
evaluation plans that should find them, and the ROI assumption built on a measured effect.

The Pelayanan Prima effect on registration time (cohorts and their months, baseline range, shared trend,
effect, noise) is read from tilik.demo.ground_truth.PELAYANAN_PRIMA; this file adds what that one does
not declare. Plain constants: no Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST_MONTH = dt.date(2024, 1, 1)
LAST_MONTH = dt.date(2026, 10, 1)
"""Monthly data from January 2024 to October 2026 (November 2026 is not complete on REFERENCE_TODAY)."""


@dataclass(frozen=True)
class PuskesmasService:
    waiting_minutes_baseline: tuple[float, float] = (35.0, 60.0)
    waiting_minutes_trend_per_month: float = -0.10
    waiting_minutes_effect: float = 0.0
    """Planted NULL: Pelayanan Prima trains the registration desk, not the consulting rooms."""
    waiting_minutes_noise_sd: float = 3.0
    complaints_mean: float = 3.0
    """Monthly complaints ~ Poisson(3) everywhere, no effect (planted null)."""
    ikm_nrr_baseline: tuple[float, float] = (2.95, 3.25)
    ikm_noise_sd: float = 0.6
    """SD of the imported IKM value (25–100 scale) around 25 × baseline NRR, per semester."""
    imported_ikm_semesters: tuple[dt.date, ...] = (dt.date(2023, 1, 1), dt.date(2023, 7, 1))
    """IKM imported as measurements only for the semesters before Tilik's own SKM surveys (which cover
    2024-S1 .. 2026-S2 at every puskesmas, tilik.demo.surveys): one IKM source per unit and period."""


PUSKESMAS_SERVICE = PuskesmasService()


@dataclass(frozen=True)
class ManajemenWaktu:
    """Manajemen Waktu cuts task completion time by 10 % for trained ASN from the quarter after training.

    Trained = completed any offering of the programme (2024, 2025, 2026 editions: staggered cohorts).
    Task completion time (hours) of employee i in month t:
        baseline_i × (1 + trend)^t × (1 − effect · 1[t ≥ first month of the quarter after training]) × noise
    with baseline_i lognormal (median ``baseline_hours``, log-SD ``baseline_log_sd``), noise lognormal
    with log-SD ``noise_log_sd``. ``build_performance_demo`` returns the realised average effect in hours
    (mean of y(1) − y(0) over trained employee-months), which an evaluation should recover.
    """

    program: str = "manajemen-waktu"
    baseline_hours: float = 8.0
    baseline_log_sd: float = 0.25
    trend_per_month: float = -0.003
    effect_share: float = 0.10
    noise_log_sd: float = 0.08
    on_time_baseline_pct: tuple[float, float] = (60.0, 90.0)
    on_time_effect_points: float = 4.0
    """% tasks on time rises by 4 points from the same quarter."""
    on_time_noise_sd: float = 5.0
    min_meaningful_effect_hours: float = 0.25
    """The plan's MME: a quarter of an hour per task (about 3 % of the ~8-hour baseline). The planted 10 %
    (about 0,8 hours) lies far beyond it; Tilik's default (10 % of the baseline) would sit on the effect itself."""


MANAJEMEN_WAKTU = ManajemenWaktu()


@dataclass(frozen=True)
class Skp:
    """Quarterly SKP predikat (1–5) and ratings (1–3): no programme effect (planted null)."""

    predikat_shares: tuple[float, float, float, float, float] = (0.01, 0.03, 0.06, 0.70, 0.20)
    """P(1 Sangat Kurang), P(2 Kurang), P(3 Butuh Perbaikan), P(4 Baik), P(5 Sangat Baik)."""


SKP = Skp()


@dataclass(frozen=True)
class PrimaEventStudy:
    """The shipped plan for Pelayanan Prima: an event study over the staggered cohorts (monthly).

    The headline is the Callaway–Sant'Anna ATT against the never-trained puskesmas; the TWFE event study
    beside it gives the dynamic effects and the pre-trend test. Both should find
    PELAYANAN_PRIMA.registration_minutes_effect on registration time, no pre-trend, and no effect on
    waiting time; the naive before/after at the trained puskesmas overstates the drop (shared trend).
    """

    name: str = "Pelayanan Prima di Puskesmas — layanan pendaftaran (studi peristiwa, angkatan bertahap)"
    frequency: str = "quarterly"
    """Quarterly means of the monthly values: Callaway–Sant'Anna compares each cohort with its last
    untreated period, and one quarter is a far less noisy base than one month."""
    leads: int = 3
    """Two lead coefficients in the pre-trend test (-3 and earlier, -2; -1 is the reference). In a
    simulation of this design (40–60 seeds) the test rejected at about its nominal 5 % with leads=3, but
    15 % with leads=4 and more on monthly data: few clusters (11 puskesmas) make the test liberal."""
    lags: int = 4
    min_meaningful_effect: float = 2.0
    """Minutes of registration time per visit worth the training (10 % of a ~20-minute baseline)."""
    notes: str = (
        "Tiga angkatan puskesmas dilatih pada triwulan berbeda tahun 2025; lima puskesmas yang belum pernah "
        "dilatih menjadi pembanding. Periode relatif dihitung dari triwulan setelah pelatihan tiap puskesmas."
    )


PRIMA_EVENT_STUDY = PrimaEventStudy()


@dataclass(frozen=True)
class ManajemenWaktuRoi:
    """The ROI benefit assumption the demo stores for every Manajemen Waktu programme-year.

    hours saved per completer per year = |measured effect (hours per task)| × ``tasks_per_year``, where
    the measured effect is the stored run of the "studi peristiwa" plan (the demo runs the evaluations
    through the evaluation service, as an evaluator pressing "Jalankan" would). The hourly cost comes from
    the pay table (tilik.programs.pay_reference) for the most common PNS golongan among the
    programme-year's completers. ``isolation`` is 1: the estimate already removes the comparison group's
    change. ``confidence`` is the evaluator's discount for the other assumptions (tasks per year).
    """

    plan_fragment: str = "waktu penyelesaian tugas (studi peristiwa)"
    tasks_per_year: int = 120
    """About 10 tasks a month recorded in e-Kinerja per ASN (an assumption, not a planted value)."""
    isolation: str = "1.000"
    confidence: str = "0.800"
    outcome_label: str = "Waktu penyelesaian tugas (jam per tugas)"


MANAJEMEN_WAKTU_ROI = ManajemenWaktuRoi()
