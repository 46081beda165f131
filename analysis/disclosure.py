"""Statistical disclosure control for count tables shown to unit heads.

Primary suppression hides every count with 0 < count < k. Zeros are shown:
the usual convention (ONS, Eurostat, BPS practice) is that an empty cell
identifies nobody, and hiding zeros would also hide structural facts such as
"no unit has a IV/e officer". Callers that fear group disclosure (a whole row
sharing one attribute) can pre-mask zeros themselves.

Complementary suppression then makes sure that no hidden cell can be
recovered by subtraction from a published row or column total: every row and
column containing a hidden cell must contain at least two. For each line
with exactly one hidden cell we hide the smallest other non-zero cell
(zeros only as a last resort, since a hidden zero protects little), breaking
ties towards cells whose crossing line already has a hidden cell, so fewer
new lines are opened. Hiding a cell can unbalance the crossing line, so we
iterate until nothing changes; it terminates because each pass hides at
least one more cell of a finite table.

This stops recovery by simple subtraction, the attack a reader of a
dashboard can do; it is not a linear-programming audit of interval
disclosure, which small government tables rarely need. Margins are the true
totals and are shown except where a table has a single row or column (then a
margin equals a hidden cell and is hidden with it); a margin below k is
flagged in the warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from analysis import __version__
from analysis.results import to_jsonable

__all__ = [
    "CountSuppressionResult",
    "SuppressionResult",
    "mean_decimals",
    "pct_decimals",
    "rare_categories",
    "small_split",
    "suppress",
    "suppress_counts",
]


def _frame_json(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(r): {str(c): to_jsonable(frame.loc[r, c]) for c in frame.columns} for r in frame.index}


def _series_json(series: pd.Series) -> dict[str, Any]:
    return {str(i): to_jsonable(v) for i, v in series.items()}


@dataclass(frozen=True)
class SuppressionResult:
    method: str
    n: int  # grand total of the original table
    k: int
    table: pd.DataFrame  # float; suppressed cells are NaN
    mask: pd.DataFrame  # True where suppressed
    row_totals: pd.Series  # NaN where hidden
    col_totals: pd.Series
    grand_total: float
    n_primary: int
    n_secondary: int
    interpretation_id: str = ""
    interpretation_en: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_suppressed(self) -> int:
        return self.n_primary + self.n_secondary

    def to_dict(self) -> dict[str, Any]:
        # to_jsonable does not know pandas objects: turn them into nested dicts first.
        frames = {"table", "mask", "row_totals", "col_totals"}
        out: dict[str, Any] = {
            f.name: to_jsonable(getattr(self, f.name)) for f in fields(self) if f.name not in frames
        }
        out["table"] = _frame_json(self.table)
        out["mask"] = _frame_json(self.mask)
        out["row_totals"] = _series_json(self.row_totals)
        out["col_totals"] = _series_json(self.col_totals)
        out["n_suppressed"] = self.n_suppressed
        out["analysis_version"] = __version__
        return out


@dataclass(frozen=True)
class CountSuppressionResult:
    method: str
    n: int
    k: int
    values: dict[str, int | None]  # None where suppressed
    total: int | None
    suppressed: tuple[str, ...]
    n_primary: int
    n_secondary: int
    interpretation_id: str = ""
    interpretation_en: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"Ambang k harus bilangan bulat positif, bukan {k!r}.")


def _counts(values: np.ndarray, where: str) -> np.ndarray:
    if not np.issubdtype(values.dtype, np.number):
        raise ValueError(f"{where}: semua sel harus berupa angka cacah.")
    arr = values.astype(float)
    if not np.isfinite(arr).all():
        raise ValueError(f"{where}: ada sel kosong atau tak hingga.")
    if (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError(f"{where}: sel harus bilangan bulat tidak negatif.")
    return arr.astype(np.int64)


def _pick(values: np.ndarray, candidates: list[int], crossing_hidden: list[bool]) -> int:
    """Index of the complement: smallest non-zero cell, then prefer crossing lines already hidden."""
    return min(candidates, key=lambda j: (values[j] == 0, values[j], not crossing_hidden[j], j))


def _complement(values: np.ndarray, mask: np.ndarray) -> None:
    n_rows, n_cols = values.shape
    changed = True
    while changed:
        changed = False
        if n_cols >= 2:
            for i in range(n_rows):
                if mask[i].sum() == 1:
                    cand = [j for j in range(n_cols) if not mask[i, j]]
                    j = _pick(values[i], cand, [bool(mask[:, c].any()) for c in range(n_cols)])
                    mask[i, j] = changed = True
        if n_rows >= 2:
            for j in range(n_cols):
                if mask[:, j].sum() == 1:
                    cand = [i for i in range(n_rows) if not mask[i, j]]
                    i = _pick(values[:, j], cand, [bool(mask[r].any()) for r in range(n_rows)])
                    mask[i, j] = changed = True


def suppress(table: pd.DataFrame, *, k: int = 5) -> SuppressionResult:
    """Mask small counts in a two-way table so that none can be recovered from its margins."""
    _check_k(k)
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise ValueError("Tabel kosong.")
    try:
        raw = table.apply(pd.to_numeric, errors="raise").to_numpy()
    except (TypeError, ValueError) as exc:
        raise ValueError("Tabel: semua sel harus berupa angka cacah.") from exc
    values = _counts(raw, "Tabel")
    primary = (values > 0) & (values < k)
    mask = primary.copy()
    _complement(values, mask)
    n_rows, n_cols = values.shape

    masked = pd.DataFrame(
        np.where(mask, np.nan, values.astype(float)), index=table.index, columns=table.columns
    )
    mask_df = pd.DataFrame(mask, index=table.index, columns=table.columns)
    row_tot = values.sum(axis=1).astype(float)
    col_tot = values.sum(axis=0).astype(float)
    grand = float(values.sum())
    # In a single-column (single-row) table each row (column) total is the cell itself.
    if n_cols == 1:
        row_tot[mask[:, 0]] = np.nan
    if n_rows == 1:
        col_tot[mask[0]] = np.nan
    if n_rows == 1 and n_cols == 1 and mask[0, 0]:
        grand = float("nan")

    warns = []
    small_rows = [str(table.index[i]) for i in range(n_rows) if 0 < values[i].sum() < k]
    small_cols = [str(table.columns[j]) for j in range(n_cols) if 0 < values[:, j].sum() < k]
    if small_rows or small_cols:
        warns.append(
            f"Total baris/kolom di bawah {k} tetap ditampilkan: {', '.join(small_rows + small_cols)}; "
            "pertimbangkan menggabungkan kategori."
        )
    if n_rows == 1 or n_cols == 1:
        warns.append("Tabel satu dimensi: total yang sama dengan sel tersembunyi ikut disembunyikan.")
    n_primary = int(primary.sum())
    n_secondary = int(mask.sum()) - n_primary
    return SuppressionResult(
        method=f"Supresi primer (0 < n < {k}) + supresi komplementer baris/kolom",
        n=int(values.sum()),
        k=int(k),
        table=masked,
        mask=mask_df,
        row_totals=pd.Series(row_tot, index=table.index),
        col_totals=pd.Series(col_tot, index=table.columns),
        grand_total=grand,
        n_primary=n_primary,
        n_secondary=n_secondary,
        interpretation_id=(
            f"{n_primary} sel berisi kurang dari {k} orang disembunyikan, ditambah {n_secondary} sel "
            "pelengkap agar tidak dapat dihitung dari total."
        ),
        interpretation_en=(
            f"{n_primary} cells with fewer than {k} people were hidden, plus {n_secondary} complementary "
            "cells so they cannot be derived from the totals."
        ),
        warnings=tuple(warns),
    )


def suppress_counts(
    mapping: Mapping[str, int], *, k: int = 5, total_shown: bool = True
) -> CountSuppressionResult:
    """Suppress a one-way list of counts (and protect it against its total when shown)."""
    _check_k(k)
    if not mapping:
        raise ValueError("Daftar hitungan kosong.")
    keys = [str(key) for key in mapping]
    values = _counts(np.array(list(mapping.values())), "Daftar hitungan")
    primary = (values > 0) & (values < k)
    mask = primary.copy()
    total: int | None = int(values.sum())
    if total_shown and mask.sum() == 1:
        cand = [j for j in range(len(keys)) if not mask[j]]
        if cand:
            mask[_pick(values, cand, [False] * len(keys))] = True
        else:
            total = None  # a single category: its total is the hidden count itself
    warns = []
    if total_shown and total is not None and 0 < total < k:
        warns.append(f"Total ({total}) di bawah {k}; pertimbangkan untuk tidak menampilkannya.")
    if not total_shown:
        total = None
    n_primary = int(primary.sum())
    hidden = tuple(key for key, m in zip(keys, mask, strict=True) if m)
    return CountSuppressionResult(
        method=f"Supresi primer (0 < n < {k})"
        + (" + supresi komplementer terhadap total" if total_shown else ""),
        n=int(values.sum()),
        k=int(k),
        values={key: None if m else int(v) for key, v, m in zip(keys, values, mask, strict=True)},
        total=total,
        suppressed=hidden,
        n_primary=n_primary,
        n_secondary=len(hidden) - n_primary,
        interpretation_id=f"{len(hidden)} dari {len(keys)} kategori disembunyikan (ambang {k}).",
        interpretation_en=f"{len(hidden)} of {len(keys)} categories hidden (threshold {k}).",
        warnings=tuple(warns),
    )


def small_split(count: int, n: int, *, k: int = 5) -> bool:
    """True when a share count/n would reveal a group of fewer than k: either side of the split is 1..k-1.

    A percentage shown with its n is a count in disguise (12,5 % of 8 is 1 person), and so is its
    complement (87,5 % of 8 leaves 1 person out).
    """
    _check_k(k)
    rest = n - count
    return 0 < count < k or 0 < rest < k


def mean_decimals(n: int) -> int:
    """Decimals for a mean shown to aggregate-only readers: 1 below 100 respondents, 2 from 100.

    With batches of at least k new respondents between publications, the difference of two published
    means is a batch mean, never one person's answer; rounding keeps that batch mean inexact too.
    """
    return 1 if n < 100 else 2


def pct_decimals(n: int) -> int:
    """Decimals for a percentage shown to aggregate-only readers: whole percent below 100 respondents."""
    return 0 if n < 100 else 1


def rare_categories(counts: Mapping[str, int], *, k: int = 5) -> frozenset[str]:
    """Categories of a quasi-identifier (unit, date, rater group) to merge into one "other" value.

    Every category with 1..k-1 rows is merged; while the merged group itself holds 1..k-1 rows, the
    smallest remaining category joins it (a lone small group would be recognisable as "the rest").
    If even all categories together hold fewer than k, all are merged.
    """
    _check_k(k)
    merged = {key for key, c in counts.items() if 0 < c < k}
    rest = sorted(((c, key) for key, c in counts.items() if key not in merged and c > 0))
    while merged and 0 < sum(counts[key] for key in merged) < k and rest:
        merged.add(rest.pop(0)[1])
    return frozenset(merged)
