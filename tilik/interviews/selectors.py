"""Reads for interviews and coding: lists, filters, code trees and quotes. Analyses: selectors_analysis.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from tilik.interviews.models import Code, Codebook, Interview, Segment, Suggestion, Transcript
from tilik.interviews.text import chunk_text, split_sentences
from tilik.org.choices import UnitType


def interviews(*, role: str = "", unit: Any = None, program: Any = None, coder: Any = None) -> QuerySet[Interview]:
    """With ``coder``: segments counted are that coder's only (a pengode does not see others' work)."""
    only = Q(transcript__segments__coder=coder) if coder is not None else None
    qs = Interview.objects.select_related("unit", "interviewer", "transcript").annotate(
        n_segments=Count("transcript__segments", distinct=True, filter=only)
    )
    if role:
        qs = qs.filter(role=role)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if program is not None:
        qs = qs.filter(programs=program)
    return qs


def transcript_of(interview: Interview) -> Transcript | None:
    return Transcript.objects.filter(interview=interview).first()


def code_tree(codebook: Codebook) -> list[tuple[Code, int]]:
    """Codes in display order with their depth (parents before children)."""
    codes = list(codebook.codes.order_by("position", "id"))
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    out: list[tuple[Code, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            out.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return out


def codebooks() -> QuerySet[Codebook]:
    return Codebook.objects.select_related("program").annotate(
        n_codes=Count("codes", distinct=True), n_segments=Count("segments", distinct=True)
    )


def coders(codebook: Codebook) -> list[Any]:
    ids = Segment.objects.filter(codebook=codebook).values("coder")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def segments(
    *,
    codebook: Codebook,
    code: Code | None = None,
    unit: Any = None,
    role: str = "",
    coder: Any = None,
    starred: bool | None = None,
    transcript: Transcript | None = None,
) -> QuerySet[Segment]:
    qs = (
        Segment.objects.filter(codebook=codebook)
        .select_related("coder", "transcript__interview__unit")
        .prefetch_related("codes")
    )
    if code is not None:
        qs = qs.filter(codes=code)
    if unit is not None:
        qs = qs.filter(transcript__interview__unit__path__startswith=unit.path)
    if role:
        qs = qs.filter(transcript__interview__role=role)
    if coder is not None:
        qs = qs.filter(coder=coder)
    if starred is not None:
        qs = qs.filter(starred=starred)
    if transcript is not None:
        qs = qs.filter(transcript=transcript)
    return qs.order_by("transcript__interview__code", "start", "end", "id")


def attribution(interview: Interview) -> str:
    """How a quote is attributed in a report: role and unit type, never a name."""
    unit_type = (
        UnitType(interview.unit.unit_type).label if interview.unit.unit_type in UnitType.values else ""
    )
    return f"{interview.get_role_display()}, {unit_type}".rstrip(", ")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str
    colors: tuple[str, ...]
    segment_ids: tuple[int, ...]


def transcript_chunks(transcript: Transcript, shown: list[Segment]) -> list[Chunk]:
    """The transcript cut at segment boundaries, each piece with the colours of the codes covering it."""
    spans = [(s.start, s.end) for s in shown]
    chunks = []
    for start, end, covering in chunk_text(transcript.text, spans):
        colors: list[str] = []
        for i in covering:
            colors.extend(c.color for c in shown[i].codes.all())
        chunks.append(
            Chunk(
                start,
                end,
                transcript.text[start:end],
                tuple(dict.fromkeys(colors)),
                tuple(shown[i].pk for i in covering),
            )
        )
    return chunks


def sentences_of(transcript: Transcript) -> list[tuple[int, int, str]]:
    return [(s, e, transcript.text[s:e]) for s, e in split_sentences(transcript.text)]


def suggestions(
    *, codebook: Codebook, status: str = Suggestion.Status.PENDING, code: Code | None = None
) -> QuerySet[Suggestion]:
    qs = Suggestion.objects.filter(code__codebook=codebook, status=status).select_related(
        "code", "transcript__interview__unit"
    )
    if code is not None:
        qs = qs.filter(code=code)
    return qs.order_by("transcript__interview__code", "start", "code__position")


def suggestion_counts(codebook: Codebook) -> dict[str, int]:
    rows = Suggestion.objects.filter(code__codebook=codebook).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def code_usage(code: Code) -> dict[str, int]:
    return {
        "segments": code.segments.count(),
        "children": code.children.count(),
        "segments_only_code": code.segments.annotate(n=Count("codes")).filter(n=1).count(),
    }


def interview_has_segments(interview: Interview) -> bool:
    return Segment.objects.filter(Q(transcript__interview=interview)).exists()
