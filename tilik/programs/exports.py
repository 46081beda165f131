"""Spreadsheets of a reminder experiment's assignments (invitee x arm) for the admin who sends reminders.

Cells pass through the project's formula neutraliser (tilik.core.cells.neutralise): names and
numbers typed by people must never run as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from tilik.core.cells import neutralise
from tilik.programs.models import ReminderExperiment
from tilik.programs.selectors_strategies import ASSIGNMENT_COLUMNS, assignment_rows

FORMATS = ("csv", "xlsx")


def assignments_file(experiment: ReminderExperiment, fmt: str) -> tuple[bytes, int]:
    """(file bytes, number of data rows) in ``fmt`` (csv or xlsx)."""
    rows = [[neutralise(v) for v in row] for row in assignment_rows(experiment)]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(ASSIGNMENT_COLUMNS)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(rows)  # BOM: Excel reads UTF-8
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}")
    book = Workbook()
    sheet = book.active
    sheet.title = "kelompok_pengingat"
    sheet.append(list(ASSIGNMENT_COLUMNS))
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"]:
        cell.number_format = "@"  # NIP as text: 18 digits would lose precision as a number
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), len(rows)
