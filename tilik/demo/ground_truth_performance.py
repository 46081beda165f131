"""Planted Level 4 patterns in the demo's performance and service data (tilik.demo.performance).

The Pelayanan Prima effect on registration time (baseline range, shared trend, effect, noise, start month
and the treated puskesmas) is read from tilik.demo.ground_truth.PELAYANAN_PRIMA; this file adds what
that one does not declare. Plain constants: no Django.
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


MANAJEMEN_WAKTU = ManajemenWaktu()


@dataclass(frozen=True)
class Skp:
    """Quarterly SKP predikat (1–5) and ratings (1–3): no programme effect (planted null)."""

    predikat_shares: tuple[float, float, float, float, float] = (0.01, 0.03, 0.06, 0.70, 0.20)
    """P(1 Sangat Kurang), P(2 Kurang), P(3 Butuh Perbaikan), P(4 Baik), P(5 Sangat Baik)."""


SKP = Skp()
