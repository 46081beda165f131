"""Inter-rater agreement: Cohen's kappa and Krippendorff's alpha.

Used when two coders code interview segments (level 3) or two supervisors
rate the same employees. ``cohens_kappa`` wraps
``statsmodels.stats.inter_rater.cohens_kappa`` (asymptotic standard error of
Fleiss, Cohen & Everitt 1969, as printed by SAS PROC FREQ);
``krippendorff_alpha`` wraps the maintained ``krippendorff`` package and
accepts any number of coders and missing codes.

Labels follow Landis & Koch (1977), the bands Indonesian evaluators cite.

The rule for degenerate tables (the one home of it; pages, report sections and
exports read ``KappaResult.estimable`` and ``has_interval``):

* A rater who gave every unit the same category (a coder who never, or always,
  applied a code) makes kappa uninformative: with one rater constant the
  observed agreement equals the chance agreement, so kappa is 0 whatever the
  other rater did, and its asymptotic standard error is 0; with both raters
  constant kappa is 0/0. Such a result is *not assessable*: ``estimable`` is
  False, kappa, SE, interval and p are NaN, ``constant`` names the rater(s) and
  the one category each used, and the raw counts (``table``, ``count``) and
  the observed agreement are what remains to show. statsmodels is not called.
* Otherwise an interval is given only when the asymptotic SE is positive and
  finite. Perfect agreement has SE 0: kappa (1) and its label stand, the
  interval is NaN (``has_interval`` False) with a warning, because "1,00 s.d.
  1,00" would claim a certainty that n units do not give.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import krippendorff
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.inter_rater import cohens_kappa as sm_cohens_kappa

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = [
    "KappaResult",
    "KrippendorffResult",
    "cohens_kappa",
    "krippendorff_alpha",
    "landis_koch",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]

# (upper bound inclusive, label_id, label_en), Landis & Koch (1977).
_LANDIS_KOCH: tuple[tuple[float, str, str], ...] = (
    (0.0, "buruk (di bawah kebetulan)", "poor"),
    (0.20, "sangat lemah", "slight"),
    (0.40, "cukup", "fair"),
    (0.60, "sedang", "moderate"),
    (0.80, "kuat", "substantial"),
    (1.0, "hampir sempurna", "almost perfect"),
)


def landis_koch(value: float) -> tuple[str, str]:
    """Landis & Koch (1977) label (Indonesian, English) for a kappa-type coefficient."""
    if np.isnan(value):
        return "tidak terdefinisi", "undefined"
    if value < 0:
        return _LANDIS_KOCH[0][1], _LANDIS_KOCH[0][2]
    for upper, label_id, label_en in _LANDIS_KOCH[1:]:
        if value <= upper:
            return label_id, label_en
    return _LANDIS_KOCH[-1][1], _LANDIS_KOCH[-1][2]


@dataclass(frozen=True)
class KappaResult(Result):
    method: str
    kappa: float
    se: float
    ci_low: float
    ci_high: float
    ci: float
    p_value: float  # H0: kappa = 0, using the SE under H0
    n: int
    observed_agreement: float
    expected_agreement: float
    categories: tuple[str, ...]
    label_id: str
    label_en: str
    # Counts: rows are rater A's categories, columns rater B's, both in ``categories`` order.
    table: tuple[tuple[int, ...], ...] = ()
    # False when a rater used one category only (see the module docstring): no kappa, no interval.
    estimable: bool = True
    # (rater "A" or "B", the only category that rater used), for each constant rater.
    constant: tuple[tuple[str, str], ...] = ()

    @property
    def has_interval(self) -> bool:
        """True when the interval can be printed (estimable, with a positive, finite SE)."""
        return self.estimable and math.isfinite(self.ci_low) and math.isfinite(self.ci_high)

    def count(self, a: Any, b: Any) -> int:
        """Units that rater A put in category ``a`` and rater B in ``b`` (0 for a category nobody used)."""
        cats = self.categories
        if str(a) not in cats or str(b) not in cats:
            return 0
        return self.table[cats.index(str(a))][cats.index(str(b))]


@dataclass(frozen=True)
class KrippendorffResult(Result):
    method: str
    alpha: float
    level: str
    n: int  # units coded by at least two coders (pairable)
    n_coders: int
    label_id: str
    label_en: str


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def cohens_kappa(
    a: Sequence[Any] | pd.Series,
    b: Sequence[Any] | pd.Series,
    *,
    weights: Literal["linear", "quadratic"] | None = None,
    ci: float = 0.95,
) -> KappaResult:
    """Cohen's kappa for two raters coding the same units (pairs with a missing code are dropped).

    ``weights`` gives a weighted kappa for ordered categories (sorted labels).
    """
    if not 0 < ci < 1:
        raise ValueError("Tingkat kepercayaan (ci) harus di antara 0 dan 1.")
    xs, ys = list(a), list(b)
    if len(xs) != len(ys):
        raise ValueError(f"Jumlah kode penilai A ({len(xs)}) dan B ({len(ys)}) harus sama.")
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if not (_is_missing(x) or _is_missing(y))]
    dropped = len(xs) - len(pairs)
    n = len(pairs)
    if n < 2:
        raise ValueError(f"Terlalu sedikit unit yang dikode kedua penilai (n = {n}).")
    try:
        categories = sorted({v for pair in pairs for v in pair})
    except TypeError as exc:
        raise ValueError("Kode kedua penilai harus sejenis (semua angka atau semua teks).") from exc
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for x, y in pairs:
        table[index[x], index[y]] += 1
    if weights not in (None, "linear", "quadratic"):
        raise ValueError("weights harus None, 'linear' atau 'quadratic'.")
    kind = "Kappa Cohen" if weights is None else f"Kappa Cohen berbobot {weights}"
    method = f"{kind} (statsmodels; SE asimtotik Fleiss-Cohen-Everitt)"
    counts = tuple(tuple(int(v) for v in row) for row in table)
    po = float(np.trace(table) / n)
    pe = float((table.sum(axis=1) @ table.sum(axis=0)) / n**2)
    warns = []
    if dropped:
        warns.append(f"{dropped} unit tanpa kode dari kedua penilai dikeluarkan.")
    constant = tuple(
        (rater, str(categories[int(np.flatnonzero(margin)[0])]))
        for rater, margin in (("A", table.sum(axis=1)), ("B", table.sum(axis=0)))
        if np.count_nonzero(margin) == 1
    )
    if constant:
        return _not_assessable(
            method=method,
            n=n,
            po=po,
            pe=pe,
            ci=ci,
            categories=categories,
            counts=counts,
            constant=constant,
            warns=warns,
        )

    # Rounding can make a variance a hair below 0 (sqrt -> NaN); the SE check below handles it.
    with np.errstate(invalid="ignore", divide="ignore"):
        res = sm_cohens_kappa(table) if weights is None else sm_cohens_kappa(table, wt=weights)
    kappa = float(res.kappa)
    se = float(res.std_kappa)
    z = float(stats.norm.ppf(0.5 + ci / 2))
    pct = round(ci * 100)
    if se > 0 and math.isfinite(se):
        # Wald interval as SAS prints it, clipped to kappa's possible range [-1, 1].
        ci_low, ci_high = max(-1.0, kappa - z * se), min(1.0, kappa + z * se)
        ci_id = f"IK {pct}%: {_id(ci_low, 3)} s.d. {_id(ci_high, 3)}; "
        ci_en = f"{pct}% CI {ci_low:.3f} to {ci_high:.3f}; "
    else:
        ci_low = ci_high = float("nan")
        ci_id = ci_en = ""
        warns.append(
            "Galat baku asimtotik kappa nol (kesepakatan sempurna); interval kepercayaan tidak dapat diestimasi."
        )
    se0 = float(res.std_kappa0)
    p = float(2 * stats.norm.sf(abs(kappa / se0))) if se0 > 0 else float("nan")
    label_id, label_en = landis_koch(kappa)
    if n < 30 and ci_id:
        warns.append(f"Jumlah unit kecil (n = {n}); interval kepercayaan kappa lebar.")
    if pe > 0.9:
        warns.append("Satu kategori sangat dominan; kappa bisa rendah meski kesepakatan tinggi (paradoks kappa).")
    return KappaResult(
        method=method,
        kappa=kappa,
        se=se,
        ci_low=ci_low,
        ci_high=ci_high,
        ci=ci,
        p_value=p,
        n=n,
        observed_agreement=po,
        expected_agreement=pe,
        categories=tuple(str(c) for c in categories),
        label_id=label_id,
        label_en=label_en,
        table=counts,
        interpretation_id=(
            f"{kind} = {_id(kappa, 3)} ({ci_id}n = {n}): kesepakatan {label_id}. "
            f"Kesepakatan teramati {_id(po * 100, 1)}%, harapan kebetulan {_id(pe * 100, 1)}%."
        ),
        interpretation_en=(
            f"Cohen's kappa = {kappa:.3f} ({ci_en}n = {n}): {label_en} agreement. "
            f"Observed agreement {po * 100:.1f}%, chance {pe * 100:.1f}%."
        ),
        warnings=tuple(warns),
    )


def _not_assessable(
    *,
    method: str,
    n: int,
    po: float,
    pe: float,
    ci: float,
    categories: list[Any],
    counts: tuple[tuple[int, ...], ...],
    constant: tuple[tuple[str, str], ...],
    warns: list[str],
) -> KappaResult:
    """The result for a rater who used one category only: counts and observed agreement, no kappa."""
    agreeing = sum(counts[i][i] for i in range(len(counts)))
    if len(constant) == 2 and constant[0][1] == constant[1][1]:
        why_id = f"kedua penilai memberi kategori yang sama ('{constant[0][1]}') pada semua {n} unit"
        why_en = f"both raters gave every one of the {n} units the same category ('{constant[0][1]}')"
    else:
        why_id = "; ".join(f"penilai {r} memberi kategori '{c}' pada semua {n} unit" for r, c in constant)
        why_en = "; ".join(f"rater {r} gave category '{c}' to all {n} units" for r, c in constant)
    if len(constant) == 1:
        so_id = "kesepakatan teramati sama dengan harapan kebetulan sehingga kappa 0 apa pun kode penilai lain"
        so_en = "observed agreement equals chance agreement, so kappa is 0 whatever the other rater coded"
    else:
        so_id = "kappa 0/0 tidak terdefinisi"
        so_en = "kappa is 0/0, undefined"
    nan = float("nan")
    return KappaResult(
        method=method,
        kappa=nan,
        se=nan,
        ci_low=nan,
        ci_high=nan,
        ci=ci,
        p_value=nan,
        n=n,
        observed_agreement=po,
        expected_agreement=pe,
        categories=tuple(str(c) for c in categories),
        label_id="tidak dapat dinilai",
        label_en="not assessable",
        table=counts,
        estimable=False,
        constant=constant,
        interpretation_id=(
            f"Kappa tidak dapat dinilai: {why_id}; {so_id}, dan intervalnya tidak dapat diestimasi. "
            f"Kesepakatan mentah: {agreeing} dari {n} unit ({_id(po * 100, 1)}%)."
        ),
        interpretation_en=(
            f"Kappa cannot be assessed: {why_en}; {so_en}, and its interval cannot be estimated. "
            f"Raw agreement: {agreeing} of {n} units ({po * 100:.1f}%)."
        ),
        warnings=tuple(warns),
    )


def krippendorff_alpha(
    data: pd.DataFrame | Sequence[Sequence[Any]],
    *,
    level: Level = "nominal",
) -> KrippendorffResult:
    """Krippendorff's alpha; ``data`` has one row per coder and one column per unit (NaN = not coded).

    Nominal codes may be text; they are mapped to integers first.
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError("level harus 'nominal', 'ordinal', 'interval' atau 'ratio'.")
    frame = data.copy() if isinstance(data, pd.DataFrame) else pd.DataFrame([list(r) for r in data])
    if frame.shape[0] < 2:
        raise ValueError("Dibutuhkan sedikitnya 2 penilai (baris).")
    numeric = frame.apply(pd.to_numeric, errors="coerce")
    if (numeric.isna() & frame.notna()).any().any():
        if level != "nominal":
            raise ValueError(f"Kode teks hanya dapat dipakai untuk level 'nominal', bukan '{level}'.")
        labels = sorted({str(v) for v in frame.stack().dropna()})
        codes = {lab: i for i, lab in enumerate(labels)}
        numeric = frame.apply(lambda col: col.map(lambda v: np.nan if pd.isna(v) else codes[str(v)]))
    matrix = numeric.to_numpy(dtype=float)
    pairable = int((np.sum(~np.isnan(matrix), axis=0) >= 2).sum())
    if pairable < 2:
        raise ValueError("Terlalu sedikit unit yang dikode oleh sedikitnya dua penilai.")
    if np.unique(matrix[~np.isnan(matrix)]).size < 2:
        raise ValueError("Hanya ada satu nilai kode; alpha tidak terdefinisi.")
    alpha = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    label_id, label_en = landis_koch(alpha)
    warns = []
    if alpha < 0.667:
        warns.append("Alpha < 0,667: di bawah batas minimal Krippendorff untuk kesimpulan sementara.")
    elif alpha < 0.8:
        warns.append("Alpha 0,667-0,800: hanya cukup untuk kesimpulan sementara (Krippendorff 2004).")
    if pairable < 30:
        warns.append(f"Jumlah unit yang dapat dipasangkan kecil (n = {pairable}).")
    return KrippendorffResult(
        method=f"Alpha Krippendorff ({level}; paket krippendorff)",
        alpha=alpha,
        level=level,
        n=pairable,
        n_coders=int(frame.shape[0]),
        label_id=label_id,
        label_en=label_en,
        interpretation_id=(
            f"Alpha Krippendorff ({level}) = {_id(alpha, 3)} untuk {pairable} unit: kesepakatan {label_id}."
        ),
        interpretation_en=(
            f"Krippendorff's alpha ({level}) = {alpha:.3f} over {pairable} units: {label_en} agreement."
        ),
        warnings=tuple(warns),
    )
