"""Codebook as CSV (one row per code; the parent by name) for people who keep codes in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.interviews.exchange.codes_qdc import children_map, parse_qdc
from tilik.interviews.exchange.common import CodebookFile, parse_color, parse_guid
from tilik.interviews.extract import check_size, import_max_bytes, suffix_of
from tilik.interviews.models import Codebook
from tilik.interviews.services_codes import CodeSpec
from tilik.interviews.text import safe_cell, unsafe_cell

CSV_COLUMNS = ["guid", "nama", "induk", "deskripsi", "warna", "kata_kunci"]


# --- CSV ---------------------------------------------------------------------------------------------------


def export_csv(codebook: Codebook) -> bytes:
    codes = list(codebook.codes.order_by("position", "id"))
    by_id = {c.pk: c for c in codes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    children = children_map(codes)

    def walk(parent: int | None) -> None:
        for code in children.get(parent, []):
            parent_name = by_id[code.parent_id].name if code.parent_id else ""
            writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        str(code.guid),
                        code.name,
                        parent_name,
                        code.description,
                        code.color,
                        code.keywords,
                    )
                ]
            )
            walk(code.pk)

    walk(None)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def parse_csv(data: bytes) -> list[CodeSpec]:
    """CSV with a header row: nama (required), induk (parent's name), deskripsi, warna, kata_kunci, guid."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Berkas CSV harus berenkode UTF-8.")) from None
    if "\x00" in text:
        raise ValidationError(_("Berkas ini bukan CSV teks."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "nama" not in header:
        raise ValidationError(
            _("Baris judul CSV harus memuat kolom “nama” (kolom lain: %(cols)s).")
            % {"cols": ", ".join(c for c in CSV_COLUMNS if c != "nama")}
        )
    reader.fieldnames = header
    specs: dict[str, CodeSpec] = {}
    parents: dict[str, str] = {}
    order: list[str] = []
    try:
        for line, row in enumerate(reader, start=2):
            cell = {k: unsafe_cell((v or "").strip()) for k, v in row.items() if isinstance(k, str)}
            name = cell.get("nama", "")
            if not name:
                raise ValidationError(_("Baris %(line)d: kolom nama kosong.") % {"line": line})
            key = name.casefold()
            if key in specs:
                raise ValidationError(
                    _("Baris %(line)d: nama kode “%(name)s” sudah dipakai.") % {"line": line, "name": name[:80]}
                )
            specs[key] = CodeSpec(
                name=name[:120],
                description=cell.get("deskripsi", ""),
                color=_csv_color(cell.get("warna", ""), line),
                keywords=cell.get("kata_kunci", ""),
                guid=parse_guid(cell.get("guid"), _("baris %(line)d") % {"line": line}),
            )
            parents[key] = cell.get("induk", "").casefold()
            order.append(key)
    except csv.Error as exc:
        raise ValidationError(_("Berkas CSV tidak dapat dibaca (%(error)s).") % {"error": exc}) from None
    roots = []
    for key in order:
        parent = parents[key]
        if not parent:
            roots.append(specs[key])
        elif parent not in specs:
            raise ValidationError(
                _("Kode induk “%(parent)s” untuk “%(name)s” tidak ada di berkas.")
                % {"parent": parent, "name": specs[key].name}
            )
        else:
            specs[parent].children.append(specs[key])
    _check_cycles(parents)
    if not roots:
        raise ValidationError(_("Berkas CSV tidak berisi kode."))
    return roots


def _csv_color(value: str, line: int) -> str:
    warnings: list[str] = []
    color = parse_color(value, "", warnings)
    if warnings:  # a spreadsheet is fixed and uploaded again; nothing is dropped silently
        raise ValidationError(
            _("Baris %(line)d: warna “%(color)s” harus berbentuk #RRGGBB (atau dikosongkan).")
            % {"line": line, "color": value[:20]}
        )
    return color


def _check_cycles(parents: dict[str, str]) -> None:
    for key in parents:
        seen, current = {key}, parents[key]
        while current:
            if current in seen:
                raise ValidationError(_("Hierarki kode di CSV melingkar (“%(name)s”).") % {"name": key})
            seen.add(current)
            current = parents.get(current, "")


def parse_codebook_upload(upload: Any) -> CodebookFile:
    """Parse an uploaded .qdc or .csv codebook."""
    suffix = suffix_of(upload)
    if suffix not in (".qdc", ".csv"):
        raise ValidationError(
            _("Jenis berkas %(suffix)s tidak didukung. Impor buku kode sebagai .qdc (REFI-QDA) atau .csv.")
            % {"suffix": suffix or _("(tanpa ekstensi)")}
        )
    check_size(upload, import_max_bytes())
    upload.seek(0)
    data = upload.read()
    if suffix == ".qdc":
        return parse_qdc(data)
    return CodebookFile(codes=parse_csv(data), origin="CSV")
