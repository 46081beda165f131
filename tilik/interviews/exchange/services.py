"""Writing what an exchange file brought: a codebook with its sets, or a REFI-QDA project (all or nothing, audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models import Role
from tilik.interviews.exchange.common import CodebookFile, SetSpec
from tilik.interviews.exchange.qdpx_read import ProjectPlan, SourcePlan
from tilik.interviews.models import Codebook, CodeSet, Interview, IntervieweeRole, Segment, Transcript
from tilik.interviews.services_codes import codebook_create


def create_sets(*, codebook: Codebook, sets: list[SetSpec]) -> list[CodeSet]:
    by_guid = {code.guid: code for code in codebook.codes.all()}
    created = []
    for spec in sets:
        code_set = CodeSet(codebook=codebook, name=spec.name, description=spec.description)
        if spec.guid is not None:
            code_set.guid = spec.guid
        code_set.full_clean()
        code_set.save()
        code_set.codes.set([by_guid[g] for g in dict.fromkeys(spec.members) if g in by_guid])
        created.append(code_set)
    return created


@transaction.atomic
def codebook_import(*, by: Any, name: str, parsed: CodebookFile, program: Any = None) -> Codebook:
    """Create a codebook from a parsed .qdc/.csv: codes, then sets; one audit event says what came."""
    codebook = codebook_create(by=by, name=name, program=program, codes=parsed.codes, origin=parsed.origin)
    code_sets = create_sets(codebook=codebook, sets=parsed.sets)
    audit_record(
        actor=by,
        action="codebook.import",
        target=codebook,
        origin=parsed.origin[:200],
        codes=codebook.codes.count(),
        sets=len(code_sets),
        not_kept=len(parsed.warnings),
    )
    return codebook


def _interview_code(name: str, taken: set[str]) -> str:
    base = (slugify(name)[:24] or "impor").upper()
    code, n = base, 1
    while code.casefold() in taken:
        n += 1
        code = f"{base}-{n}"[:30]
    taken.add(code.casefold())
    return code


@transaction.atomic
def project_import(
    *, by: Any, plan: ProjectPlan, name: str, unit: Any, consent_recorded: bool, program: Any = None
) -> Codebook:
    """Write a checked .qdpx plan, all or nothing: a new codebook (codes, sets), one interview and
    transcript per text source (named by the source, role "lainnya"), and the coded selections with
    their exact offsets. Sources whose interview code already exists with the same text are coded in
    place; with another text they are refused (the offsets would not match)."""
    if plan.sources and not consent_recorded:
        raise ValidationError(
            _(
                "Transkrip adalah data pribadi: nyatakan bahwa persetujuan narasumber untuk sumber-sumber "
                "di berkas ini sudah tercatat sebelum mengimpornya."
            )
        )
    codebook = codebook_create(by=by, name=name, program=program, codes=plan.codes, origin=plan.origin)
    create_sets(codebook=codebook, sets=plan.sets)
    codes = {code.guid: code for code in codebook.codes.all()}
    taken = {c.casefold() for c in Interview.objects.values_list("code", flat=True)}
    n_segments = 0
    created: set[int] = set()  # transcripts made by this import: a second source of the same name is its own
    for source in plan.sources:
        transcript = _transcript_for(source, by=by, unit=unit, taken=taken, created=created)
        # A pengode account sees only assigned interviews: assign those whose codings came with the file.
        pengode = {sel.user for sel in source.selections if sel.user is not None and _is_coder(sel.user)}
        if pengode:
            transcript.interview.coders.add(*pengode)
        merged: dict[tuple[int, int, int], Segment] = {}
        for sel in source.selections:
            coder = sel.user or by
            key = (coder.pk, sel.start, sel.end)
            segment = merged.get(key)
            if segment is None:
                segment = Segment(
                    transcript=transcript,
                    codebook=codebook,
                    coder=coder,
                    start=sel.start,
                    end=sel.end,
                    quote=transcript.text[sel.start : sel.end],
                    memo=sel.memo,
                )
                segment.full_clean()
                segment.save()
                merged[key] = segment
                n_segments += 1
            elif sel.memo and sel.memo not in segment.memo.split("\n"):
                segment.memo = f"{segment.memo}\n{sel.memo}".strip()
                segment.save(update_fields=["memo"])
            segment.codes.add(*(codes[g] for g in sel.codes))
    audit_record(
        actor=by,
        action="project.import",
        target=codebook,
        origin=plan.origin,
        codes=len(codes),
        sources=len(plan.sources),
        segments=n_segments,
        not_kept=len(plan.not_kept),
    )
    return codebook


def _is_coder(user: Any) -> bool:
    return getattr(getattr(user, "profile", None), "role", "") == Role.CODER


def _transcript_for(source: SourcePlan, *, by: Any, unit: Any, taken: set[str], created: set[int]) -> Transcript:
    existing = (
        Transcript.objects.select_related("interview")
        .filter(interview__code__iexact=source.name[:30])
        .exclude(pk__in=created)
        .first()
    )
    if existing is not None:
        if existing.text != source.text:
            raise ValidationError(
                _(
                    "Wawancara %(code)s sudah ada di Tilik dengan teks transkrip yang berbeda; posisi pengodean "
                    "tidak akan cocok. Ubah nama sumber di berkas atau hapus wawancara itu dulu."
                )
                % {"code": existing.interview.code}
            )
        return existing
    interview = Interview(
        code=_interview_code(source.name, taken),
        role=IntervieweeRole.LAINNYA,
        unit=unit,
        held_on=timezone.localdate(),
        consent=True,
        consent_note=_("Dinyatakan tercatat oleh %(user)s saat impor proyek REFI-QDA.") % {"user": by.get_username()},
    )
    interview.full_clean()
    interview.save()
    # The text exactly as in the file (no normalising): the selections' offsets point into it.
    transcript = Transcript(interview=interview, text=source.text, source=Transcript.Source.TXT)
    transcript.original_name = source.name[:255]
    transcript.full_clean()
    transcript.save()
    created.add(transcript.pk)
    return transcript
