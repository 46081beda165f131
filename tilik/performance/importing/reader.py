"""Reading CSV and XLSX files into header + rows, keeping the row numbers a spreadsheet shows.

CSV: UTF-8 (with or without BOM) first; a file that is not valid UTF-8 is read as Windows-1252 (what
Excel on Windows writes) and a notice says so. The delimiter is ',' ';' or tab, whichever the header
line uses most. XLSX is read with python-calamine (the first sheet). Old .xls files are refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tilik.performance.importing import prefetch


class FileRefused(ValueError):  # noqa: N818
    """The file cannot be read at all (message in Indonesian)."""


Row = tuple[int, list[Any]]  # (spreadsheet row number, cells aligned with headers)


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] | Iterator[Row]  # an iterator, walked once, only from read_table(..., lazy=True)
    notices: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str, *, lazy: bool = False) -> Table:
    """The first sheet or the CSV as headers and rows. ``lazy``: an XLSX's rows are read while the caller
    walks them (the header is read at once); a file with no data row then raises FileRefused at the end."""
    name = filename.lower()
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _read_xlsx(content, lazy=lazy)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(content)
    if name.endswith(".xls"):
        raise FileRefused(_("Format .xls (Excel 97-2003) tidak didukung; simpan ulang sebagai .xlsx atau .csv."))
    raise FileRefused(_("Jenis berkas tidak dikenal: gunakan .csv atau .xlsx."))


def _grid_to_table(
    grid: Iterable[list[Any]], notices: list[str], *, blank_text: bool = False, lazy: bool = False
) -> Table:
    """Header = the first row with a filled cell; data rows below it, cut or padded to the header width.

    ``grid`` may be a lazy iterator (calamine's ``iter_rows``): it is walked once. With ``blank_text``
    empty and blank strings become None (calamine returns '' for an empty cell); the CSV reader has
    done that already.
    """
    rows_in = iter(grid)
    header_at, header = -1, None
    for header_at, row in enumerate(rows_in):  # noqa: B007 - header_at is used after the loop
        if any(_filled(v) for v in row):
            header = row
            break
    if header is None:
        raise FileRefused(_("Berkas kosong: tidak ada baris judul kolom."))
    raw_headers = [str(v).strip() if _filled(v) else "" for v in header]
    while raw_headers and not raw_headers[-1]:
        raw_headers.pop()
    seen: set[str] = set()
    for name in raw_headers:
        if name and name.lower() in seen:
            raise FileRefused(_("Judul kolom '%(h)s' muncul lebih dari sekali.") % {"h": name})
        seen.add(name.lower())
    rows = _data_rows(rows_in, len(raw_headers), header_at + 2, blank_text)
    return Table(headers=raw_headers, rows=rows if lazy else list(rows), notices=notices)


def _data_rows(rows_in: Iterator[list[Any]], width: int, first: int, blank_text: bool) -> Iterator[Row]:
    """Non-blank rows cut or padded to ``width``, numbered from ``first``; FileRefused when there is none."""
    found = False
    # One pass, one new list per row: this loop runs 200,000 times for a large file.
    for number, raw in enumerate(rows_in, start=first):
        if blank_text:
            cells = [None if v.__class__ is str and not v.strip() else v for v in raw[:width]]
        else:
            cells = raw[:width]
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        if cells.count(None) == width:
            continue
        found = True
        yield number, cells
    if not found:
        raise FileRefused(_("Berkas tidak berisi baris data di bawah judul kolom."))


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _refuse_zip_bomb(content: bytes) -> None:
    """Refuse an XLSX whose declared unpacked size is too large (zip bomb) before calamine inflates it."""
    from django.core.exceptions import ValidationError

    from tilik.core.security.uploads import zip_guard

    if not content.startswith(b"PK\x03\x04"):
        raise FileRefused(_("Berkas XLSX tidak dapat dibaca: isinya bukan XLSX (mungkin CSV yang diberi nama .xlsx)."))
    try:
        zip_guard(io.BytesIO(content))
    except ValidationError as exc:
        raise FileRefused(" ".join(exc.messages)) from exc


def _read_xlsx(content: bytes, *, lazy: bool = False) -> Table:
    from python_calamine import CalamineWorkbook

    _refuse_zip_bomb(content)
    parsed = prefetch.take(content)  # `tilik import` may have parsed this file while Django started
    try:
        if parsed is None:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
            parsed = workbook.get_sheet_by_index(0), list(workbook.sheet_names)
        sheet, sheet_names = parsed
        # iter_rows yields rows from the sheet's first row (row numbers stay as Excel shows them) but
        # columns from the first used one; pad them back so the grid is the same as to_python's.
        lead = [None] * sheet.start[1] if sheet.start and sheet.start[1] else None
        rows: Iterator[list[Any]] = iter(sheet.iter_rows())
        if lead:
            rows = (lead + row for row in rows)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRefused(_("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX): %(e)s") % {"e": exc}) from exc
    notices = []
    if len(sheet_names) > 1:
        notices.append(_("Hanya lembar pertama ('%(s)s') yang dibaca.") % {"s": sheet_names[0]})
    return _grid_to_table(_refusing(rows), notices, blank_text=True, lazy=lazy)


def _refusing(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    try:
        yield from rows
    except Exception as exc:  # a cell calamine cannot convert while the rows are read
        raise FileRefused(_("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX): %(e)s") % {"e": exc}) from exc


def _read_csv(content: bytes) -> Table:
    notices: list[str] = []
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(_("Berkas CSV berkode UTF-16; simpan ulang sebagai 'CSV UTF-8'."))
    if b"\x00" in content[:4096]:
        raise FileRefused(_("Berkas berisi karakter biner; ini bukan CSV teks."))
    try:
        decoded = content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            decoded = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FileRefused(_("Pengodean karakter berkas tidak dikenali; simpan ulang sebagai 'CSV UTF-8'.")) from exc
        notices.append(_("Berkas bukan UTF-8; dibaca sebagai Windows-1252 (bawaan Excel di Windows)."))
    first_line = decoded.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
    grid: list[list[Any]] = []
    line_of_row: list[int] = []
    try:
        for record in reader:
            grid.append([cell if cell.strip() else None for cell in record])
            line_of_row.append(reader.line_num)
    except csv.Error as exc:
        raise FileRefused(_("CSV rusak di baris %(n)s: %(e)s") % {"n": reader.line_num, "e": exc}) from exc
    table = _grid_to_table(grid, notices)
    # Row numbers are line numbers (a quoted cell may span lines): map grid index -> line.
    table.rows = [(line_of_row[number - 1], cells) for number, cells in table.rows]
    return table
