"""Codebook exchange: REFI-QDA codebook (.qdc, urn:QDA-XML:codebook:1.0) and CSV.

Parsers turn a file into a list of CodeSpec trees or refuse it with an Indonesian
message (nothing is written until the whole file has parsed); writers turn a stored
codebook into bytes. XML is parsed with defusedxml (no entities, no external DTDs).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - only used to *write* XML; parsing goes through defusedxml
from collections.abc import Iterable
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.interviews.extract import check_size, import_max_bytes, suffix_of
from tilik.interviews.models import Code, Codebook
from tilik.interviews.services_codes import CodeSpec
from tilik.interviews.text import safe_cell, unsafe_cell

NS = "urn:QDA-XML:codebook:1.0"
CSV_COLUMNS = ["guid", "nama", "induk", "deskripsi", "warna", "kata_kunci"]
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_COLOR = "#4E79A7"
ORIGIN = "Tilik"


def _color(value: str | None) -> str:
    value = (value or "").strip()
    return value.upper() if _COLOR.match(value) else DEFAULT_COLOR


def _guid(value: str | None, where: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise ValidationError(
            _("GUID “%(guid)s” pada %(where)s tidak valid.") % {"guid": value[:60], "where": where}
        ) from None


# --- REFI-QDA .qdc -----------------------------------------------------------------------------------------


def _code_from_xml(element: Any, depth: int) -> CodeSpec:
    if depth > 30:
        raise ValidationError(_("Hierarki kode terlalu dalam (lebih dari 30 tingkat)."))
    name = (element.get("name") or "").strip()
    if not name:
        raise ValidationError(_("Ada elemen <Code> tanpa atribut name."))
    description_el = element.find(f"{{{NS}}}Description")
    children = [_code_from_xml(child, depth + 1) for child in element.findall(f"{{{NS}}}Code")]
    return CodeSpec(
        name=name[:120],
        description=(description_el.text or "").strip() if description_el is not None else "",
        color=_color(element.get("color")),
        guid=_guid(element.get("guid"), name[:60]),
        children=children,
    )


def parse_qdc(data: bytes) -> tuple[list[CodeSpec], str]:
    """Parse a REFI-QDA codebook; return (code trees, origin)."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise ValidationError(_("Berkas XML memuat entitas atau DTD yang tidak diizinkan.")) from None
    except ET.ParseError as exc:
        raise ValidationError(_("Berkas .qdc bukan XML yang valid (%(error)s).") % {"error": exc}) from None
    if root.tag != f"{{{NS}}}CodeBook":
        raise ValidationError(
            _('Ini bukan buku kode REFI-QDA: elemen akar harus <CodeBook xmlns="%(ns)s">.') % {"ns": NS}
        )
    codes_el = root.find(f"{{{NS}}}Codes")
    if codes_el is None:
        raise ValidationError(_("Buku kode REFI-QDA tidak memiliki elemen <Codes>."))
    specs = [_code_from_xml(el, 0) for el in codes_el.findall(f"{{{NS}}}Code")]
    if not specs:
        raise ValidationError(_("Buku kode tidak berisi kode."))
    return specs, (root.get("origin") or "").strip()


def _code_to_xml(parent_el: ET.Element, code: Code, children: dict[int | None, list[Code]]) -> None:
    el = ET.SubElement(
        parent_el,
        "Code",
        {"guid": str(code.guid), "name": code.name, "isCodable": "true", "color": code.color.upper()},
    )
    if code.description:
        ET.SubElement(el, "Description").text = code.description
    for child in children.get(code.pk, []):
        _code_to_xml(el, child, children)


def _children_map(codes: Iterable[Code]) -> dict[int | None, list[Code]]:
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    return children


def export_qdc(codebook: Codebook) -> bytes:
    root = ET.Element("CodeBook", {"xmlns": NS, "origin": ORIGIN})
    codes_el = ET.SubElement(root, "Codes")
    children = _children_map(codebook.codes.order_by("position", "id"))
    for code in children.get(None, []):
        _code_to_xml(codes_el, code, children)
    ET.SubElement(root, "Sets")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


# --- CSV ---------------------------------------------------------------------------------------------------


def export_csv(codebook: Codebook) -> bytes:
    codes = list(codebook.codes.order_by("position", "id"))
    by_id = {c.pk: c for c in codes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    children = _children_map(codes)

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
                    _("Baris %(line)d: nama kode “%(name)s” sudah dipakai.")
                    % {"line": line, "name": name[:80]}
                )
            specs[key] = CodeSpec(
                name=name[:120],
                description=cell.get("deskripsi", ""),
                color=_color(cell.get("warna")),
                keywords=cell.get("kata_kunci", ""),
                guid=_guid(cell.get("guid"), _("baris %(line)d") % {"line": line}),
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


def _check_cycles(parents: dict[str, str]) -> None:
    for key in parents:
        seen, current = {key}, parents[key]
        while current:
            if current in seen:
                raise ValidationError(_("Hierarki kode di CSV melingkar (“%(name)s”).") % {"name": key})
            seen.add(current)
            current = parents.get(current, "")


def parse_codebook_upload(upload: Any) -> tuple[list[CodeSpec], str]:
    """Parse an uploaded .qdc or .csv codebook; (specs, origin)."""
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
    return parse_csv(data), "CSV"
