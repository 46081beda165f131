"""The showcase year (the demo's latest fiscal year): what is planted so that its report is complete and
shows one programme for each verdict of the decision table (docs/panduan-laporan.md).

Built by tilik.demo.showcase after the survey demo and before the evaluation runs. Values are
data-generating parameters; the sample sizes are planned so that the 95 % CIs land where the verdicts
need them (see ``EXPECTED_VERDICTS``; a test builds the report on the demo and checks them). Nothing here
imports Django.

Reading of the verdicts (analysis.decision): the primary indicator's CI is compared with the plan's
minimum meaningful effect (MME); Level 1-3 decide a broken chain ("perbaiki pelaksanaan").

1. Manajemen Waktu: the planted -10 % task time (ground_truth_performance.MANAJEMEN_WAKTU) with thousands
   of employee-quarters lies far beyond its MME and the ROI assumption is positive -> expand. Level 2 and a
   360° follow-up with a comparison group show learning and transfer too.
2. Literasi Digital untuk Layanan Publik: participants learn (pre/post +22 points) and like the course, but
   their behaviour does not change (alumni and comparison staff both planted at 0) -> improve delivery.
   Interviews with their supervisors name why (no online queue app at the desk).
3. Budaya Kerja dan Etika ASN: the e-learning has NO effect on the SKP predikat (the base demo draws SKP
   without any programme effect). Over ~500 completers the CI is about +/-0,07, inside the plan's MME of
   0,25 predikat -> evidence of no meaningful effect -> redesign.
4. Kepemimpinan Pengawas: a small true effect (half the MME) on the quarterly "rating hasil kerja" of
   pejabat pengawas, measured only from 2026 for one angkatan of ~22: the CI (about +/-0,25) holds both 0
   and the MME -> not enough evidence yet; the report says how many more participants a power
   calculation needs.
5. Pelayanan Prima di Puskesmas 2026: its angkatan start in December, after the reference date -> not
   evaluable yet (no attendee); the 2025 cohorts' effect is never credited to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tilik.demo.ground_truth import BEHAVIOUR_CHANGES, FISCAL_YEARS, LEARNING_GAINS

SHOWCASE_YEAR = FISCAL_YEARS[-1]

EXPECTED_VERDICTS: dict[str, str] = {
    "manajemen-waktu": "expand",
    "literasi-digital": "improve_delivery",
    "budaya-kerja": "redesign",
    "kepemimpinan-pengawas": "collect_data",
    "pelayanan-prima": "not_evaluable",
}
"""Catalogue key (programme slug prefix) -> verdict code of analysis.decision for the showcase year."""

# --- Level 2: pre/post tests (scores from ground_truth.LEARNING_GAINS) ---

LEVEL2_PROGRAMS: tuple[str, ...] = ("manajemen-waktu", "literasi-digital")
LEVEL2_GAINS = {g.program: g for g in LEARNING_GAINS if g.program in LEVEL2_PROGRAMS}

# --- Level 3: 360° before/after, alumni and comparison staff (changes from ground_truth.BEHAVIOUR_CHANGES) ---

LEVEL3_PROGRAMS: tuple[str, ...] = ("manajemen-waktu", "literasi-digital")
LEVEL3_CHANGES = {b.program: b for b in BEHAVIOUR_CHANGES if b.program in LEVEL3_PROGRAMS}
LEVEL3_FOLLOW_UP_DAYS = 90
LEVEL3_BEFORE_DAYS = 14
COMPARISONS_PER_ALUMNUS = 2
"""Comparison ratees per alumnus: untrained staff of the alumnus' OPD, rated in the same waves."""
RATEE_SD = 0.45
"""A ratee's lasting level (the same person is rated before and after), normal with this SD."""
OCCASION_SD = 0.20
"""Each rater's occasion noise on a ratee's level."""
ITEM_SD = 0.30
SELF_BIAS = 0.3
"""Self-ratings are this much higher, before and after alike (so it cancels in a like-with-like change)."""
PEER_BIAS = 0.0


# --- Level 4: two more evaluation plans ---


@dataclass(frozen=True)
class NullPlan:
    """Budaya Kerja on the SKP predikat (existing base-demo data, no programme effect)."""

    program: str = "budaya-kerja"
    indicator: str = "skp-predikat"
    name: str = "Budaya Kerja dan Etika ASN — predikat SKP (studi peristiwa)"
    mme: float = 0.25
    """A quarter of one predikat step: smaller changes would not show in any SKP decision."""
    pre_start: dt.date = dt.date(2024, 1, 1)
    pre_end: dt.date = dt.date(2024, 3, 31)
    post_start: dt.date = dt.date(2024, 4, 1)
    post_end: dt.date = dt.date(2026, 9, 30)
    leads: int = 4
    lags: int = 4
    notes: str = (
        "Semua angkatan 2024–2026. Efek minimum bermakna 0,25 predikat (seperempat langkah predikat), "
        "ditetapkan sebelum analisis."
    )


@dataclass(frozen=True)
class SmallPlan:
    """Kepemimpinan Pengawas 2026 on the pengawas' quarterly "rating hasil kerja" (imported from 2026)."""

    program: str = "kepemimpinan-pengawas"
    indicator: str = "skp-rating-hasil"
    name: str = "Kepemimpinan Pengawas 2026 — rating hasil kerja pengawas (studi peristiwa)"
    mme: float = 0.1
    """5 % of the 1-3 range (Tilik's default for a bounded scale), set explicitly in the plan."""
    true_effect: float = 0.05
    """Half the MME: real but small, and one angkatan of ~22 cannot tell it from 0 or from the MME."""
    shares: tuple[float, float, float] = (0.10, 0.70, 0.20)
    """P(rating 1), P(2), P(3): Di Bawah / Sesuai / Di Atas Ekspektasi."""
    first_quarter: dt.date = dt.date(2026, 1, 1)
    last_quarter: dt.date = dt.date(2026, 10, 1)
    pre_start: dt.date = dt.date(2026, 1, 1)
    pre_end: dt.date = dt.date(2026, 6, 30)
    post_start: dt.date = dt.date(2026, 7, 1)
    post_end: dt.date = dt.date(2026, 9, 30)
    leads: int = 2
    lags: int = 0
    """Three quarters in the window (Q1-Q3 2026) and one angkatan trained in June: one post quarter."""
    notes: str = (
        "Rating hasil kerja triwulanan pejabat pengawas baru tersedia sejak 2026; hanya angkatan 2026 yang "
        "punya data sebelum dan sesudah. Efek minimum bermakna 0,1 rating (5 % rentang skala)."
    )

    def step_up_probability(self) -> float:
        """P(one step up | rating below 3) giving the planted mean shift ``true_effect``."""
        return self.true_effect / (self.shares[0] + self.shares[1])


NULL_PLAN = NullPlan()
SMALL_PLAN = SmallPlan()

# --- interviews with the supervisors of the showcase programmes' alumni ---

INTERVIEW_CODEBOOK = "Evaluasi program 2026: wawancara atasan alumni"
INTERVIEWS_PER_PROGRAM = 6
INTERVIEW_PROGRAMS: tuple[str, ...] = ("manajemen-waktu", "literasi-digital")
INTERVIEW_DATES: tuple[dt.date, dt.date] = (dt.date(2026, 9, 7), dt.date(2026, 11, 20))
STARRED_PER_INTERVIEW = 1
"""Coder A stars the first planted transfer sentence of each interview (applied or barrier)."""


def planted_showcase_summary() -> dict[str, object]:
    return {
        "year": SHOWCASE_YEAR,
        "expected_verdicts": dict(EXPECTED_VERDICTS),
        "level3": {
            p: {"before": c.before_mean, "after": c.after_mean, "comparison_change": c.comparison_change}
            for p, c in LEVEL3_CHANGES.items()
        },
        "null_plan_mme": NULL_PLAN.mme,
        "small_plan": {"mme": SMALL_PLAN.mme, "true_effect": SMALL_PLAN.true_effect},
    }
