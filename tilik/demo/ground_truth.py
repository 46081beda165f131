"""Every pattern planted in the synthetic Kota Denpasar, in one place.

The demo generator reads its parameters from here and nowhere else, and
docs/demo-data.md lists the same values, so an evaluator can check that Tilik's
analyses find what was planted. Values are the *data-generating* parameters:
an estimate from one generated dataset differs from them by sampling error
(e.g. an odds ratio of 0.45 may come out as 0.38 or 0.55 with 3,000 ASN).
Budget figures are exact: the generator writes them to the rupiah.

Sections marked ``USED_BY_LATER = True`` were written before the generators that
plant them (surveys, tests); those generators read them now (see
ground_truth_surveys.py). PELAYANAN_PRIMA decides who is invited to which angkatan
and what the performance and IKM generators plant.

Nothing here imports Django: these are plain frozen dataclasses and constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# --- the frame ---

REFERENCE_TODAY = dt.date(2026, 11, 28)
"""The demo's "today". Ages, the 3-year transfer window and "future" offerings are measured from it."""

FISCAL_YEARS: tuple[int, ...] = (2024, 2025, 2026)
"""Tahun anggaran with programmes, enrolments, JP and budget lines. 2026 is shown as of REFERENCE_TODAY."""

DEFAULT_SEED = 1
DEFAULT_EMPLOYEES = 3000

LAST_TMT = dt.date(2024, 1, 1)
"""Every ASN was appointed (TMT CPNS / TMT PPPK) on or before this date, so every active ASN counts in the
denominator of all three fiscal years."""


@dataclass(frozen=True)
class Workforce:
    """The mix of the synthetic workforce (targets; realised shares vary by a point or two)."""

    pns_share: float = 0.80
    """About 80 % PNS, 20 % PPPK. PPPK are never managerial."""
    female_share: float = 0.55
    """Overall; puskesmas and RSUD are ~75 % female, Satpol PP, Damkar and Dishub ~15 %."""
    age_min: int = 22
    age_max: int = 58
    age_band_weights: Mapping[tuple[int, int], float] = field(
        default_factory=lambda: MappingProxyType(
            {
                (22, 29): 0.12,
                (30, 39): 0.27,
                (40, 49): 0.31,
                (50, 58): 0.30,
            }
        )
    )
    """Share of ASN per age band (age on REFERENCE_TODAY), before education limits the youngest ages."""
    inactive_share: float = 0.02
    """Retired or moved out during 2026: inactive, membership closed, no enrolments and no JP."""
    transfer_share: float = 0.08
    """Share of ASN with one mutasi (unit transfer) in the 3 years before REFERENCE_TODAY; history kept."""
    transfer_window_years: int = 3


WORKFORCE = Workforce()


# --- participation (Level 0: who takes part) ---


@dataclass(frozen=True)
class Participation:
    """Whether an invited ASN takes part in a finished offering.

    Outcome "took part" = final status ``attended`` or ``completed``; "did not take part" = ``declined``,
    ``no_show`` or ``withdrawn``. Offerings that start after REFERENCE_TODAY are excluded (their
    enrolments are still ``invited``/``registered``/``declined``).

    Data-generating model, one draw per enrolment (a logistic model, so a logistic regression of
    took_part on the two indicators recovers the odds ratios):

        logit P(took part) = logit(baseline_probability)
                             + ln(low_opd_odds_ratio) · [OPD at the offering's start in low_opd_codes]
                             + ln(older_odds_ratio)   · [age at the offering's start ≥ older_age]

    The OPD is the depth-1 ancestor of the employee's unit on the offering's start date (a puskesmas
    counts as Dinas Kesehatan; a Bidang as its Dinas). Sex, PNS/PPPK, golongan, jabatan and programme
    have NO effect (odds ratio 1): an analysis that finds one has found noise.
    """

    baseline_probability: float = 0.82
    """P(took part) for ASN under ``older_age`` outside the low-participation OPD."""
    low_opd_codes: tuple[str, ...] = ("dishub", "satpolpp")
    """Unit codes of the OPD with lower participation: Dinas Perhubungan and Satpol PP."""
    low_opd_names: tuple[str, ...] = ("Dinas Perhubungan", "Satuan Polisi Pamong Praja")
    low_opd_odds_ratio: float = 0.45
    older_age: int = 50
    older_odds_ratio: float = 0.50
    completion_given_took_part: float = 0.90
    """Of those who took part, the share ``completed`` (credited JP); the rest end ``attended``."""
    completion_min_attendance_pct: float = 80.0
    """Completed enrolments have attendance ≥ 80 %; attended-only have 40–79.9 %."""
    non_participation_status_shares: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {
                "declined": 0.40,
                "no_show": 0.40,
                "withdrawn": 0.20,
            }
        )
    )
    """How non-participants split over the three final statuses (independent of the reason)."""

    def probability(self, *, low_opd: bool, older: bool) -> float:
        odds = self.baseline_probability / (1 - self.baseline_probability)
        if low_opd:
            odds *= self.low_opd_odds_ratio
        if older:
            odds *= self.older_odds_ratio
        return odds / (1 + odds)


PARTICIPATION = Participation()
"""Implied P(took part): reference 0.820; low OPD 0.672; 50+ 0.695; both 0.506."""


@dataclass(frozen=True)
class AbsenceReasons:
    """Reason codes (``AbsenceReason``) of declined / no_show / withdrawn enrolments, one draw each.

    Concentrated on workload ("beban_kerja", 38 %) and low perceived need or motivation
    ("tidak_perlu" 16 % + "tidak_termotivasi" 12 %): together 66 %. Same shares in every group.
    """

    shares: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {
                "beban_kerja": 0.38,
                "tidak_perlu": 0.16,
                "tidak_termotivasi": 0.12,
                "jadwal_bentrok": 0.09,
                "tidak_diizinkan": 0.08,
                "sakit": 0.08,
                "lokasi_jauh": 0.04,
                "tidak_tahu": 0.03,
                "lainnya": 0.02,
            }
        )
    )


ABSENCE_REASONS = AbsenceReasons()


@dataclass(frozen=True)
class FutureOfferings:
    """Enrolments of offerings that start after REFERENCE_TODAY: the invitation round is still open."""

    shares: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {
                "registered": 0.60,
                "invited": 0.30,
                "declined": 0.10,
            }
        )
    )


FUTURE_OFFERINGS = FutureOfferings()


# --- the 20 JP right ---


@dataclass(frozen=True)
class JPCompliance:
    """Share of active ASN whose JP ledger for the year totals at least ``threshold`` JP.

    Denominator: all active ASN (as ``tilik.programs.selectors.year_headline`` counts them).
    Numerator: active ASN with Σ JP in the year ≥ threshold, counting completed Tilik enrolments and
    external certificates (``JPSource.CERTIFICATE``: e-learning ASN Corpu/LAN, seminars). The generator
    tops up certificates until the share is exactly round(share × active ASN). Some ASN below the threshold
    also get a smaller certificate, so "has JP" ≠ "reached 20 JP". 2026 is the share reached by
    REFERENCE_TODAY.
    """

    threshold: int = 20
    share_by_year: Mapping[int, float] = field(
        default_factory=lambda: MappingProxyType(
            {
                2024: 0.38,
                2025: 0.46,
                2026: 0.52,
            }
        )
    )
    partial_certificate_share: float = 0.25
    """Of the ASN left below the threshold, the share that still gets one smaller certificate."""


JP_COMPLIANCE = JPCompliance()


# --- budget ---


@dataclass(frozen=True)
class Absorption:
    """Planted budget absorption (realisasi / pagu) of one programme in one fiscal year.

    ``program`` is the catalogue key (tilik.demo.catalogue); every budget line of that programme-year
    is written with exactly this absorption, so the programme total is exactly ``pct`` %.
    """

    program: str
    name: str
    fiscal_year: int
    pct: float


@dataclass(frozen=True)
class OverPagu:
    """One budget line whose realisasi is above its pagu (stored, and flagged by budget_line_warnings)."""

    program: str
    name: str
    fiscal_year: int
    category: str
    pct: float


@dataclass(frozen=True)
class Budget:
    """Budget lines per programme-year and category (pagu from the catalogue's unit costs).

    Unplanted lines absorb a uniform draw in [normal_min_pct, normal_max_pct] — never above pagu. 2026
    lines of offerings that have not started by REFERENCE_TODAY have realisasi 0.
    """

    normal_min_pct: float = 93.0
    normal_max_pct: float = 99.5
    low_absorption: tuple[Absorption, ...] = (
        Absorption("literasi-digital", "Literasi Digital untuk Layanan Publik", 2025, 68.0),
        Absorption("analisis-data", "Analisis Data untuk Kebijakan", 2024, 61.5),
        Absorption("keuangan-daerah", "Pengelolaan Keuangan Daerah", 2026, 74.0),
    )
    over_pagu: OverPagu = OverPagu(
        "berakhlak",
        "Pelayanan Publik Berbasis BerAKHLAK",
        2025,
        "konsumsi",
        114.0,
    )


BUDGET = Budget()


# --- Pelayanan Prima di Puskesmas: staggered cohorts and the planted effect on registration time ---


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class PrimaCohort:
    """One angkatan of Pelayanan Prima: the puskesmas whose staff it invites, and when it runs."""

    batch: int
    trained_in: dt.date
    """First day of the month in which the angkatan runs (it starts on a Monday and ends by the 28th)."""
    puskesmas: tuple[str, ...]

    @property
    def effect_from(self) -> dt.date:
        """First day of the month after training: registration time changes from here on."""
        return _next_month(self.trained_in)


@dataclass(frozen=True)
class PelayananPrima:
    """The "Pelayanan Prima di Puskesmas" natural experiment: staggered cohorts and never-trained puskesmas.

    Fiscal year 2025 runs one angkatan per cohort, each inviting only the staff of its own puskesmas, in
    the last month of three successive quarters, so "from the month after training" is also "from the
    quarter after training" (the shipped event study is quarterly). The ``comparison_puskesmas`` are never
    trained within the data window: they are first invited to the angkatan of December 2026 (after
    REFERENCE_TODAY).

    Registration (pendaftaran) time in minutes of puskesmas p in month t (t = 0 for January 2024):

        baseline_p + trend · t + effect · 1[t ≥ month after p's training] + N(0, noise_sd)

    A puskesmas counts as trained from the month after the angkatan of its staff ended (the generator
    reads the completed enrolments, as the evaluation does). The shared downward trend makes a naive
    before/after comparison at the trained puskesmas overstate the effect by about
    ``trend × 17 months`` (the mean gap between a cohort's months before and after training).
    The cohorts are declared once here: the generator invites from them, the performance, IKM and
    interview generators and the tests read them.
    """

    program: str = "pelayanan-prima"
    cohorts: tuple[PrimaCohort, ...] = (
        PrimaCohort(1, dt.date(2025, 3, 1), ("pkm-denpasar-barat-1", "pkm-denpasar-selatan-2")),
        PrimaCohort(2, dt.date(2025, 6, 1), ("pkm-denpasar-selatan-3", "pkm-denpasar-timur-1")),
        PrimaCohort(3, dt.date(2025, 9, 1), ("pkm-denpasar-utara-1", "pkm-denpasar-utara-2")),
    )
    comparison_puskesmas: tuple[str, ...] = (
        "pkm-denpasar-barat-2",
        "pkm-denpasar-selatan-1",
        "pkm-denpasar-selatan-4",
        "pkm-denpasar-timur-2",
        "pkm-denpasar-utara-3",
    )
    """Never trained within the data window. Five, because Callaway–Sant'Anna (csdid, like R's did)
    refuses a never-treated group of fewer than five units."""
    registration_minutes_baseline: tuple[float, float] = (16.0, 24.0)
    """Each puskesmas' pre-training mean registration time, uniform in this range."""
    registration_minutes_trend_per_month: float = -0.08
    """Common secular trend in all 11 puskesmas (an event study / DiD must difference it out)."""
    registration_minutes_effect: float = -5.0
    """Minutes saved per visit at a trained puskesmas from the month after its training (constant across
    cohorts and months, so the average effect on the treated is exactly this)."""
    registration_minutes_noise_sd: float = 1.5
    ikm_u3_u7_nrr_effect: float = 0.25
    """Added to the NRR of U3 (Waktu Penyelesaian) and U7 (Perilaku Pelaksana) of a trained puskesmas in
    the SKM semesters that start on or after its cohort's ``effect_from``; other unsur unchanged."""

    @property
    def treated_puskesmas(self) -> tuple[str, ...]:
        """Every puskesmas trained within the data window (all cohorts, in cohort order)."""
        return tuple(code for cohort in self.cohorts for code in cohort.puskesmas)

    def cohort_of(self, unit_code: str) -> PrimaCohort | None:
        return next((c for c in self.cohorts if unit_code in c.puskesmas), None)

    def effect_from_of(self, unit_code: str) -> dt.date | None:
        """The planned first treated month of a puskesmas (None: comparison)."""
        cohort = self.cohort_of(unit_code)
        return cohort.effect_from if cohort is not None else None


PELAYANAN_PRIMA = PelayananPrima()


# --- placeholders for later generators (Levels 1, 2, 3) ---


@dataclass(frozen=True)
class LearningGain:
    """USED_BY_LATER (tests generator): pre-test / post-test scores (0–100) of one programme's completers."""

    program: str
    name: str
    pre_mean: float
    post_mean: float
    sd: float
    pre_post_correlation: float
    USED_BY_LATER: bool = True


LEARNING_GAINS: tuple[LearningGain, ...] = (
    LearningGain("manajemen-waktu", "Manajemen Waktu", 58.0, 71.0, 12.0, 0.6),
    LearningGain("literasi-digital", "Literasi Digital untuk Layanan Publik", 52.0, 74.0, 14.0, 0.5),
    LearningGain("pelayanan-prima", "Pelayanan Prima di Puskesmas", 61.0, 78.0, 11.0, 0.6),
    LearningGain("penyusunan-skp", "Penyusunan SKP", 64.0, 66.0, 10.0, 0.7),
)
"""Penyusunan SKP is the planted null: a 2-point gain that a paired test should not call meaningful."""


@dataclass(frozen=True)
class Reaction:
    """USED_BY_LATER (surveys generator): Level 1 reaction, mean per aspect on the 1–4 scale."""

    program: str
    name: str
    penyelenggaraan: float
    materi: float
    pengajar: float
    sarana: float
    USED_BY_LATER: bool = True


REACTIONS: tuple[Reaction, ...] = (
    Reaction("manajemen-waktu", "Manajemen Waktu", 3.3, 3.4, 3.5, 3.2),
    Reaction("literasi-digital", "Literasi Digital untuk Layanan Publik", 3.2, 3.5, 3.4, 2.6),
    Reaction("pelayanan-prima", "Pelayanan Prima di Puskesmas", 3.4, 3.5, 3.6, 3.3),
)
"""Literasi Digital's low "sarana" (2.6: unreliable internet in the classroom) is the planted weak aspect."""


@dataclass(frozen=True)
class BehaviourChange:
    """USED_BY_LATER (360° follow-up generator): supervisor rating (1–5) before and 3 months after."""

    program: str
    name: str
    before_mean: float
    after_mean: float
    comparison_change: float
    """Change among comparable untrained staff over the same months (the counterfactual trend)."""
    USED_BY_LATER: bool = True


BEHAVIOUR_CHANGES: tuple[BehaviourChange, ...] = (
    BehaviourChange("manajemen-waktu", "Manajemen Waktu", 3.2, 3.7, 0.1),
    BehaviourChange("literasi-digital", "Literasi Digital untuk Layanan Publik", 3.1, 3.1, 0.0),
    BehaviourChange("pelayanan-prima", "Pelayanan Prima di Puskesmas", 3.2, 3.8, 0.1),
)
"""Pelayanan Prima (2025, tilik.demo.surveys) and the showcase year's Manajemen Waktu and Literasi Digital
(tilik.demo.showcase, with comparison staff rated in the same waves). Literasi Digital is the planted
transfer problem: neither its alumni nor the comparison staff change, although the alumni learned."""


def planted_summary() -> dict[str, object]:
    """The planted values as plain data, for reports and tools that compare them with what analyses find."""
    return {
        "reference_today": REFERENCE_TODAY.isoformat(),
        "fiscal_years": list(FISCAL_YEARS),
        "participation": {
            "baseline_probability": PARTICIPATION.baseline_probability,
            "low_opd": list(PARTICIPATION.low_opd_codes),
            "low_opd_odds_ratio": PARTICIPATION.low_opd_odds_ratio,
            "older_age": PARTICIPATION.older_age,
            "older_odds_ratio": PARTICIPATION.older_odds_ratio,
        },
        "absence_reason_shares": dict(ABSENCE_REASONS.shares),
        "jp_compliance": dict(JP_COMPLIANCE.share_by_year),
        "low_absorption": [(a.name, a.fiscal_year, a.pct) for a in BUDGET.low_absorption],
        "over_pagu": (
            BUDGET.over_pagu.name,
            BUDGET.over_pagu.fiscal_year,
            BUDGET.over_pagu.category,
            BUDGET.over_pagu.pct,
        ),
        "pelayanan_prima_cohorts": [
            (c.batch, c.trained_in.isoformat(), c.effect_from.isoformat(), list(c.puskesmas))
            for c in PELAYANAN_PRIMA.cohorts
        ],
        "pelayanan_prima_comparison": list(PELAYANAN_PRIMA.comparison_puskesmas),
        "pelayanan_prima_registration_minutes_effect": PELAYANAN_PRIMA.registration_minutes_effect,
    }
