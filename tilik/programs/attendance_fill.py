"""“Semua hadir” on the attendance grid: mark the unmarked cells of one day (or one participant) present.

A preview, not a write: the view re-renders the grid with the cells ticked and nothing is recorded until
the evaluator presses *Simpan kehadiran* (which saves and audits as always). A cell is unmarked when it is
not ticked and carries no absence reason or note for that day; a participant recorded as absent from the
whole angkatan (a reason in "Alasan tidak hadir", or the no-show status) is left alone, so a recorded
absence is never overwritten. ``static/programs/attendance_fill.js`` applies the same rule in the browser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from tilik.programs.services_attendance import AttendanceRow


@dataclass(frozen=True)
class Filled:
    rows: list[AttendanceRow]
    marked: int  # cells ticked by the fill
    kept: int  # cells left alone because they hold a recorded absence


def fill_present(
    rows: Sequence[AttendanceRow],
    *,
    days: Sequence[dt.date],
    absent_ids: Collection[int],
    day: dt.date | None = None,
    enrollment_id: int | None = None,
) -> Filled:
    """Tick ``day`` for every participant, or every day for ``enrollment_id``, where the cell is unmarked.

    ``absent_ids``: participants recorded absent from the whole angkatan (their status is no-show)."""
    out: list[AttendanceRow] = []
    marked = kept = 0
    for row in rows:
        mine = enrollment_id is None or row.enrollment_id == enrollment_id
        open_days = [d for d in days if mine and (day is None or d == day) and d not in row.present]
        if not open_days:
            out.append(row)
            continue
        if row.reason_code or row.enrollment_id in absent_ids:
            kept += len(open_days)
            out.append(row)
            continue
        blank = [d for d in open_days if not any(row.absences.get(d, ("", "")))]
        kept += len(open_days) - len(blank)
        marked += len(blank)
        out.append(dataclasses.replace(row, present=row.present | frozenset(blank)))
    return Filled(out, marked, kept)
