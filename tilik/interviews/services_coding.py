"""Writes for coding: segments (from a text selection or from ticked sentences) and keyword suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.interviews.models import Code, Codebook, Segment, Suggestion, Transcript
from tilik.interviews.text import keyword_spans, overlaps, split_sentences


def _check_codes(codebook: Codebook, codes: Sequence[Code]) -> list[Code]:
    if not codes:
        raise ValidationError(_("Pilih sedikitnya satu kode."))
    if any(code.codebook_id != codebook.pk for code in codes):
        raise ValidationError(_("Semua kode harus dari buku kode yang dipilih."))
    return list(codes)


def _check_span(text: str, start: int, end: int, quote: str | None) -> tuple[int, int]:
    if start < 0 or end > len(text) or start > end:
        raise ValidationError(
            _("Pilihan teks berada di luar transkrip (posisi %(start)d–%(end)d, panjang teks %(n)d).")
            % {"start": start, "end": end, "n": len(text)}
        )
    if quote is not None and text[start:end] != quote:
        raise ValidationError(
            _("Teks terpilih tidak cocok dengan transkrip. Muat ulang halaman lalu pilih lagi.")
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        raise ValidationError(_("Pilihan teks kosong. Pilih sebagian teks transkrip terlebih dahulu."))
    return start, end


@transaction.atomic
def segment_create(
    *,
    by: Any,
    transcript: Transcript,
    codebook: Codebook,
    start: int,
    end: int,
    codes: Sequence[Code],
    memo: str = "",
    quote: str | None = None,
) -> Segment:
    """Code text[start:end]. Leading/trailing spaces are trimmed; the same span coded again by the
    same coder adds the codes to the existing segment instead of duplicating it."""
    codes = _check_codes(codebook, codes)
    start, end = _check_span(transcript.text, start, end, quote)
    segment = (
        Segment.objects.select_for_update()
        .filter(transcript=transcript, codebook=codebook, coder=by, start=start, end=end)
        .first()
    )
    created = segment is None
    if segment is None:
        segment = Segment(
            transcript=transcript,
            codebook=codebook,
            coder=by,
            start=start,
            end=end,
            quote=transcript.text[start:end],
            memo=memo.strip(),
        )
        segment.full_clean()
        segment.save()
    elif memo.strip():
        segment.memo = f"{segment.memo}\n{memo.strip()}".strip()
        segment.save(update_fields=["memo"])
    segment.codes.add(*codes)
    audit_record(
        actor=by,
        action="segment.create" if created else "segment.add_codes",
        target=segment,
        codes=[c.pk for c in codes],
    )
    return segment


def merge_runs(
    spans: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Join ticked sentences that are neighbours in the transcript into one span each."""
    index = {s: i for i, s in enumerate(sentences)}
    ordered = sorted(set(spans), key=lambda s: index[s])
    runs: list[tuple[int, int]] = []
    last = -2
    for span in ordered:
        i = index[span]
        if runs and i == last + 1:
            runs[-1] = (runs[-1][0], span[1])
        else:
            runs.append(span)
        last = i
    return runs


@transaction.atomic
def segments_create_from_sentences(
    *,
    by: Any,
    transcript: Transcript,
    codebook: Codebook,
    spans: Sequence[tuple[int, int]],
    codes: Sequence[Code],
    memo: str = "",
) -> list[Segment]:
    """The no-JavaScript path: the coder ticks sentences; neighbouring ticks become one segment."""
    if not spans:
        raise ValidationError(_("Centang sedikitnya satu kalimat."))
    sentences = split_sentences(transcript.text)
    known = set(sentences)
    if any(span not in known for span in spans):
        raise ValidationError(_("Kalimat terpilih tidak cocok dengan transkrip. Muat ulang halaman."))
    return [
        segment_create(
            by=by, transcript=transcript, codebook=codebook, start=s, end=e, codes=codes, memo=memo
        )
        for s, e in merge_runs(spans, sentences)
    ]


@transaction.atomic
def segment_update(
    *,
    segment: Segment,
    by: Any,
    memo: str | None = None,
    codes: Sequence[Code] | None = None,
    starred: bool | None = None,
) -> Segment:
    changed = []
    if memo is not None:
        segment.memo = memo.strip()
        changed.append("memo")
    if starred is not None:
        segment.starred = starred
        changed.append("starred")
    segment.full_clean()
    segment.save()
    if codes is not None:
        segment.codes.set(_check_codes(segment.codebook, codes))
        changed.append("codes")
    audit_record(actor=by, action="segment.update", target=segment, fields=changed)
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment, by: Any) -> None:
    audit_record(actor=by, action="segment.delete", target=segment, coder=segment.coder_id)
    Suggestion.objects.filter(segment=segment).update(segment=None)
    segment.delete()


@transaction.atomic
def suggestions_generate(
    *, codebook: Codebook, by: Any, transcripts: Sequence[Transcript] | None = None
) -> int:
    """Propose sentences that contain a code's keywords. Sentences already coded with that code, or already
    proposed (whatever the decision), are skipped. Returns how many new suggestions were made."""
    codes = [c for c in codebook.codes.all() if c.keyword_list]
    if transcripts is None:
        transcripts = list(Transcript.objects.filter(interview__consent=True))
    created = 0
    for transcript in transcripts:
        sentences = split_sentences(transcript.text)
        coded: dict[int, list[tuple[int, int]]] = {}
        for seg in Segment.objects.filter(transcript=transcript, codebook=codebook).prefetch_related("codes"):
            for code in seg.codes.all():
                coded.setdefault(code.pk, []).append((seg.start, seg.end))
        seen = {
            (s.code_id, s.start, s.end)
            for s in Suggestion.objects.filter(transcript=transcript, code__codebook=codebook)
        }
        new = []
        for code in codes:
            hits = [(kw, span) for kw in code.keyword_list for span in keyword_spans(transcript.text, kw)]
            for sentence in sentences:
                match = next((kw for kw, span in hits if overlaps(span, sentence)), None)
                if match is None or (code.pk, *sentence) in seen:
                    continue
                if any(overlaps(sentence, span) for span in coded.get(code.pk, [])):
                    continue
                seen.add((code.pk, *sentence))
                new.append(
                    Suggestion(
                        code=code,
                        transcript=transcript,
                        start=sentence[0],
                        end=sentence[1],
                        keyword=match[:120],
                    )
                )
        Suggestion.objects.bulk_create(new)
        created += len(new)
    audit_record(actor=by, action="suggestion.generate", target=codebook, created=created)
    return created


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, by: Any) -> Segment:
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError(_("Saran ini sudah diputuskan."))
    segment = segment_create(
        by=by,
        transcript=suggestion.transcript,
        codebook=suggestion.code.codebook,
        start=suggestion.start,
        end=suggestion.end,
        codes=[suggestion.code],
    )
    suggestion.status, suggestion.decided_by, suggestion.segment = Suggestion.Status.ACCEPTED, by, segment
    suggestion.full_clean()
    suggestion.save()
    audit_record(actor=by, action="suggestion.accept", target=suggestion)
    return segment


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, by: Any) -> Suggestion:
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError(_("Saran ini sudah diputuskan."))
    suggestion.status, suggestion.decided_by = Suggestion.Status.REJECTED, by
    suggestion.full_clean()
    suggestion.save()
    audit_record(actor=by, action="suggestion.reject", target=suggestion)
    return suggestion
