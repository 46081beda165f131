"""Read a CSV or spreadsheet into a frame of raw cells indexed by spreadsheet row number.

Cells are kept as read (str, int, float, bool) and parsed later in
`validate`, so an error can quote the original value and its row. The index
is the row number an evaluator sees in Excel: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tilik.analyze.messages import InputError

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
# Spellings of "no value" that spreadsheets, R, Stata and Indonesian forms use.
MISSING_TOKENS = {"", "na", "n/a", "#n/a", "nan", "null", "none", ".", "-", "—"}


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # object cells (None = missing); index = spreadsheet row number
    path: Path
    sheet: str | None
    rows_read: int


def read_table(path_text: str) -> Table:
    path = Path(path_text)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | SHEET_SUFFIXES:
        raise InputError("file_format", path=path_text)
    if not path.is_file():
        raise InputError("file_missing", path=path_text)
    sheet: str | None = None
    try:
        if suffix in CSV_SUFFIXES:
            rows = _read_csv_rows(path)
        else:
            rows, sheet = _read_sheet_rows(path)
    except InputError:
        raise
    except Exception as exc:  # any parser failure is the user's file, not our bug
        raise InputError("file_unreadable", path=path_text, detail=_short(exc)) from exc
    frame = _to_frame(rows, path_text)
    return Table(frame=frame, path=path, sheet=sheet, rows_read=len(frame))


def _short(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {msg[0]}" if msg else type(exc).__name__


def _read_csv_rows(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = next((line for line in content.splitlines() if line.strip()), "")
    # Indonesian Excel writes ';' (the comma is the decimal separator); pick the commonest.
    delimiter = max([",", ";", "\t", "|"], key=first.count) if first else ","
    return [list(r) for r in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)]


def _read_sheet_rows(path: Path) -> tuple[list[list[Any]], str]:
    from python_calamine import CalamineWorkbook

    from tilik.core.security.zipcheck import ZipRefused, zip_members

    if path.suffix.lower() != ".xls":  # .xls is OLE2, not a zip; every other sheet format is
        try:
            with path.open("rb") as fh:
                zip_members(fh, path.stat().st_size)
        except ZipRefused as exc:
            # Checked by declared sizes before calamine inflates anything, so memory stays bounded.
            detail = "zip bomb" if exc.reason == "zip_bomb" else "bukan arsip zip yang utuh / not a valid zip archive"
            raise InputError("file_unreadable", path=str(path), detail=detail) from exc
    with CalamineWorkbook.from_path(str(path)) as book:
        if not book.sheet_names:
            return [], ""
        sheet = book.get_sheet_by_index(0)
        # skip_empty_area=False keeps leading blank rows so row numbers match Excel.
        return sheet.to_python(skip_empty_area=False), book.sheet_names[0]


def clean_cell(value: Any) -> Any:
    """Normalise one cell: strip text, map missing spellings to None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return None if value.lower() in MISSING_TOKENS else value
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _header_name(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _to_frame(rows: list[list[Any]], path_text: str) -> pd.DataFrame:
    start = next((i for i, r in enumerate(rows) if any(clean_cell(c) is not None for c in r)), None)
    if start is None:
        raise InputError("file_empty", path=path_text)
    header = [_header_name(c) for c in rows[start]]
    names: list[str] = []
    for i, name in enumerate(header):
        name = name or f"kolom_{i + 1}"
        # Keep duplicates addressable but distinct, as pandas does ("x", "x.1").
        names.append(name if name not in names else f"{name}.{names.count(name)}")
    width = len(names)
    body: list[list[Any]] = []
    index: list[int] = []
    for offset, row in enumerate(rows[start + 1 :], start=start + 2):
        cells = [clean_cell(c) for c in row[:width]] + [None] * max(0, width - len(row))
        if any(c is not None for c in cells):  # blank rows are layout, not data
            body.append(cells)
            index.append(offset)
    frame = pd.DataFrame(body, columns=names, index=pd.Index(index, name="row"), dtype=object)
    frame.attrs["duplicates"] = sorted({n for n in header if n and header.count(n) > 1})
    return frame
