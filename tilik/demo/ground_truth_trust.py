"""Planted values of the public-image and trust demo (issue 21). No Django.

The 11 puskesmas run the combined public form (SKM + an optional integrity/trust page) in the six SKM
semesters of ground_truth_surveys.IKM_PERIODS. A puskesmas counts as trained in the semesters that start
on or after its Pelayanan Prima cohort's ``effect_from`` (as for IKM U3/U7). There:

- responsiveness (kp-responsif) and reliability (kp-andal) rise by TRUST_DRIVER_EFFECT points (0-10);
- overall trust (kp-percaya) rises by TRUST_OVERALL_EFFECT;
- integrity (kp-integritas), openness, fairness and IPAK (SPAK items) do not change: the analysis should
  say "no evidence" for them, never "no effect".
"""

from __future__ import annotations

TRUST_OPT_IN = 0.6
"""Share of SKM respondents who also answer the optional integrity/trust page."""

TRUST_BASELINE: dict[str, float] = {
    "KP_RESPONSIF": 6.0,
    "KP_ANDAL": 6.4,
    "KP_INTEGRITAS": 7.0,
    "KP_TERBUKA": 5.4,
    "KP_ADIL": 6.8,
    "KP_PERCAYA": 6.6,
}
TRUST_DRIVER_EFFECT = 0.8
TRUST_OVERALL_EFFECT = 0.3
TRUST_EFFECT: dict[str, float] = {
    "KP_RESPONSIF": TRUST_DRIVER_EFFECT,
    "KP_ANDAL": TRUST_DRIVER_EFFECT,
    "KP_PERCAYA": TRUST_OVERALL_EFFECT,
}
TRUST_UNIT_SD = 0.3
TRUST_RESPONDENT_SD = 1.2
TRUST_ITEM_SD = 1.0

SPAK_BASELINE = 3.3
"""Mean of every SPAK item (1-4); no planted change (integrity)."""
SPAK_RESPONDENT_SD = 0.3
SPAK_ITEM_SD = 0.45
SPAK_CODES = ("IPAK_DISKRIMINASI", "IPAK_KECURANGAN", "IPAK_IMBALAN", "IPAK_PUNGLI", "IPAK_PERCALOAN")

SPI_SCORES: dict[int, float] = {2023: 71.2, 2024: 73.5, 2025: 74.1}
"""Synthetic SPI (KPK) scores of the synthetic city, context only (not real values for Kota Denpasar)."""
ZI_STATUS: tuple[tuple[str, int, str], ...] = (
    ("pkm-denpasar-barat-1", 2024, "zi"),
    ("pkm-denpasar-barat-1", 2025, "wbk"),
    ("pkm-denpasar-selatan-3", 2025, "zi"),
    ("pkm-denpasar-utara-3", 2024, "zi"),
)
"""(unit code, year, status): synthetic Zona Integritas statuses, context only."""
COVERAGE_THRESHOLD = 0.10
"""A puskesmas counts as covered from the first semester in which at least 10 % of its staff had completed the
programme (the demo angkatan train 13-27 % of a puskesmas' staff, all in one go)."""
