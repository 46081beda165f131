"""REFI-QDA project export (.qdpx): a zip of project.qde (Project.xsd-valid) and the transcripts as sources.

What goes in, for one codebook: its users (every coder of its segments), codes (hierarchy, isCodable,
colour), code sets, and every transcript that has a segment in it as a TextSource whose text is
``sources/<guid>.txt`` (UTF-8, exactly the stored text, so character offsets hold). Each segment is a
PlainTextSelection (startPosition/endPosition in characters, Python code points, as Tilik stores them)
with one Coding per code; the segment memo is the selection's Description. The interviewee's name is
never written: a source is named by the interview code.

GUIDs Tilik has no column for (users, sources, selections, codings) are UUID5 of stable keys, so the
same data exports to the same file and a re-import can recognise its own users and transcripts.
"""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - only used to *write* XML
import zipfile
from typing import Any

from tilik.interviews.exchange.codes_qdc import add_codes
from tilik.interviews.exchange.common import ORIGIN, xml_bytes, xml_text
from tilik.interviews.models import Codebook, Segment, Transcript

PROJECT_NS = "urn:QDA-XML:project:1.0"
TILIK_NS = uuid.UUID("6f1c9a52-3d2e-5b7a-9c41-7a1d0e2b5f30")  # fixed: GUIDs must not change between exports


def user_guid(user: Any) -> uuid.UUID:
    return uuid.uuid5(TILIK_NS, f"user:{user.get_username()}")


def source_guid(transcript: Transcript) -> uuid.UUID:
    return uuid.uuid5(TILIK_NS, f"interview:{transcript.interview.code}")


def selection_guid(segment: Segment) -> uuid.UUID:
    return uuid.uuid5(TILIK_NS, f"segment:{segment.pk}")


def _datetime(value: Any) -> str:
    return value.isoformat(timespec="seconds")


def project_xml(codebook: Codebook) -> tuple[bytes, dict[str, str], int]:
    """(project.qde bytes, {zip path: text} of the sources, number of segments)."""
    segments = list(
        Segment.objects.filter(codebook=codebook)
        .select_related("coder", "transcript__interview")
        .prefetch_related("codes")
        .order_by("transcript__interview__code", "start", "end", "pk")
    )
    root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": xml_text(codebook.name), "origin": ORIGIN})
    root.set("creationDateTime", _datetime(codebook.created_at))
    users = {s.coder_id: s.coder for s in segments}
    if users:
        users_el = ET.SubElement(root, "Users")
        for user in sorted(users.values(), key=lambda u: u.get_username()):
            ET.SubElement(users_el, "User", {"guid": str(user_guid(user)), "name": user.get_username()})
    if codebook.codes.exists():
        add_codes(ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes"), codebook)
    files: dict[str, str] = {}
    by_transcript: dict[int, list[Segment]] = {}
    for segment in segments:
        by_transcript.setdefault(segment.transcript_id, []).append(segment)
    if by_transcript:
        sources_el = ET.SubElement(root, "Sources")
        for items in by_transcript.values():
            transcript = items[0].transcript
            guid = source_guid(transcript)
            files[f"sources/{guid}.txt"] = transcript.text
            source_el = ET.SubElement(
                sources_el,
                "TextSource",
                {"guid": str(guid), "name": transcript.interview.code, "plainTextPath": f"internal://{guid}.txt"},
            )
            for segment in items:
                _selection(source_el, segment)
    code_sets = list(codebook.code_sets.prefetch_related("codes").order_by("name", "id"))
    if code_sets:
        sets_el = ET.SubElement(root, "Sets")
        for code_set in code_sets:
            set_el = ET.SubElement(sets_el, "Set", {"guid": str(code_set.guid), "name": xml_text(code_set.name)})
            if code_set.description:
                ET.SubElement(set_el, "Description").text = xml_text(code_set.description)
            for code in sorted(code_set.codes.all(), key=lambda c: (c.position, c.pk)):
                ET.SubElement(set_el, "MemberCode", {"targetGUID": str(code.guid)})
    if codebook.description:
        ET.SubElement(root, "Description").text = xml_text(codebook.description)
    return xml_bytes(root), files, len(segments)


def _selection(source_el: ET.Element, segment: Segment) -> None:
    guid = selection_guid(segment)
    creator = str(user_guid(segment.coder))
    selection = ET.SubElement(
        source_el,
        "PlainTextSelection",
        {
            "guid": str(guid),
            "name": xml_text(segment.quote[:60]),
            "startPosition": str(segment.start),
            "endPosition": str(segment.end),
            "creatingUser": creator,
            "creationDateTime": _datetime(segment.created_at),
        },
    )
    if segment.memo:
        ET.SubElement(selection, "Description").text = xml_text(segment.memo)
    for code in sorted(segment.codes.all(), key=lambda c: (c.position, c.pk)):
        coding = ET.SubElement(
            selection,
            "Coding",
            {"guid": str(uuid.uuid5(guid, str(code.guid))), "creatingUser": creator},
        )
        ET.SubElement(coding, "CodeRef", {"targetGUID": str(code.guid)})


def export_qdpx(codebook: Codebook) -> tuple[bytes, int]:
    """(.qdpx bytes, number of coded segments in it)."""
    qde, files, n_segments = project_xml(codebook)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue(), n_segments
