"""What the codebook and project readers share: parsed-file results, colours, GUIDs, safe XML parsing."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - only for ParseError and writing; parsing goes through defusedxml
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.interviews.services_codes import CodeSpec

ORIGIN = "Tilik"
_COLOR6 = re.compile(r"^#[0-9A-Fa-f]{6}$")
_COLOR3 = re.compile(r"^#[0-9A-Fa-f]{3}$")


@dataclass
class SetSpec:
    """A REFI-QDA <Set> of codes, members by code GUID."""

    name: str
    guid: uuid.UUID | None = None
    description: str = ""
    members: list[uuid.UUID] = field(default_factory=list)


@dataclass
class CodebookFile:
    """A parsed codebook file; ``warnings`` says in Indonesian what was not kept and why."""

    codes: list[CodeSpec]
    origin: str = ""
    sets: list[SetSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_color(value: str | None, where: str, warnings: list[str]) -> str:
    """#RRGGBB (upper case), #RGB widened, "" when absent; an unreadable colour is dropped with a warning."""
    value = (value or "").strip()
    if not value:
        return ""
    if _COLOR6.match(value):
        return value.upper()
    if _COLOR3.match(value):
        return ("#" + "".join(ch * 2 for ch in value[1:])).upper()
    warnings.append(
        _("Warna “%(color)s” pada %(where)s bukan #RRGGBB; kode disimpan tanpa warna.")
        % {"color": value[:20], "where": where[:80]}
    )
    return ""


def parse_guid(value: str | None, where: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise ValidationError(
            _("GUID “%(guid)s” pada %(where)s tidak valid.") % {"guid": value[:60], "where": where}
        ) from None


def safe_fromstring(data: bytes, kind: str) -> Any:
    """Parse untrusted XML (no entities, no DTDs, no network); ``kind`` names the file in messages."""
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException:
        raise ValidationError(_("Berkas XML memuat entitas atau DTD yang tidak diizinkan.")) from None
    except ET.ParseError as exc:
        raise ValidationError(
            _("Berkas %(kind)s bukan XML yang valid (%(error)s).") % {"kind": kind, "error": exc}
        ) from None


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text fit for an XML 1.0 attribute or element: control characters (e.g. a form feed from a .docx) dropped."""
    return _NOT_XML.sub("", value)


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
