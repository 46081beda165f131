"""Choices of ``select_one_from_file`` / ``select_multiple_from_file`` from the CSV attached beside the form.

ODK reads the file's ``name`` and ``label`` columns (or those named by ``parameters``: ``value=``,
``label=``); ``label::<language>`` columns are labels in that language; every other column is kept in
Choice.filters for ``choice_filter``. A missing file, a missing column or an empty value is a blocking
problem naming the file, row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileProblem:
    row: int | None
    column: str
    message: str


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def csv_choices(
    data: bytes, *, file_name: str, parameters: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[FileProblem]]:
    """Choice dicts shaped like pyxform's (``name``, ``label`` str or {language: text}, extra columns)."""
    text = _decode(data)
    if text is None:
        return [], [FileProblem(None, "", _("Berkas %(f)s bukan teks CSV (UTF-8).") % {"f": file_name})]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], [FileProblem(None, "", _("Berkas %(f)s kosong.") % {"f": file_name})]
    header = [h.strip() for h in rows[0]]
    value_col = str(parameters.get("value") or "name")
    label_col = str(parameters.get("label") or "label")
    problems = [
        FileProblem(1, col, _("Kolom %(c)s tidak ada di berkas %(f)s.") % {"c": col, "f": file_name})
        for col in (value_col, label_col)
        if col not in header and not (col == label_col and any(h.startswith(f"{col}::") for h in header))
    ]
    if problems:
        return [], problems
    choices: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        value = cells.get(value_col, "")
        if not value:
            problems.append(FileProblem(number, value_col, _("Kode pilihan kosong.")))
            continue
        if value in seen:
            problems.append(FileProblem(number, value_col, _("Kode pilihan %(v)s berulang.") % {"v": value}))
            continue
        seen.add(value)
        languages = {h.split("::", 1)[1]: cells.get(h, "") for h in header if h.startswith(f"{label_col}::")}
        label: str | dict[str, str] = languages if languages else cells.get(label_col, "")
        choice: dict[str, Any] = {"name": value, "label": label}
        for column, cell in cells.items():
            if column not in (value_col, label_col) and not column.startswith(f"{label_col}::") and column:
                choice[column] = cell
        choices.append(choice)
    return choices, problems
