"""Reading CSV and XLSX files into header + rows, keeping the row numbers a spreadsheet shows.

CSV: UTF-8 (with or without BOM) first; a file that is not valid UTF-8 is read as Windows-1252 (what
Excel on Windows writes) and a notice says so. The delimiter is ',' ';' or tab, whichever the header
line uses most. XLSX is read with python-calamine (the first sheet). Old .xls files are refused.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class FileRefused(ValueError):  # noqa: N818
    """The file cannot be read at all (message in Indonesian)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells aligned with headers)
    notices: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(content)
    if name.endswith(".xls"):
        raise FileRefused(_("Format .xls (Excel 97-2003) tidak didukung; simpan ulang sebagai .xlsx atau .csv."))
    raise FileRefused(_("Jenis berkas tidak dikenal: gunakan .csv atau .xlsx."))


def _grid_to_table(grid: list[list[Any]], notices: list[str]) -> Table:
    header_at = next((i for i, row in enumerate(grid) if any(_filled(v) for v in row)), None)
    if header_at is None:
        raise FileRefused(_("Berkas kosong: tidak ada baris judul kolom."))
    raw_headers = [str(v).strip() if _filled(v) else "" for v in grid[header_at]]
    while raw_headers and not raw_headers[-1]:
        raw_headers.pop()
    seen: set[str] = set()
    for header in raw_headers:
        if header and header.lower() in seen:
            raise FileRefused(_("Judul kolom '%(h)s' muncul lebih dari sekali.") % {"h": header})
        seen.add(header.lower())
    width = len(raw_headers)
    rows: list[tuple[int, list[Any]]] = []
    for index in range(header_at + 1, len(grid)):
        cells = grid[index][:width]
        if cells.count(None) == len(cells):  # both readers turn blank cells into None
            continue
        cells.extend([None] * (width - len(cells)))
        rows.append((index + 1, cells))
    if not rows:
        raise FileRefused(_("Berkas tidak berisi baris data di bawah judul kolom."))
    return Table(headers=raw_headers, rows=rows, notices=notices)


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


def _read_xlsx(content: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    _refuse_zip_bomb(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRefused(_("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX): %(e)s") % {"e": exc}) from exc
    # calamine returns '' for empty cells; blank text counts as empty too
    grid = [[None if v.__class__ is str and not v.strip() else v for v in row] for row in grid]  # type: ignore[misc]
    notices = []
    if len(workbook.sheet_names) > 1:
        notices.append(_("Hanya lembar pertama ('%(s)s') yang dibaca.") % {"s": workbook.sheet_names[0]})
    return _grid_to_table(grid, notices)


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
