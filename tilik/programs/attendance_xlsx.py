"""The attendance grid as a spreadsheet: the download (one column per session day) and its import.

The file is the grid itself: Nama, NIP, one column per session date (1 = hadir, empty = tidak hadir, or
that day's absence reason: Sakit, Izin, Dinas luar, Tanpa keterangan, or "Lainnya: <keterangan>" — any
reason may carry ": <keterangan>"), then the no-show reason (absent from every day) and a note. The
import checks every cell first; any problem refuses the whole file, naming its row and column, and
nothing is written (the service is all or nothing too).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tilik.core.listing import Column
from tilik.programs.choices import AbsenceReason, DayAbsenceReason
from tilik.programs.models import Offering
from tilik.programs.selectors_attendance import Grid, GridRow
from tilik.programs.services_attendance import AttendanceRefused, AttendanceResult, AttendanceRow, attendance_record

PRESENT = {"1", "h", "hadir", "x", "v", "✓", "ya", "true"}
ABSENT = {"", "0", "-", "th", "tidak", "tidak hadir", "false"}
MAX_BYTES = 2 * 1024 * 1024
REASON_HEAD = gettext_lazy("Alasan tidak hadir")
NOTE_HEAD = gettext_lazy("Keterangan")


def grid_columns(grid: Grid) -> list[Column]:
    def mark(day: dt.date) -> Any:
        def cell(row: GridRow) -> Any:
            if day in row.present:
                return 1
            if day in row.absences:
                reason, note = row.absences[day]
                label = str(DayAbsenceReason(reason).label)
                return f"{label}: {note}" if note else label
            return None

        return cell

    return [
        Column(gettext_lazy("Nama"), None, lambda row: row.enrollment.employee.name),
        Column("NIP", None, lambda row: str(row.enrollment.employee.nip)),
        *(Column(day.isoformat(), None, mark(day)) for day in grid.days),
        Column(REASON_HEAD, None, lambda row: row.enrollment.get_reason_code_display()
               if row.enrollment.reason_code and not row.present else None),
        Column(NOTE_HEAD, None, lambda row: row.enrollment.reason_text if not row.present else None),
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _reason(value: Any) -> str | None:
    text = _text(value).lower()
    if not text:
        return ""
    for code, label in AbsenceReason.choices:
        if text in (code, str(label).lower()):
            return code
    return None


def _day_reason(value: str) -> tuple[str, str] | None:
    """(code, note) from a day cell such as "Sakit", "dinas luar" or "Lainnya: rapat DPRD"; None if unknown."""
    label, _sep, note = value.partition(":")
    key = label.strip().lower().replace("_", " ")
    for code, name in DayAbsenceReason.choices:
        if key in (code.replace("_", " "), str(name).lower()):
            return code, note.strip()
    return None


def _cell(row: int, col: int, head: str, message: str) -> str:
    return _("Baris %(row)s, kolom %(col)s (%(head)s): %(message)s.") % {
        "row": row, "col": get_column_letter(col), "head": head, "message": message}


def read_attendance(content: bytes, grid: Grid) -> tuple[list[AttendanceRow], dict[int, int], list[str]]:
    """(rows, enrolment id → spreadsheet row, errors) from an uploaded grid."""
    if len(content) > MAX_BYTES:
        return [], {}, [_("Berkas terlalu besar (maksimum %(kb)s KB).") % {"kb": MAX_BYTES // 1024}]
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception:  # openpyxl raises many types for a file that is not an XLSX
        return [], {}, [_("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).")]
    if not cells:
        return [], {}, [_("Berkas kosong.")]
    header = cells[0]
    errors: list[str] = []
    nip_col = day_cols = reason_col = note_col = None
    day_cols = {}
    for index, value in enumerate(header):
        text = _text(value)
        if text.upper() == "NIP":
            nip_col = index
        elif text.lower() == str(REASON_HEAD).lower():
            reason_col = index
        elif text.lower() == str(NOTE_HEAD).lower():
            note_col = index
        elif text and text.lower() != str(_("Nama")).lower():
            day = _day(value)
            if day is None or day not in grid.days:
                errors.append(_("Baris 1, kolom %(col)s: '%(v)s' bukan tanggal sesi angkatan ini (%(days)s).") % {
                    "col": get_column_letter(index + 1), "v": text,
                    "days": ", ".join(d.isoformat() for d in grid.days)})
            else:
                day_cols[index] = day
    if nip_col is None:
        errors.append(_("Baris 1: kolom NIP tidak ada."))
    missing = [d.isoformat() for d in grid.days if d not in day_cols.values()]
    if missing:
        errors.append(_("Baris 1: kolom tanggal sesi %(d)s tidak ada.") % {"d": ", ".join(missing)})
    if errors:
        return [], {}, errors
    by_nip: dict[str, GridRow] = {str(r.enrollment.employee.nip): r for r in grid.rows}
    rows: list[AttendanceRow] = []
    row_of: dict[int, int] = {}
    for number, line in enumerate(cells[1:], start=2):
        line = line + [None] * (len(header) - len(line))
        if all(_text(v) == "" for v in line):
            continue
        nip = _text(line[nip_col])  # type: ignore[index]
        known = by_nip.get(nip)
        if known is None:
            errors.append(_cell(number, nip_col + 1, "NIP",  # type: ignore[operator]
                                _("NIP '%(nip)s' bukan peserta angkatan ini yang kehadirannya dicatat") % {"nip": nip}))
            continue
        if known.enrollment.pk in row_of:
            errors.append(_cell(number, nip_col + 1, "NIP",  # type: ignore[operator]
                                _("NIP %(nip)s sudah ada di baris %(r)s") % {"nip": nip,
                                                                              "r": row_of[known.enrollment.pk]}))
            continue
        row_of[known.enrollment.pk] = number
        present = set()
        absences: dict[dt.date, tuple[str, str]] = {}
        for index, day in day_cols.items():
            value = _text(line[index]).lower()
            if value in PRESENT:
                present.add(day)
            elif value in ABSENT:
                continue
            elif (found := _day_reason(_text(line[index]))) is not None:
                absences[day] = found
            else:
                errors.append(_cell(number, index + 1, day.isoformat(), _(
                    "nilai '%(v)s' tidak dikenal; isi 1 untuk hadir, kosongkan, atau tulis alasan tidak hadir "
                    "(%(c)s; boleh diikuti “: keterangan”)") % {
                        "v": _text(line[index]),
                        "c": ", ".join(str(label) for _code, label in DayAbsenceReason.choices)}))
        reason = _reason(line[reason_col]) if reason_col is not None else ""
        if reason is None:
            errors.append(_cell(number, reason_col + 1, str(REASON_HEAD),  # type: ignore[operator]
                                _("alasan '%(v)s' tidak dikenal; pilih salah satu: %(c)s") % {
                                    "v": _text(line[reason_col]),  # type: ignore[index]
                                    "c": ", ".join(str(label) for _code, label in AbsenceReason.choices)}))
            reason = ""
        note = _text(line[note_col]) if note_col is not None else ""
        rows.append(AttendanceRow(known.enrollment.pk, frozenset(present), reason, note, absences))
    if not rows and not errors:
        errors.append(_("Berkas tidak berisi baris peserta."))
    return rows, row_of, errors


def attendance_import(*, offering: Offering, grid: Grid, content: bytes, by: Any) -> AttendanceResult:
    """Record the attendance of an uploaded grid; ValidationError listing every problem, nothing written."""
    rows, row_of, errors = read_attendance(content, grid)
    if errors:
        raise ValidationError(errors)
    try:
        return attendance_record(offering=offering, rows=rows, by=by)
    except AttendanceRefused as exc:
        raise ValidationError([_("Baris %(row)s: %(m)s.") % {"row": row_of.get(pk, "?"), "m": "; ".join(msgs)}
                               for pk, msgs in exc.by_row.items()]) from None
