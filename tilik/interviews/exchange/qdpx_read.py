"""Reading a REFI-QDA project (.qdpx): checked whole before anything is written.

The archive is checked for zip bombs first (declared sizes), project.qde is parsed by defusedxml (no
entities, no DTDs) and then validated against the official Project.xsd; only a valid project is read.
The result is a plan: what will come (codes, sets, text sources, selections) and, in Indonesian, every
thing that cannot come and why (PDF, picture, audio and video sources; whole-document codings;
selections outside their text; codings by users who have no Tilik account). Nothing is written here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tilik.interviews.exchange.codes_qdc import all_guids, code_from_xml, sets_from_xml
from tilik.interviews.exchange.common import SetSpec, parse_guid, safe_fromstring
from tilik.interviews.exchange.qdpx_archive import QdpxArchive, open_archive
from tilik.interviews.exchange.qdpx_export import PROJECT_NS, user_guid
from tilik.interviews.exchange.qdpx_quirks import CrlfOnce, counts_crlf_once, normalise_namespace
from tilik.interviews.exchange.qdpx_unread import unread_parts
from tilik.interviews.exchange.schemas import schema_errors
from tilik.interviews.services_codes import CodeSpec

N = f"{{{PROJECT_NS}}}"
OTHER_SOURCES = {
    "PDFSource": "PDF",
    "PictureSource": "gambar",
    "AudioSource": "audio",
    "VideoSource": "video",
}


@dataclass
class SelectionPlan:
    start: int
    end: int
    codes: list[uuid.UUID]
    user: Any  # a Tilik account, or None: the importing evaluator codes it (said in the warnings)
    memo: str = ""


@dataclass
class SourcePlan:
    guid: uuid.UUID
    name: str
    text: str
    selections: list[SelectionPlan] = field(default_factory=list)


@dataclass
class ProjectPlan:
    name: str
    origin: str
    codes: list[CodeSpec]
    sets: list[SetSpec]
    sources: list[SourcePlan]
    not_kept: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was read differently from the standard, and how

    @property
    def n_codes(self) -> int:
        def count(specs: list[CodeSpec]) -> int:
            return sum(1 + count(s.children) for s in specs)

        return count(self.codes)

    @property
    def n_selections(self) -> int:
        return sum(len(s.selections) for s in self.sources)


def _source_text(source_el: Any, archive: QdpxArchive, name: str) -> tuple[str | None, str]:
    """(text, reason it cannot be read)."""
    content = source_el.find(f"{N}PlainTextContent")
    if content is not None:
        return content.text or "", ""
    path = source_el.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        return None, _("teks sumber “%(name)s” ada di luar berkas (%(path)s)") % {
            "name": name,
            "path": path[:80] or _("tanpa plainTextPath"),
        }
    data = archive.source(path[len("internal://") :])
    if data is None:
        return None, _("berkas teks %(path)s untuk sumber “%(name)s” tidak ada di arsip") % {
            "path": path[:80],
            "name": name,
        }
    try:
        # Plain text in REFI-QDA is UTF-8; a BOM is not part of the text positions count.
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, _("teks sumber “%(name)s” bukan UTF-8") % {"name": name}


def _users(root: Any) -> dict[uuid.UUID, tuple[Any, str]]:
    """File user GUID -> (Tilik account or None, name): same username, or the GUID Tilik writes for it."""
    accounts = {u.get_username(): u for u in get_user_model().objects.filter(is_active=True)}
    by_guid = {user_guid(u): u for u in accounts.values()}
    result: dict[uuid.UUID, tuple[Any, str]] = {}
    users_el = root.find(f"{N}Users")
    for user_el in users_el.findall(f"{N}User") if users_el is not None else []:
        guid = parse_guid(user_el.get("guid"), "User") or uuid.uuid4()  # required by the schema
        name = user_el.get("name") or user_el.get("id") or str(guid)
        result[guid] = (by_guid.get(guid) or accounts.get(name), name)
    return result


def read_qdpx(upload: Any) -> ProjectPlan:
    """Check and read an uploaded .qdpx; raise ValidationError for a file that cannot be read at all."""
    with open_archive(upload) as archive:
        return _read_project(archive)


def _note_texts(root: Any, archive: QdpxArchive) -> dict[str, str]:
    """Note GUID (lower case) -> its text: PlainTextContent, or the plain-text file it names (NVivo, QualCoder)."""
    texts: dict[str, str] = {}
    for note in root.findall(f"{N}Notes/{N}Note"):
        text = note.findtext(f"{N}PlainTextContent")
        path = note.get("plainTextPath") or ""
        if text is None and path.startswith("internal://"):
            data = archive.source(path[len("internal://") :])
            text = data.decode("utf-8-sig", errors="replace") if data is not None else ""
        texts[(note.get("guid") or "").lower()] = (text or "").strip()
    return texts


def _read_project(archive: QdpxArchive) -> ProjectPlan:
    qde, notice = normalise_namespace(archive.qde, "project")
    notices = archive.notices + ([notice] if notice else [])
    root = safe_fromstring(qde, archive.qde_name[:80])
    if root.tag != f"{N}Project":
        raise ValidationError(
            _('Ini bukan proyek REFI-QDA: elemen akar harus <Project xmlns="%(ns)s">.') % {"ns": PROJECT_NS}
        )
    errors = schema_errors(qde, "project", limit=5)
    if errors:
        raise ValidationError(
            _("project.qde tidak sesuai skema REFI-QDA Project: %(errors)s") % {"errors": "; ".join(errors)}
        )
    not_kept: list[str] = []
    codes_el = root.find(f"{N}CodeBook/{N}Codes")
    codes = [code_from_xml(el, PROJECT_NS, 0, not_kept) for el in codes_el] if codes_el is not None else []
    if not codes:
        raise ValidationError(_("Proyek ini tidak memuat kode; tidak ada yang dapat diimpor."))
    origin = (root.get("origin") or "").strip()[:200]
    ctx = _Context(
        known=all_guids(codes),
        users=_users(root),
        notes=_note_texts(root, archive),
        crlf_once=counts_crlf_once(origin),
        raw_crlf=b"\r\n" in qde,
        not_kept=not_kept,
    )
    sets = sets_from_xml(root.find(f"{N}Sets"), PROJECT_NS, "MemberCode", ctx.known, not_kept)
    sources_el = root.find(f"{N}Sources")
    sources = [
        plan
        for source_el in (list(sources_el) if sources_el is not None else [])
        if (plan := _plan_source(source_el, archive, ctx)) is not None
    ]
    _summarise(sources, ctx, notices)
    not_kept += unread_parts(root, N, ctx.used_notes)
    return ProjectPlan(
        name=(root.get("name") or "").strip()[:200],
        origin=origin,
        codes=codes,
        sets=sets,
        sources=sources,
        not_kept=not_kept,
        notices=notices,
    )


@dataclass
class _Context:
    known: set[uuid.UUID]
    users: dict[uuid.UUID, tuple[Any, str]]
    notes: dict[str, str]
    crlf_once: bool
    raw_crlf: bool  # project.qde has CRLF somewhere: text embedded in it may have lost its CRs to XML
    not_kept: list[str]
    used_notes: set[str] = field(default_factory=set)
    missing_users: dict[str, int] = field(default_factory=dict)
    uncoded: int = 0
    remapped: int = 0


def _plan_source(source_el: Any, archive: QdpxArchive, ctx: _Context) -> SourcePlan | None:
    kind = source_el.tag.removeprefix(N)
    name = (source_el.get("name") or source_el.get("guid") or "").strip()
    if kind in OTHER_SOURCES:
        n = len(source_el.findall(f".//{N}Coding"))
        ctx.not_kept.append(
            _("Sumber %(kind)s “%(name)s” (%(n)d pengodean) tidak diimpor: Tilik hanya mengode teks transkrip.")
            % {"kind": OTHER_SOURCES[kind], "name": name[:80], "n": n}
        )
        return None
    text, reason = _source_text(source_el, archive, name[:80])
    if text is None:
        ctx.not_kept.append(_("Sumber “%(name)s” tidak diimpor: %(reason)s.") % {"name": name[:80], "reason": reason})
        return None
    embedded = source_el.find(f"{N}PlainTextContent") is not None
    if embedded and ctx.raw_crlf and "\n" in text and "\r" not in text:
        # XML reads a raw CRLF in element text as LF; only &#13; keeps the CR. Positions may then be off.
        ctx.not_kept.append(
            _(
                "Sumber “%(name)s”: teksnya tertanam di XML dengan baris baru CRLF, yang dibaca XML sebagai LF; "
                "bila aplikasi asalnya menghitung CRLF sebagai dua karakter, segmen bergeser. Periksa kutipannya "
                "sesudah impor."
            )
            % {"name": name[:80]}
        )
    guid = parse_guid(source_el.get("guid"), name[:60]) or uuid.uuid4()  # required by the schema
    plan = SourcePlan(guid=guid, name=name[:200] or str(guid), text=text)
    whole = source_el.findall(f"{N}Coding")
    if whole:
        ctx.not_kept.append(
            ngettext(
                "Sumber “%(name)s”: %(n)d pengodean seluruh dokumen tidak diimpor (Tilik mengode bagian teks).",
                "Sumber “%(name)s”: %(n)d pengodean seluruh dokumen tidak diimpor (Tilik mengode bagian teks).",
                len(whole),
            )
            % {"name": name[:80], "n": len(whole)}
        )
    positions = CrlfOnce(text) if ctx.crlf_once and "\r\n" in text else None
    for sel in source_el.findall(f"{N}PlainTextSelection"):
        _plan_selection(sel, plan, positions, ctx)
    return plan


def _summarise(sources: list[SourcePlan], ctx: _Context, notices: list[str]) -> None:
    if ctx.uncoded:
        ctx.not_kept.append(
            _(
                "%(n)d pilihan teks tanpa kode (komentar atau anotasi) tidak diimpor: Tilik menyimpan segmen "
                "yang berkode."
            )
            % {"n": ctx.uncoded}
        )
    anonymous = sum(1 for source in sources for sel in source.selections if sel.user is None)
    if anonymous:
        ctx.not_kept.append(
            _("%(n)d segmen tidak menyebut pengodenya (creatingUser); segmen itu dicatat atas nama Anda.")
            % {"n": anonymous}
        )
    for user_name, n in ctx.missing_users.items():
        ctx.not_kept.append(
            _(
                "Pengode “%(user)s” tidak punya akun di Tilik: %(n)d segmen berkodenya tidak diimpor. "
                "Buat akun dengan nama pengguna yang sama, lalu impor lagi."
            )
            % {"user": user_name[:80], "n": n}
        )
    if ctx.remapped:
        notices.append(
            _(
                "ATLAS.ti menghitung setiap baris baru CRLF sebagai satu karakter; posisi %(n)d segmen "
                "dipetakan ke teks asli (CRLF tetap tersimpan)."
            )
            % {"n": ctx.remapped}
        )


def _plan_selection(sel: Any, plan: SourcePlan, positions: CrlfOnce | None, ctx: _Context) -> None:
    start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
    if start == end:  # schema-legal; ATLAS.ti 26 writes such selections for comments (qdpx-toolkit findings)
        ctx.not_kept.append(
            _("Sumber “%(name)s”: pilihan kosong di posisi %(start)d (awal sama dengan akhir); tidak diimpor.")
            % {"name": plan.name[:80], "start": start}
        )
        return
    if positions is not None:
        span = positions.span(start, end)
    else:
        span = (start, end) if 0 <= start < end <= len(plan.text) else None
    if span is None:
        ctx.not_kept.append(
            _("Sumber “%(name)s”: pilihan %(start)d–%(end)d berada di luar teks (%(n)d karakter); tidak diimpor.")
            % {"name": plan.name[:80], "start": start, "end": end, "n": len(plan.text)}
        )
        return
    code_guids = [parse_guid(c.get("targetGUID"), "CodeRef") for c in sel.findall(f"{N}Coding/{N}CodeRef")]
    if not code_guids:
        ctx.uncoded += 1
        return
    unknown = [g for g in code_guids if g not in ctx.known]
    if unknown:
        ctx.not_kept.append(
            _("Sumber “%(name)s”: pengodean dengan kode %(guid)s yang tidak ada di buku kode; tidak diimpor.")
            % {"name": plan.name[:80], "guid": unknown[0]}
        )
    codes = [g for g in dict.fromkeys(code_guids) if g in ctx.known and g is not None]
    if not codes:
        return
    creator = sel.get("creatingUser") or next(
        (c.get("creatingUser") for c in sel.findall(f"{N}Coding") if c.get("creatingUser")), None
    )
    user = None
    if creator:
        guid = parse_guid(creator, "creatingUser")
        user, user_name = ctx.users.get(guid, (None, str(guid))) if guid is not None else (None, "")
        if user is None:
            ctx.missing_users[user_name] = ctx.missing_users.get(user_name, 0) + 1
            return
    refs = [(ref.get("targetGUID") or "").lower() for ref in sel.findall(f"{N}NoteRef")]
    ctx.used_notes.update(refs)
    memo_parts = [(sel.findtext(f"{N}Description") or "").strip()] + [ctx.notes.get(ref, "") for ref in refs]
    ctx.remapped += positions is not None
    plan.selections.append(
        SelectionPlan(start=span[0], end=span[1], codes=codes, user=user, memo="\n".join(p for p in memo_parts if p))
    )
