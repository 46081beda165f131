"""Randomised experiments on participation (e.g. reminder strategies among invitees).

* ``assign_arms``: a seeded, balanced random assignment of units to arms
  (complete randomisation: arm sizes differ by at most one). The same seed and
  the same ordered ids always give the same assignment, so an experiment can be
  re-derived and audited from its stored seed.
* ``proportion_uplift``: the difference in proportions (arm minus control), its
  95 % Newcombe hybrid-score interval (Newcombe 1998, method 10: built from the
  two Wilson intervals, good coverage for small arms) and a two-sided score test
  p-value (Miettinen-Nurminen score statistic), both from statsmodels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

from analysis._format import fmt_id as _id
from analysis.results import Estimate

__all__ = ["assign_arms", "proportion_uplift"]

MIN_ARM = 10


def assign_arms(ids: Sequence[str], arms: Sequence[str], *, seed: int) -> dict[str, str]:
    """Assign each id to one arm at random, balanced; deterministic for (ids order, arms, seed)."""
    if len(arms) < 2:
        raise ValueError("Eksperimen memerlukan paling sedikit dua kelompok (termasuk kontrol).")
    if len(set(arms)) != len(arms):
        raise ValueError("Nama kelompok eksperimen tidak boleh ganda.")
    if len(set(ids)) != len(ids):
        raise ValueError("Daftar peserta eksperimen berisi ID ganda.")
    if len(ids) < len(arms):
        raise ValueError(f"Terlalu sedikit peserta ({len(ids)}) untuk {len(arms)} kelompok.")
    if seed < 0:
        raise ValueError("Seed harus bilangan bulat tidak negatif.")
    rng = np.random.default_rng(seed)
    # Balanced labels (arm order rotated by a random offset so no arm always gets the remainder).
    offset = int(rng.integers(len(arms)))
    labels = [arms[(i + offset) % len(arms)] for i in range(len(ids))]
    order = rng.permutation(len(ids))
    return {str(ids[int(j)]): labels[i] for i, j in enumerate(order)}


def proportion_uplift(
    *, k_treat: int, n_treat: int, k_control: int, n_control: int, label: str = "", ci: float = 0.95
) -> Estimate:
    """Uplift = p_treat - p_control with a Newcombe score CI and a score-test p-value."""
    for name, k, n in (("perlakuan", k_treat, n_treat), ("kontrol", k_control, n_control)):
        if n <= 0:
            raise ValueError(f"Kelompok {name} kosong (n = {n}).")
        if not 0 <= k <= n:
            raise ValueError(f"Jumlah kejadian kelompok {name} ({k}) harus di antara 0 dan n ({n}).")
    if not 0 < ci < 1:
        raise ValueError("Tingkat kepercayaan (ci) harus di antara 0 dan 1.")
    p1, p0 = k_treat / n_treat, k_control / n_control
    diff = p1 - p0
    low, high = confint_proportions_2indep(
        k_treat, n_treat, k_control, n_control, method="newcomb", compare="diff", alpha=1 - ci
    )
    if k_treat in (0, n_treat) and k_control in (0, n_control) and k_treat / n_treat == k_control / n_control:
        p_value = 1.0  # both arms at the same boundary: no evidence of a difference
    else:
        test = test_proportions_2indep(
            k_treat, n_treat, k_control, n_control, method="score", compare="diff", alternative="two-sided"
        )
        p_value = float(test.pvalue)
        if math.isnan(p_value):
            p_value = 1.0
    se = math.sqrt(p1 * (1 - p1) / n_treat + p0 * (1 - p0) / n_control)
    warns = []
    if min(n_treat, n_control) < MIN_ARM:
        warns.append(f"Kelompok kecil (n < {MIN_ARM}); interval lebar dan uji berdaya rendah.")
    signif = p_value < 1 - ci
    name = f" ({label})" if label else ""
    verdict_id = "bermakna secara statistik" if signif else "tidak bermakna secara statistik"
    verdict_en = "statistically significant" if signif else "not statistically significant"
    pct = int(round(ci * 100))
    return Estimate(
        method="Selisih proporsi; IK skor Newcombe (hibrida Wilson); uji skor dua sisi",
        estimate=diff,
        se=se,
        ci_low=float(low),
        ci_high=float(high),
        p_value=p_value,
        n=n_treat + n_control,
        interpretation_id=(
            f"Kenaikan{name} {_id(diff * 100, 1)} poin persen ({_id(p1 * 100, 1)}% vs {_id(p0 * 100, 1)}%; "
            f"IK {pct}% {_id(float(low) * 100, 1)} s.d. {_id(float(high) * 100, 1)}), {verdict_id}."
        ),
        interpretation_en=(
            f"Uplift{name} {diff * 100:.1f} percentage points ({p1 * 100:.1f}% vs {p0 * 100:.1f}%; "
            f"{pct}% CI {float(low) * 100:.1f} to {float(high) * 100:.1f}), {verdict_en}."
        ),
        warnings=tuple(warns),
        params={"ci": ci, "label": label},
        extra={
            "k_treat": k_treat,
            "n_treat": n_treat,
            "k_control": k_control,
            "n_control": n_control,
            "rate_treat": p1,
            "rate_control": p0,
        },
    )
