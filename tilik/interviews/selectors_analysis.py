"""Analysis inputs and results for coded interviews: frequencies, the interview x code matrix,
co-occurrence, inter-coder agreement (via analysis.agreement) and suggestion precision.

Statistics are never computed here: Cohen's kappa comes from ``analysis.agreement``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from analysis.agreement import KappaResult, cohens_kappa
from tilik.core import fmt
from tilik.interviews.models import Code, Codebook, Interview, IntervieweeRole, Segment, Suggestion
from tilik.interviews.selectors import code_tree
from tilik.interviews.text import overlaps, sentence_labels, split_sentences


def _coded(codebook: Codebook, coder: Any = None) -> list[tuple[Segment, list[int]]]:
    qs = (
        Segment.objects.filter(codebook=codebook)
        .select_related("transcript__interview__unit")
        .prefetch_related("codes")
    )
    if coder is not None:
        qs = qs.filter(coder=coder)
    return [(s, [c.pk for c in s.codes.all()]) for s in qs]


@dataclass
class FrequencyRow:
    code: Code
    depth: int
    segments: int = 0
    interviews: int = 0
    by_group: dict[str, int] = field(default_factory=dict)  # interviews per role or unit


@dataclass
class FrequencyTable:
    rows: list[FrequencyRow]
    groups: list[tuple[str, str]]  # (key, label)
    n_interviews: int
    group_sizes: dict[str, int]


def code_frequency(codebook: Codebook, *, by: str = "role", coder: Any = None) -> FrequencyTable:
    """Segments and interviews per code, and interviews per code within each role or unit (``by``)."""
    coded = _coded(codebook, coder)
    interviews: dict[int, Interview] = {s.transcript.interview.pk: s.transcript.interview for s, _ in coded}

    def group(interview: Interview) -> tuple[str, str]:
        if by == "unit":
            return str(interview.unit.pk), interview.unit.short_name or interview.unit.name
        return interview.role, str(IntervieweeRole(interview.role).label)

    seg_count: dict[int, int] = defaultdict(int)
    code_interviews: dict[int, set[int]] = defaultdict(set)
    for segment, code_ids in coded:
        for cid in code_ids:
            seg_count[cid] += 1
            code_interviews[cid].add(segment.transcript.interview.pk)
    groups = sorted({group(i) for i in interviews.values()}, key=lambda g: g[1])
    sizes: dict[str, int] = defaultdict(int)
    for interview in interviews.values():
        sizes[group(interview)[0]] += 1
    rows = []
    for code, depth in code_tree(codebook):
        per_group: dict[str, int] = defaultdict(int)
        for iid in code_interviews[code.pk]:
            per_group[group(interviews[iid])[0]] += 1
        rows.append(FrequencyRow(code, depth, seg_count[code.pk], len(code_interviews[code.pk]), dict(per_group)))
    return FrequencyTable(rows, groups, len(interviews), dict(sizes))


@dataclass
class Matrix:
    codes: list[Code]
    rows: list[tuple[Interview, list[int]]]


def interview_code_matrix(codebook: Codebook, *, coder: Any = None) -> Matrix:
    """0/1: does any segment of the interview carry the code? Interviews with a transcript are rows."""
    codes = [c for c, _ in code_tree(codebook)]
    present: dict[int, set[int]] = defaultdict(set)
    for segment, code_ids in _coded(codebook, coder):
        present[segment.transcript.interview_id].update(code_ids)
    interviews = Interview.objects.filter(transcript__isnull=False).select_related("unit").order_by("code")
    return Matrix(codes, [(i, [int(c.pk in present[i.pk]) for c in codes]) for i in interviews])


@dataclass
class Cooccurrence:
    codes: list[Code]
    counts: dict[tuple[int, int], int]  # passages where both codes apply (same or overlapping segments)
    interviews: dict[tuple[int, int], int]


def cooccurrence(codebook: Codebook, *, coder: Any = None) -> Cooccurrence:
    """Two codes co-occur when one coder applied them to the same or overlapping passages."""
    by_key: dict[tuple[int, int], list[tuple[Segment, list[int]]]] = defaultdict(list)
    for segment, code_ids in _coded(codebook, coder):
        by_key[(segment.transcript_id, segment.coder_id)].append((segment, code_ids))
    counts: dict[tuple[int, int], int] = defaultdict(int)
    per_interview: dict[tuple[int, int], set[int]] = defaultdict(set)
    for items in by_key.values():
        for i, (seg_a, codes_a) in enumerate(items):
            pairs = {(a, b) for a in codes_a for b in codes_a if a < b}
            for seg_b, codes_b in items[i + 1 :]:
                if overlaps((seg_a.start, seg_a.end), (seg_b.start, seg_b.end)):
                    pairs |= {(min(a, b), max(a, b)) for a in codes_a for b in codes_b if a != b}
            for pair in pairs:
                counts[pair] += 1
                per_interview[pair].add(seg_a.transcript.interview_id)
    return Cooccurrence(
        [c for c, _ in code_tree(codebook)], dict(counts), {k: len(v) for k, v in per_interview.items()}
    )


@dataclass
class AgreementRow:
    code: Code
    depth: int
    labels_a: list[int]
    labels_b: list[int]
    result: KappaResult | None
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.labels_a)

    @property
    def observed(self) -> float | None:
        if self.result is not None:
            return self.result.observed_agreement
        # No kappa because both coders gave every sentence the same single label: full agreement.
        return 1.0 if len(set(self.labels_a) | set(self.labels_b)) == 1 else None

    @property
    def counts(self) -> tuple[int, int, int] | None:
        """Sentences coded by both coders, by A only, by B only (the raw agreement counts)."""
        if self.result is None:
            return None
        return self.result.count(1, 1), self.result.count(1, 0), self.result.count(0, 1)

    @property
    def used(self) -> bool:
        """Did either coder apply this code to any sentence?"""
        return any(self.labels_a) or any(self.labels_b)

    @property
    def label(self) -> str:
        """The Landis & Koch reading in the active language, or why kappa cannot be assessed."""
        if self.result is None:
            return self.note
        if not self.result.estimable:
            return self.reason
        return self.result.label_id if fmt.is_indonesian() else self.result.label_en

    @property
    def reason(self) -> str:
        """Why kappa cannot be assessed for this code (analysis.agreement's rule), or "" when it can."""
        result = self.result
        if result is None or result.estimable:
            return ""
        n = fmt.integer(result.n)
        only = dict(result.constant)  # coder -> "0" (never applied the code) or "1" (applied it everywhere)
        if len(only) == 2 and only["A"] == only["B"]:
            if only["A"] == "0":
                return _("Tidak dapat dinilai: kedua pengode tidak pernah memakai kode ini pada %(n)s kalimat.") % {
                    "n": n
                }
            return _("Tidak dapat dinilai: kedua pengode memakai kode ini pada semua %(n)s kalimat.") % {"n": n}
        if len(only) == 2:
            always, never = ("A", "B") if only["A"] == "1" else ("B", "A")
            return _(
                "Tidak dapat dinilai: pengode %(a)s memakai kode ini pada semua %(n)s kalimat, "
                "pengode %(b)s tidak pernah memakainya."
            ) % {"a": always, "b": never, "n": n}
        coder, category = result.constant[0]
        if category == "0":
            return _("Tidak dapat dinilai: pengode %(c)s tidak pernah memakai kode ini pada %(n)s kalimat.") % {
                "c": coder,
                "n": n,
            }
        return _("Tidak dapat dinilai: pengode %(c)s memakai kode ini pada semua %(n)s kalimat.") % {
            "c": coder,
            "n": n,
        }


@dataclass
class Agreement:
    transcripts: int
    sentences: int
    rows: list[AgreementRow]


def agreement_labels(
    codebook: Codebook, coder_a: Any, coder_b: Any
) -> tuple[int, int, dict[int, tuple[list[int], list[int]]]]:
    """Sentence-level 0/1 labels per code for two coders, over transcripts both of them coded."""
    segs: dict[tuple[int, int], list[tuple[Segment, list[int]]]] = defaultdict(list)
    transcripts = {}
    for segment, code_ids in _coded(codebook):
        if segment.coder_id in (coder_a.pk, coder_b.pk):
            segs[(segment.transcript_id, segment.coder_id)].append((segment, code_ids))
            transcripts[segment.transcript_id] = segment.transcript
    both = sorted(t for t in transcripts if (t, coder_a.pk) in segs and (t, coder_b.pk) in segs)
    labels: dict[int, tuple[list[int], list[int]]] = {c.pk: ([], []) for c, _ in code_tree(codebook)}
    n_sentences = 0
    for tid in both:
        sentences = split_sentences(transcripts[tid].text)
        n_sentences += len(sentences)
        for cid, (la, lb) in labels.items():
            for coder, out in ((coder_a, la), (coder_b, lb)):
                spans = [(s.start, s.end) for s, ids in segs[(tid, coder.pk)] if cid in ids]
                out.extend(sentence_labels(sentences, spans))
    return len(both), n_sentences, labels


def intercoder_agreement(codebook: Codebook, coder_a: Any, coder_b: Any) -> Agreement:
    n_transcripts, n_sentences, labels = agreement_labels(codebook, coder_a, coder_b)
    rows = []
    for code, depth in code_tree(codebook):
        la, lb = labels[code.pk]
        result, note = None, ""
        try:
            result = cohens_kappa(la, lb)
        except ValueError as exc:
            note = str(exc)
        rows.append(AgreementRow(code, depth, la, lb, result, note))
    return Agreement(n_transcripts, n_sentences, rows)


@dataclass
class PrecisionRow:
    code: Code
    accepted: int
    rejected: int
    pending: int

    @property
    def precision(self) -> float | None:
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None

    @property
    def precision_pct(self) -> float | None:
        return None if self.precision is None else 100 * self.precision


def suggestion_precision(codebook: Codebook) -> list[PrecisionRow]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code_id, status in Suggestion.objects.filter(code__codebook=codebook).values_list("code", "status"):
        counts[code_id][status] += 1
    return [
        PrecisionRow(
            code,
            counts[code.pk][Suggestion.Status.ACCEPTED],
            counts[code.pk][Suggestion.Status.REJECTED],
            counts[code.pk][Suggestion.Status.PENDING],
        )
        for code, _ in code_tree(codebook)
        if code.keyword_list or code.pk in counts
    ]
