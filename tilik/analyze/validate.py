"""Column-level checks and parsing, done before `analysis` so errors can name the spreadsheet row.

Every function takes the raw-cell frame from `io.read_table` (index = row
number as seen in Excel) and raises `InputError` at the first bad cell.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from tilik.analyze.messages import InputError, Note

TRUE_TOKENS = {"1", "true", "t", "ya", "y", "yes", "benar"}
FALSE_TOKENS = {"0", "false", "f", "tidak", "tdk", "no", "n", "salah"}
MAX_LISTED = 40  # columns listed in a "missing column" error


def split_list(value: str | None, option: str) -> list[str]:
    """'A, B,,C' -> ['A', 'B', 'C']; an explicitly empty list is an error."""
    if value is None:
        return []
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise InputError("empty_list", option=option)
    return names


def rows_text(rows: Iterable[int], limit: int = 5) -> str:
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (", …" if len(rows) > limit else "")


def resolve(frame: pd.DataFrame, name: str) -> str:
    """Find a column by exact name, else by a unique case-insensitive match."""
    columns = [str(c) for c in frame.columns]
    if name in frame.attrs.get("duplicates", []):
        raise InputError("duplicate_column", column=name)
    if name in columns:
        return name
    folded = [c for c in columns if c.casefold() == name.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    available = ", ".join(columns[:MAX_LISTED]) + (", …" if len(columns) > MAX_LISTED else "")
    raise InputError("missing_column", column=name, available=available)


def distinct(names: Sequence[str]) -> None:
    """One column may play one role only (outcome = covariate would be a silent mistake)."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError("column_reused", column=name)
        seen.add(name)


def parse_number(value: Any) -> float | None:
    """Parse one cell as a number; Indonesian '1.234,5' and '3,5' are accepted. None if not a number."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None  # dates, times, errors
    text = value.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        # Whichever comes last is the decimal separator; the other groups thousands.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _display(value: Any) -> str:
    """The cell as the evaluator typed it (spreadsheet readers return 2 as 2.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:60]


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """Float column (NaN = missing); the first non-number names its row."""
    out: list[float] = []
    for row, value in frame[column].items():
        if value is None:
            out.append(math.nan)
            continue
        number = parse_number(value)
        if number is None:
            raise InputError("non_numeric", column=column, row=row, value=_display(value))
        out.append(number)
    return pd.Series(out, index=frame.index, name=column, dtype=float)


def binary(frame: pd.DataFrame, column: str) -> pd.Series:
    """0/1 float column from 0/1, true/false, ya/tidak, yes/no (any case)."""
    out: list[float] = []
    for row, value in frame[column].items():
        if value is None:
            out.append(math.nan)
            continue
        token = value.casefold() if isinstance(value, str) else None
        if token in TRUE_TOKENS or token in FALSE_TOKENS:
            out.append(1.0 if token in TRUE_TOKENS else 0.0)
            continue
        number = parse_number(value)
        if number not in (0.0, 1.0):
            raise InputError("not_binary", column=column, row=row, value=_display(value))
        out.append(float(number))
    return pd.Series(out, index=frame.index, name=column, dtype=float)


def key(frame: pd.DataFrame, column: str) -> pd.Series:
    """Identifier column (unit, period, cluster): numbers if every value is one, else text."""
    values = frame[column]
    numbers = [None if v is None else parse_number(v) for v in values]
    if all(n is not None for n, v in zip(numbers, values, strict=True) if v is not None):
        return pd.Series(numbers, index=frame.index, name=column, dtype=float)
    return pd.Series(
        [None if v is None else str(v) for v in values], index=frame.index, name=column, dtype=object
    )


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    """Categorical column kept as text (None = missing)."""
    values = [None if x is None else _display(x) for x in frame[column]]
    return pd.Series(values, index=frame.index, name=column, dtype=object)


def unique_pairs(unit: pd.Series, period: pd.Series) -> None:
    """A panel has one row per unit and period; name the first repeated pair and where it first was."""
    pairs = pd.Series(list(zip(unit, period, strict=True)), index=unit.index)
    repeated = pairs.duplicated()
    if repeated.any():
        row = pairs.index[repeated][0]
        first = pairs.index[(pairs == pairs[row]) & ~repeated][0]
        raise InputError(
            "duplicate_pair",
            unit_column=unit.name,
            period_column=period.name,
            row=row,
            first=first,
            unit=_display(unit[row]),
            period=_display(period[row]),
        )


def complete(data: pd.DataFrame, notes: list[Note]) -> pd.DataFrame:
    """Drop rows with a missing value in any used column and say how many."""
    missing = data.isna().any(axis=1)
    if missing.any():
        bad_cols = [str(c) for c in data.columns if data[c].isna().any()]
        notes.append(
            Note(
                "dropped_rows",
                count=int(missing.sum()),
                columns=", ".join(bad_cols),
                rows=rows_text(data.index[missing]),
            )
        )
    return data.loc[~missing]


def partial_missing(data: pd.DataFrame, note_key: str, notes: list[Note]) -> pd.DataFrame:
    """Drop all-empty rows silently; report rows with some missing cells (handled by `analysis`)."""
    data = data.loc[data.notna().any(axis=1)]
    some = data.isna().any(axis=1)
    if some.any():
        bad_cols = [str(c) for c in data.columns if data[c].isna().any()]
        notes.append(
            Note(
                note_key, count=int(some.sum()), columns=", ".join(bad_cols), rows=rows_text(data.index[some])
            )
        )
    return data


def at_least(data: pd.DataFrame, minimum: int) -> None:
    if len(data) < minimum:
        raise InputError(
            "too_few_rows", count=len(data), columns=", ".join(map(str, data.columns)), minimum=minimum
        )


def groups(series: pd.Series, column: str, minimum: int = 2) -> None:
    """Both levels of a binary column present, each with at least `minimum` rows."""
    levels = {level: series.index[series == level] for level in (0.0, 1.0)}
    present = [lvl for lvl, rows in levels.items() if len(rows)]
    if len(present) == 1:
        raise InputError("one_level", column=column, level=int(present[0]))
    for level, rows in levels.items():
        if len(rows) < minimum:
            raise InputError(
                "small_group",
                column=column,
                group=f"{column} = {int(level)}",
                count=len(rows),
                rows=rows_text(rows) or "-",
            )


def cells(group: pd.Series, post: pd.Series, names: tuple[str, str], minimum: int = 2) -> None:
    """Every group × period cell of a difference-in-differences needs data."""
    for g in (0.0, 1.0):
        for p in (0.0, 1.0):
            rows = group.index[(group == g) & (post == p)]
            if len(rows) < minimum:
                raise InputError(
                    "small_cell",
                    group_column=names[0],
                    post_column=names[1],
                    cell=f"{names[0]} = {int(g)}, {names[1]} = {int(p)}",
                    count=len(rows),
                    rows=rows_text(rows) or "-",
                )


def in_range(series: pd.Series, column: str, low: float | None, high: float | None) -> None:
    for row, value in series.items():
        if value != value:
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            raise InputError(
                "out_of_range",
                column=column,
                row=row,
                value=_number(value),
                low=_number(low),
                high=_number(high),
            )


def ikm_answers(series: pd.Series, column: str) -> None:
    """SKM answers are whole numbers 1-4 (PermenPAN-RB 14/2017)."""
    for row, value in series.items():
        if value == value and (value not in (1.0, 2.0, 3.0, 4.0)):
            raise InputError("ikm_value", column=column, row=row, value=_number(value))


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else repr(float(value))
