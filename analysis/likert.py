"""Likert items and scales (Kirkpatrick level 1, reaction questionnaires).

Answers are whole numbers on a closed scale (e.g. 1-4 or 1-5); missing answers
are ``None`` or NaN and are left out of every count. Percentages are on a
0-100 scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._format import fmt_id as _id
from analysis.results import Result

__all__ = ["ItemSummary", "item_summary", "reverse_key", "scale_position", "scale_scores"]

Values = Sequence[float | None] | pd.Series


@dataclass(frozen=True)
class ItemSummary(Result):
    """Descriptive summary of one Likert item."""

    method: str
    n: int
    n_missing: int
    mean: float
    sd: float
    median: float
    distribution: dict[int, int]
    pct_favourable: float
    top_box: int
    scale_min: int
    scale_max: int


def _check_bounds(scale_min: float | None, scale_max: float | None) -> tuple[float, float]:
    if scale_min is None or scale_max is None:
        raise ValueError("Batas skala (scale_min dan scale_max) wajib diisi.")
    if not scale_min < scale_max:
        raise ValueError(f"scale_min ({scale_min}) harus lebih kecil dari scale_max ({scale_max}).")
    return float(scale_min), float(scale_max)


def _as_float_series(values: Values, name: str = "nilai") -> pd.Series:
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(list(values), dtype="object")
    try:
        return pd.to_numeric(series, errors="raise").astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Kolom '{name}' berisi nilai yang bukan angka.") from exc


def _check_range(series: pd.Series, lo: float, hi: float, name: str, *, integers: bool) -> None:
    answered = series.dropna()
    bad = answered[(answered < lo) | (answered > hi)]
    if integers:
        bad = pd.concat([bad, answered[answered != np.round(answered)]])
    if not bad.empty:
        idx = bad.index[0]
        raise ValueError(
            f"Kolom '{name}' baris {idx}: nilai {bad.iloc[0]!r} di luar skala {lo:g}-{hi:g}"
            + (" atau bukan bilangan bulat." if integers else ".")
        )


def item_summary(values: Values, *, scale_min: int, scale_max: int, top_box: int = 2) -> ItemSummary:
    """Mean, SD, full distribution and top-box share of one item.

    ``pct_favourable`` is the percentage of answers in the top ``top_box``
    categories (top-2-box by default: 4 and 5 on a 1-5 scale, 3 and 4 on 1-4).
    """
    lo, hi = _check_bounds(scale_min, scale_max)
    if not 1 <= top_box <= hi - lo:
        raise ValueError(f"top_box harus antara 1 dan {int(hi - lo)}.")
    series = _as_float_series(values)
    _check_range(series, lo, hi, "nilai", integers=True)
    answered = series.dropna()
    n = int(answered.size)
    if n == 0:
        raise ValueError("Tidak ada jawaban yang terisi.")
    distribution = {v: int((answered == v).sum()) for v in range(int(lo), int(hi) + 1)}
    cut = hi - top_box + 1
    pct = float((answered >= cut).mean() * 100.0)
    mean = float(answered.mean())
    sd = float(answered.std(ddof=1)) if n > 1 else float("nan")
    warnings: list[str] = []
    if n < 30:
        warnings.append(f"Jumlah jawaban kecil (n = {n}); tafsirkan rata-rata dan persentase dengan hati-hati.")
    return ItemSummary(
        method=f"Ringkasan butir Likert (top-{top_box}-box)",
        n=n,
        n_missing=int(series.size - n),
        mean=mean,
        sd=sd,
        median=float(answered.median()),
        distribution=distribution,
        pct_favourable=pct,
        top_box=top_box,
        scale_min=int(lo),
        scale_max=int(hi),
        interpretation_id=(
            f"Rata-rata {_id(mean, 2)} pada skala {int(lo)}-{int(hi)}; {_id(pct, 1)}% responden memilih "
            f"{top_box} kategori teratas (n = {n})."
        ),
        interpretation_en=(
            f"Mean {mean:.2f} on a {int(lo)}-{int(hi)} scale; {pct:.1f}% chose the top {top_box} categories (n = {n})."
        ),
        warnings=tuple(warnings),
    )


def reverse_key(values: Values, *, scale_min: float, scale_max: float) -> pd.Series:
    """Reverse a negatively worded item: x -> min + max - x (missing stays missing)."""
    lo, hi = _check_bounds(scale_min, scale_max)
    series = _as_float_series(values)
    _check_range(series, lo, hi, "nilai", integers=False)
    return (lo + hi) - series


def scale_scores(
    df: pd.DataFrame,
    items: Sequence[str],
    reverse: Sequence[str] = (),
    scale_min: float | None = None,
    scale_max: float | None = None,
    *,
    min_items: int = 1,
) -> pd.Series:
    """Per-respondent scale score: the mean of the items each person answered.

    Respondents with fewer than ``min_items`` answered items get NaN, so a
    single answered item does not stand in for a whole scale unless asked to.
    """
    if not items:
        raise ValueError("Daftar butir (items) tidak boleh kosong.")
    missing = [c for c in [*items, *reverse] if c not in df.columns]
    if missing:
        raise ValueError(f"Kolom tidak ditemukan: {', '.join(missing)}.")
    unknown = [c for c in reverse if c not in items]
    if unknown:
        raise ValueError(f"Butir yang dibalik harus termasuk dalam items: {', '.join(unknown)}.")
    if not 1 <= min_items <= len(items):
        raise ValueError(f"min_items harus antara 1 dan {len(items)}.")
    frame = pd.DataFrame({c: _as_float_series(df[c], c) for c in items}, index=df.index)
    if reverse:
        lo, hi = _check_bounds(scale_min, scale_max)
        for c in reverse:
            frame[c] = reverse_key(frame[c], scale_min=lo, scale_max=hi)
    if scale_min is not None and scale_max is not None:
        lo, hi = _check_bounds(scale_min, scale_max)
        for c in items:
            _check_range(frame[c], lo, hi, c, integers=False)
    counts = frame.notna().sum(axis=1)
    scores = frame.mean(axis=1, skipna=True)
    return scores.where(counts >= min_items).rename("skor_skala")


def scale_position(items: Sequence[tuple[Sequence[object] | pd.Series, int]]) -> float | None:
    """Mean position of every answer on its own scale, 0 (lowest point) to 1 (highest point), pooled over
    items of possibly different lengths (``(answers, points)`` with the scale running 1..points).

    Answers that are not whole numbers within 1..points are left out, as are items with fewer than two
    points. None when no answer remains.
    """
    positions: list[pd.Series] = []
    for values, points in items:
        if points < 2:
            continue
        series = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").dropna().astype(float)
        series = series[(series == np.floor(series)) & (series >= 1) & (series <= points)]
        positions.append((series - 1) / (points - 1))
    pooled = pd.concat(positions) if positions else pd.Series(dtype=float)
    return None if pooled.empty else float(pooled.mean())
