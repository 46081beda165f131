"""REFI-QDA codebook (.qdc, urn:QDA-XML:codebook:1.0): read into CodeSpec trees and sets, write a stored codebook.

Reading is lenient where the standard allows it to be (a missing colour stays missing, #RGB is widened)
and says what it did not keep; writing follows Codebook.xsd exactly (tests validate every export).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - only used to *write* XML; parsing goes through defusedxml
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.interviews.exchange.common import (
    ORIGIN,
    CodebookFile,
    SetSpec,
    parse_color,
    parse_guid,
    safe_fromstring,
    xml_bytes,
    xml_text,
)
from tilik.interviews.exchange.qdpx_quirks import normalise_namespace
from tilik.interviews.models import Code, Codebook
from tilik.interviews.services_codes import CodeSpec

NS = "urn:QDA-XML:codebook:1.0"
MAX_DEPTH = 30


def _bool(value: str | None) -> bool:
    # xsd:boolean: "true"/"1" or "false"/"0"; absent (not schema-valid) is read as codable.
    return (value or "true").strip().lower() not in ("false", "0")


def code_from_xml(element: Any, ns: str, depth: int, warnings: list[str]) -> CodeSpec:
    if depth > MAX_DEPTH:
        raise ValidationError(_("Hierarki kode terlalu dalam (lebih dari 30 tingkat)."))
    name = (element.get("name") or "").strip()
    if not name:
        raise ValidationError(_("Ada elemen <Code> tanpa atribut name."))
    if len(name) > 120:
        warnings.append(_("Nama kode “%(name)s…” dipotong menjadi 120 karakter.") % {"name": name[:60]})
    description_el = element.find(f"{{{ns}}}Description")
    where = _("kode “%(name)s”") % {"name": name[:60]}
    children = [code_from_xml(child, ns, depth + 1, warnings) for child in element.findall(f"{{{ns}}}Code")]
    return CodeSpec(
        name=name[:120],
        description=(description_el.text or "").strip() if description_el is not None else "",
        color=parse_color(element.get("color"), where, warnings),
        guid=parse_guid(element.get("guid"), name[:60]),
        children=children,
        is_codable=_bool(element.get("isCodable")),
    )


def sets_from_xml(sets_el: Any, ns: str, member_tag: str, known: set[uuid.UUID], warnings: list[str]) -> list[SetSpec]:
    """Code sets; members that are not codes of this file (sources, notes, unknown GUIDs) are reported."""
    result: list[SetSpec] = []
    if sets_el is None:
        return result
    for set_el in sets_el.findall(f"{{{ns}}}Set"):
        name = (set_el.get("name") or "").strip()
        if not name:
            warnings.append(_("Sebuah <Set> tanpa nama tidak diimpor."))
            continue
        description_el = set_el.find(f"{{{ns}}}Description")
        spec = SetSpec(
            name=name[:200],
            guid=parse_guid(set_el.get("guid"), name[:60]),
            description=(description_el.text or "").strip() if description_el is not None else "",
        )
        for member in set_el.findall(f"{{{ns}}}{member_tag}"):
            guid = parse_guid(member.get("guid") or member.get("targetGUID"), name[:60])
            if guid in known:
                spec.members.append(guid)
            else:
                warnings.append(
                    _("Himpunan “%(set)s”: anggota %(guid)s bukan kode di berkas ini; tidak diimpor.")
                    % {"set": name[:60], "guid": guid}
                )
        dropped = len(set_el.findall(f"{{{ns}}}MemberSource")) + len(set_el.findall(f"{{{ns}}}MemberNote"))
        if dropped:
            warnings.append(
                _(
                    "Himpunan “%(set)s”: %(n)d anggota berupa sumber atau catatan tidak diimpor "
                    "(buku kode Tilik hanya menyimpan himpunan kode)."
                )
                % {"set": name[:60], "n": dropped}
            )
        result.append(spec)
    return result


def all_guids(specs: Iterable[CodeSpec]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for spec in specs:
        if spec.guid is not None:
            found.add(spec.guid)
        found |= all_guids(spec.children)
    return found


def parse_qdc(data: bytes) -> CodebookFile:
    """Parse a REFI-QDA codebook: codes (hierarchy, isCodable, colour), sets, and what was not kept."""
    data, notice = normalise_namespace(data, "codebook")
    root = safe_fromstring(data, ".qdc")
    if root.tag != f"{{{NS}}}CodeBook":
        raise ValidationError(
            _('Ini bukan buku kode REFI-QDA: elemen akar harus <CodeBook xmlns="%(ns)s">.') % {"ns": NS}
        )
    codes_el = root.find(f"{{{NS}}}Codes")
    if codes_el is None:
        raise ValidationError(_("Buku kode REFI-QDA tidak memiliki elemen <Codes>."))
    warnings: list[str] = [notice] if notice else []
    specs = [code_from_xml(el, NS, 0, warnings) for el in codes_el.findall(f"{{{NS}}}Code")]
    if not specs:
        raise ValidationError(_("Buku kode tidak berisi kode."))
    sets = sets_from_xml(root.find(f"{{{NS}}}Sets"), NS, "MemberCode", all_guids(specs), warnings)
    return CodebookFile(codes=specs, origin=(root.get("origin") or "").strip(), sets=sets, warnings=warnings)


def code_attributes(code: Code) -> dict[str, str]:
    attrs = {"guid": str(code.guid), "name": xml_text(code.name), "isCodable": "true" if code.is_codable else "false"}
    if code.color:
        attrs["color"] = code.color.upper()
    return attrs


def children_map(codes: Iterable[Code]) -> dict[int | None, list[Code]]:
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    return children


def _code_to_xml(parent_el: ET.Element, code: Code, children: dict[int | None, list[Code]]) -> None:
    el = ET.SubElement(parent_el, "Code", code_attributes(code))
    if code.description:
        ET.SubElement(el, "Description").text = xml_text(code.description)
    for child in children.get(code.pk, []):
        _code_to_xml(el, child, children)


def add_codes(parent_el: ET.Element, codebook: Codebook) -> None:
    children = children_map(codebook.codes.order_by("position", "id"))
    for code in children.get(None, []):
        _code_to_xml(parent_el, code, children)


def export_qdc(codebook: Codebook) -> bytes:
    """Codebook.xsd-valid XML: <Sets> only when the codebook has sets (an empty <Sets/> is invalid)."""
    root = ET.Element("CodeBook", {"xmlns": NS, "origin": ORIGIN})
    add_codes(ET.SubElement(root, "Codes"), codebook)
    code_sets = list(codebook.code_sets.prefetch_related("codes").order_by("name", "id"))
    if code_sets:
        sets_el = ET.SubElement(root, "Sets")
        for code_set in code_sets:
            set_el = ET.SubElement(sets_el, "Set", {"guid": str(code_set.guid), "name": xml_text(code_set.name)})
            if code_set.description:
                ET.SubElement(set_el, "Description").text = xml_text(code_set.description)
            for code in sorted(code_set.codes.all(), key=lambda c: (c.position, c.pk)):
                ET.SubElement(set_el, "MemberCode", {"guid": str(code.guid)})
    return xml_bytes(root)
