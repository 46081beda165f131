"""Planted findings of the synthetic surveys and tests (tilik.demo.surveys).

Programme-level effects come from tilik.demo.ground_truth (REACTIONS, LEARNING_GAINS,
BEHAVIOUR_CHANGES, PELAYANAN_PRIMA); this section adds what only the survey
generator needs. Values are data-generating parameters: estimates from one
generated dataset differ by sampling error (and, on the bounded 1-4 scales, by a
few hundredths of clipping).

Analyses of the demo should recover:

1. IKM at the 11 puskesmas, six semesters 2024-S1 .. 2026-S2: U3 (Waktu Penyelesaian)
   and U7 (Perilaku Pelaksana) rise by about PELAYANAN_PRIMA.ikm_u3_u7_nrr_effect at each
   trained puskesmas in the semesters that start on or after its cohort's effect_from
   (2025-S2 for cohorts 1 and 2, 2026-S1 for cohort 3); the other unsur and the never-trained
   puskesmas do not change (a DiD on U3 recovers most of the effect).
2. Level 1: the construct WEAK_CONSTRUCT ("sarana") has weak items (low loading, much
   noise), so its Cronbach's alpha is low (below WEAK_ALPHA_BELOW) while the other three
   constructs have alpha above STRONG_ALPHA_ABOVE. Its mean also follows REACTIONS
   (lowest at Literasi Digital).
3. Level 2 (Pelayanan Prima): post-test minus pre-test follows LEARNING_GAINS.
4. Level 3 (Pelayanan Prima): supervisor ratings before and after follow BEHAVIOUR_CHANGES;
   self-ratings are SELF_RATING_BIAS higher than the supervisor's.
"""

from __future__ import annotations

from tilik.demo.ground_truth import BEHAVIOUR_CHANGES, LEARNING_GAINS, PELAYANAN_PRIMA, REACTIONS

IKM_PERIODS: tuple[tuple[str, str, str], ...] = (
    ("2024-S1", "2024-01-01", "2024-06-30"),
    ("2024-S2", "2024-07-01", "2024-12-31"),
    ("2025-S1", "2025-01-01", "2025-05-31"),
    ("2025-S2", "2025-06-01", "2025-12-31"),
    ("2026-S1", "2026-01-01", "2026-06-30"),
    ("2026-S2", "2026-07-01", "2026-11-27"),
)
"""(period, first day, last day). The 2025 semesters split at 1 June (the survey rounds' dates)."""
IKM_RESPONDENTS_PER_WAVE = 40
IKM_BASELINE_NRR: dict[str, float] = {
    "U1": 3.20,
    "U2": 3.10,
    "U3": 2.80,
    "U4": 3.55,
    "U5": 3.20,
    "U6": 3.30,
    "U7": 3.10,
    "U8": 2.90,
    "U9": 3.00,
}
IKM_EFFECT_UNSUR: tuple[str, ...] = ("U3", "U7")
IKM_EFFECT = PELAYANAN_PRIMA.ikm_u3_u7_nrr_effect
IKM_UNIT_SD = 0.08
"""Each puskesmas' fixed offset on every unsur (normal, this SD)."""
IKM_RESPONDENT_SD = 0.30
IKM_ITEM_SD = 0.40

LEVEL1_PROGRAMS = tuple(r.program for r in REACTIONS)
LEVEL1_RESPONSE_RATE = 0.85
WEAK_CONSTRUCT = "sarana"
STRONG_LOADING, STRONG_NOISE = 0.55, 0.30
WEAK_LOADING, WEAK_NOISE = 0.05, 0.65
WEAK_ALPHA_BELOW = 0.6
STRONG_ALPHA_ABOVE = 0.75

LEVEL2_PROGRAMS = ("pelayanan-prima",)
LEVEL3_PROGRAMS = ("pelayanan-prima",)
LEVEL3_FOLLOW_UP_DAYS = 90
SELF_RATING_BIAS = 0.3
PEER_RATING_BIAS = 0.0
RATING_SD = 0.5

__all__ = [
    "BEHAVIOUR_CHANGES",
    "IKM_BASELINE_NRR",
    "IKM_EFFECT",
    "IKM_EFFECT_UNSUR",
    "IKM_PERIODS",
    "LEARNING_GAINS",
    "PELAYANAN_PRIMA",
    "REACTIONS",
    "WEAK_CONSTRUCT",
]


def planted_survey_summary() -> dict[str, object]:
    return {
        "ikm_periods": [p[0] for p in IKM_PERIODS],
        "ikm_baseline_nrr": dict(IKM_BASELINE_NRR),
        "ikm_effect": {
            "unsur": list(IKM_EFFECT_UNSUR),
            "nrr": IKM_EFFECT,
            "from": {code: c.effect_from.isoformat() for c in PELAYANAN_PRIMA.cohorts for code in c.puskesmas},
        },
        "level1_weak_construct": WEAK_CONSTRUCT,
        "level1_alpha": {"weak_below": WEAK_ALPHA_BELOW, "strong_above": STRONG_ALPHA_ABOVE},
    }
