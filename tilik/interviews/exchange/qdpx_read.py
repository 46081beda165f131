"""Reading a REFI-QDA project (.qdpx): checked whole before anything is written.

The archive is checked for zip bombs first (declared sizes), project.qde is parsed by defusedxml (no
entities, no DTDs) and then validated against the official Project.xsd; only a valid project is read.
The result is a plan: what will come (codes, sets, text sources, selections) and, in Indonesian, every
thing that cannot come and why (PDF, picture, audio and video sources; whole-document codings;
selections outside their text; codings by users who have no Tilik account). Nothing is written here.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tilik.core.security.zipcheck import ZipRefused, zip_members
from tilik.interviews.exchange.codes_qdc import all_guids, code_from_xml, sets_from_xml
from tilik.interviews.exchange.common import SetSpec, parse_guid, safe_fromstring
from tilik.interviews.exchange.qdpx_export import PROJECT_NS, user_guid
from tilik.interviews.exchange.schemas import schema_errors
from tilik.interviews.extract import check_size
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

    @property
    def n_codes(self) -> int:
        def count(specs: list[CodeSpec]) -> int:
            return sum(1 + count(s.children) for s in specs)

        return count(self.codes)

    @property
    def n_selections(self) -> int:
        return sum(len(s.selections) for s in self.sources)


def qdpx_max_bytes() -> int:
    return int(getattr(settings, "TILIK_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def _read_archive(upload: Any) -> tuple[bytes, dict[str, bytes]]:
    check_size(upload, qdpx_max_bytes())
    try:
        names = zip_members(upload, upload.size)
    except ZipRefused as exc:
        if exc.reason == "zip_bomb":
            raise ValidationError(_("Berkas .qdpx mengembang terlalu besar saat dibuka; impor ditolak.")) from None
        raise ValidationError(_("Berkas .qdpx bukan arsip zip yang dapat dibaca.")) from None
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        qde = next((n for n in names if n.lower() == "project.qde"), None)
        if qde is None:
            raise ValidationError(_("Berkas .qdpx tidak memuat project.qde di akarnya."))
        files = {n: archive.read(n) for n in names if n.lower().startswith("sources/") and not n.endswith("/")}
        return archive.read(qde), files


def _source_text(source_el: Any, files: dict[str, bytes], name: str) -> tuple[str | None, str]:
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
    data = files.get("sources/" + path[len("internal://") :])
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
    qde, files = _read_archive(upload)
    root = safe_fromstring(qde, "project.qde")
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
    known = all_guids(codes)
    sets = sets_from_xml(root.find(f"{N}Sets"), PROJECT_NS, "MemberCode", known, not_kept)
    notes = {
        note.get("guid"): (note.findtext(f"{N}PlainTextContent") or "").strip()
        for note in root.findall(f"{N}Notes/{N}Note")
    }
    users = _users(root)
    missing_users: dict[str, int] = {}
    sources: list[SourcePlan] = []
    for source_el in root.find(f"{N}Sources") if root.find(f"{N}Sources") is not None else []:
        kind = source_el.tag.removeprefix(N)
        name = (source_el.get("name") or source_el.get("guid") or "").strip()
        if kind in OTHER_SOURCES:
            n = len(source_el.findall(f".//{N}Coding"))
            not_kept.append(
                _("Sumber %(kind)s “%(name)s” (%(n)d pengodean) tidak diimpor: Tilik hanya mengode teks transkrip.")
                % {"kind": OTHER_SOURCES[kind], "name": name[:80], "n": n}
            )
            continue
        text, reason = _source_text(source_el, files, name[:80])
        if text is None:
            not_kept.append(_("Sumber “%(name)s” tidak diimpor: %(reason)s.") % {"name": name[:80], "reason": reason})
            continue
        guid = parse_guid(source_el.get("guid"), name[:60]) or uuid.uuid4()  # required by the schema
        plan = SourcePlan(guid=guid, name=name[:200] or str(guid), text=text)
        whole = source_el.findall(f"{N}Coding")
        if whole:
            not_kept.append(
                ngettext(
                    "Sumber “%(name)s”: %(n)d pengodean seluruh dokumen tidak diimpor (Tilik mengode bagian teks).",
                    "Sumber “%(name)s”: %(n)d pengodean seluruh dokumen tidak diimpor (Tilik mengode bagian teks).",
                    len(whole),
                )
                % {"name": name[:80], "n": len(whole)}
            )
        for sel in source_el.findall(f"{N}PlainTextSelection"):
            _plan_selection(sel, plan, known, users, notes, missing_users, not_kept)
        sources.append(plan)
    anonymous = sum(1 for source in sources for sel in source.selections if sel.user is None)
    if anonymous:
        not_kept.append(
            _("%(n)d segmen tidak menyebut pengodenya (creatingUser); segmen itu dicatat atas nama Anda.")
            % {"n": anonymous}
        )
    for user_name, n in missing_users.items():
        not_kept.append(
            _(
                "Pengode “%(user)s” tidak punya akun di Tilik: %(n)d segmen berkodenya tidak diimpor. "
                "Buat akun dengan nama pengguna yang sama, lalu impor lagi."
            )
            % {"user": user_name[:80], "n": n}
        )
    if not codes:
        raise ValidationError(_("Proyek ini tidak memuat kode; tidak ada yang dapat diimpor."))
    return ProjectPlan(
        name=(root.get("name") or "").strip()[:200],
        origin=(root.get("origin") or "").strip()[:200],
        codes=codes,
        sets=sets,
        sources=sources,
        not_kept=not_kept,
    )


def _plan_selection(
    sel: Any,
    plan: SourcePlan,
    known: set[uuid.UUID],
    users: dict[uuid.UUID, tuple[Any, str]],
    notes: dict[str | None, str],
    missing_users: dict[str, int],
    not_kept: list[str],
) -> None:
    start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
    if not 0 <= start < end <= len(plan.text):
        not_kept.append(
            _("Sumber “%(name)s”: pilihan %(start)d–%(end)d berada di luar teks (%(n)d karakter); tidak diimpor.")
            % {"name": plan.name[:80], "start": start, "end": end, "n": len(plan.text)}
        )
        return
    code_guids = [parse_guid(c.get("targetGUID"), "CodeRef") for c in sel.findall(f"{N}Coding/{N}CodeRef")]
    unknown = [g for g in code_guids if g not in known]
    if unknown:
        not_kept.append(
            _("Sumber “%(name)s”: pengodean dengan kode %(guid)s yang tidak ada di buku kode; tidak diimpor.")
            % {"name": plan.name[:80], "guid": unknown[0]}
        )
    codes = [g for g in dict.fromkeys(code_guids) if g in known and g is not None]
    if not codes:
        return
    creator = sel.get("creatingUser") or next(
        (c.get("creatingUser") for c in sel.findall(f"{N}Coding") if c.get("creatingUser")), None
    )
    user = None
    if creator:
        guid = parse_guid(creator, "creatingUser")
        user, user_name = users.get(guid, (None, str(guid))) if guid is not None else (None, "")
        if user is None:
            missing_users[user_name] = missing_users.get(user_name, 0) + 1
            return
    memo_parts = [(sel.findtext(f"{N}Description") or "").strip()]
    memo_parts += [notes.get(ref.get("targetGUID"), "") for ref in sel.findall(f"{N}NoteRef")]
    plan.selections.append(
        SelectionPlan(start=start, end=end, codes=codes, user=user, memo="\n".join(p for p in memo_parts if p))
    )
