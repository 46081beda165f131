"""Reads that turn stored responses into analysis inputs, and call analysis/ for the numbers.

Nothing here computes a statistic itself: item summaries, alpha, the pre/post
comparison, IKM and small-cell suppression all come from the analysis package.

Without ``full_access`` every cell over fewer than k respondents is hidden (per question,
per choice with complementary suppression, per rater group, per scale, per pre/post pair),
shares whose either side is below k are hidden, and means are rounded for the n shown.
``response_ids`` restricts every number to a published batch (services.snapshots). Every read starts
from ``Response.objects.counted()`` / ``Answer.objects.counted()``: responses the evaluator excluded as a
suspicious burst (services.bursts) count nowhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.disclosure import mean_decimals, pct_decimals, small_split, suppress_counts
from analysis.ikm import ikm
from analysis.learning import prepost
from analysis.likert import item_summary, scale_scores
from analysis.reliability import cronbach_alpha
from tilik.core.build_cache import per_build
from tilik.surveys.choices import Anonymity, Audience, QuestionType, RaterGroup, TestPhase
from tilik.surveys.models import Answer, Question, Response, Wave

NUMERIC = {QuestionType.LIKERT, QuestionType.NUMBER, QuestionType.RATING}
# Shown as counts per answer: choices, an acknowledgement ("OK"), a rank (how often each choice came first).
NUMBER_SUMMARY = {QuestionType.NUMBER, QuestionType.RATING, QuestionType.CALCULATE}
COUNTED = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ACKNOWLEDGE, QuestionType.RANK}
TEXT = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}


def wave_questions(wave: Wave) -> list[Question]:
    return list(
        Question.objects.filter(version_id=wave.version_id)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__order", "order", "id")
    )


@per_build  # a report reads a wave's published frame for its results and again for pooling (no one edits it)
def responses_frame(
    wave: Wave, *, labels: bool = False, response_ids: Collection[str] | None = None
) -> tuple[pd.DataFrame, list[Question]]:
    """One row per response, one column per question code (plus meta columns).

    Choice questions give the choice's score when it has one (Likert, IKM) and
    its code otherwise; ``labels=True`` gives the label text instead (exports).
    A rank gives its choices in rank order (ODK's space-separated values; labels joined by "; ").
    A question in a repeat group has one column per iteration, ``code[1]``, ``code[2]``, ... (the
    answers' repeat_index) instead of ``code``.
    ``response_ids`` keeps only those responses (a published snapshot).
    """
    questions = wave_questions(wave)
    keep = None if response_ids is None else {str(i) for i in response_ids}
    responses = [
        r
        for r in Response.objects.counted()
        .filter(wave=wave)
        .values("id", "submitted_on", "rater_group", "participant_key", "score", "max_score", "unit__name")
        if keep is None or str(r["id"]) in keep
    ]
    rows: dict[Any, dict[str, Any]] = {r["id"]: {} for r in responses}
    answers = (
        Answer.objects.counted()
        .filter(response__wave=wave)
        .values(
            "response_id",
            "question__code",
            "question__qtype",
            "choice__value",
            "choice__label",
            "choice__score",
            "number",
            "text",
            "date",
            "repeat_index",
        )
    )
    multi: dict[tuple[Any, str], list[str]] = defaultdict(list)
    ranked: dict[tuple[Any, str], list[tuple[Any, str]]] = defaultdict(list)
    iterations: dict[str, int] = {}
    for a in answers:
        if a["response_id"] not in rows:
            continue  # outside the published snapshot
        code, qtype, row = a["question__code"], a["question__qtype"], rows[a["response_id"]]
        if a["repeat_index"]:
            iterations[code] = max(iterations.get(code, 0), a["repeat_index"])
            code = f"{code}[{a['repeat_index']}]"
        if qtype == QuestionType.MULTIPLE:
            multi[(a["response_id"], code)].append(a["choice__label"] if labels else a["choice__value"])
        elif qtype == QuestionType.RANK:
            ranked[(a["response_id"], code)].append((a["number"], a["choice__label"] if labels else a["choice__value"]))
        elif a["choice__value"] is not None:
            if labels:
                row[code] = a["choice__label"]
            else:
                row[code] = a["choice__score"] if a["choice__score"] is not None else a["choice__value"]
        elif a["number"] is not None:
            row[code] = float(a["number"])
        elif a["date"] is not None:
            row[code] = a["date"]
        else:
            row[code] = a["text"]
    for (rid, code), picked in multi.items():
        rows[rid][code] = "; ".join(sorted(picked))
    for (rid, code), places in ranked.items():
        rows[rid][code] = ("; " if labels else " ").join(v for _n, v in sorted(places))
    meta = {r["id"]: r for r in responses}
    records = []
    for rid, values in rows.items():
        m = meta[rid]
        records.append(
            {
                "tanggal": m["submitted_on"],
                "kelompok_penilai": m["rater_group"],
                "kunci_peserta": m["participant_key"],
                "unit": m["unit__name"] or "",
                "skor": float(m["score"]) if m["score"] is not None else None,
                "skor_maks": float(m["max_score"]) if m["max_score"] is not None else None,
                **values,
            }
        )
    columns = [
        "tanggal",
        "kelompok_penilai",
        "kunci_peserta",
        "unit",
        "skor",
        "skor_maks",
        *[column for q in questions for column in _columns(q, iterations.get(q.code, 1))],
    ]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.sort_values("tanggal", kind="stable").reset_index(drop=True), questions


def _columns(question: Question, iterations: int) -> list[str]:
    if question.section.repeat:
        return [f"{question.code}[{i}]" for i in range(1, iterations + 1)]
    return [question.code]


@dataclass
class WaveResults:
    n: int
    suppressed: bool
    live: bool = True  # False: numbers over the last published batch (``n``), ``pending`` not yet in them
    pending: int = 0
    k: int = 5
    decimals: int = 2  # for means shown; coarser for aggregate-only readers
    pct_decimals: int = 1
    items: list[dict[str, Any]] = field(default_factory=list)
    scales: list[dict[str, Any]] = field(default_factory=list)
    choices: list[dict[str, Any]] = field(default_factory=list)
    open_answers: list[dict[str, Any]] = field(default_factory=list)
    learning: Any = None
    ikm: Any = None
    by_rater: RaterSummary | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class RaterSummary:
    """360°: scale means per rater group, over all responses and over the same alumni.

    ``matched`` compares the groups on the alumni rated by every group present (rahasia waves
    only: anonymous responses carry no ratee). Several rekan of one alumnus are averaged first,
    so each alumnus weighs the same in every group. A mean is None where its n is below the
    small-cell threshold for a reader without full access.
    """

    constructs: list[str]
    groups: list[dict[str, Any]]
    matched: list[dict[str, Any]] | None
    n_matched: int
    matched_hidden: bool = False


def _scales(frame: pd.DataFrame, questions: list[Question]) -> list[dict[str, Any]]:
    by_construct: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        if q.qtype == QuestionType.LIKERT and q.construct:
            by_construct[q.construct].append(q)
    out = []
    for construct, items in sorted(by_construct.items()):
        codes = [q.code for q in items]
        reverse = [q.code for q in items if q.reverse_keyed]
        points = max(int(q.scale_points or 5) for q in items)
        row: dict[str, Any] = {"construct": construct, "k": len(codes), "alpha": None, "mean": None}
        data = frame[codes].apply(pd.to_numeric, errors="coerce")
        if data.notna().any(axis=1).sum() >= 1:
            scores = scale_scores(data, codes, reverse=reverse, scale_min=1, scale_max=points)
            row["mean"] = float(scores.mean()) if scores.notna().any() else None
            row["n"] = int(scores.notna().sum())
        if len(codes) >= 2:
            try:
                row["alpha"] = cronbach_alpha(data, items=codes, reverse=reverse, scale_min=1, scale_max=points)
            except ValueError as exc:
                row["error"] = str(exc)
        out.append(row)
    return out


ALL_ITEMS = "semua butir"


def _construct_scores(frame: pd.DataFrame, questions: list[Question]) -> pd.DataFrame:
    """One column per construct (and one over every Likert item): each response's scale score."""
    likert = [q for q in questions if q.qtype == QuestionType.LIKERT and q.code in frame]
    sets: dict[str, list[Question]] = defaultdict(list)
    for q in likert:
        if q.construct:
            sets[q.construct].append(q)
    if likert:
        sets[ALL_ITEMS] = likert
    out = pd.DataFrame(index=frame.index)
    for name, items in sets.items():
        codes = [q.code for q in items]
        points = max(int(q.scale_points or 5) for q in items)
        data = frame[codes].apply(pd.to_numeric, errors="coerce")
        out[name] = scale_scores(
            data, codes, reverse=[q.code for q in items if q.reverse_keyed], scale_min=1, scale_max=points
        )
    return out


def _rater_summary(
    wave: Wave, frame: pd.DataFrame, questions: list[Question], *, full_access: bool, min_cell: int
) -> RaterSummary | None:
    present = [g for g in RaterGroup.values if (frame["kelompok_penilai"] == g).any()]
    if len(present) < 2 and not set(wave.rater_groups or ()) - {RaterGroup.SELF}:
        return None
    scores = _construct_scores(frame, questions)
    constructs = list(scores.columns)
    labels = dict(RaterGroup.choices)
    groups = []
    for g in present:
        part = scores[frame["kelompok_penilai"] == g]
        hide = not full_access and len(part) < min_cell
        means = {c: (None if hide or not part[c].notna().any() else float(part[c].mean())) for c in constructs}
        groups.append({"group": g, "label": labels[g], "n": len(part), "means": means, "hidden": hide})
    matched: list[dict[str, Any]] | None = None
    n_matched, matched_hidden = 0, False
    if wave.anonymity == Anonymity.RAHASIA and len(present) >= 2 and constructs:
        keyed = scores.assign(_key=frame["kunci_peserta"], _group=frame["kelompok_penilai"])
        keyed = keyed[keyed["_key"] != ""]
        per_ratee = keyed.groupby(["_key", "_group"])[constructs].mean()
        groups_of = per_ratee.reset_index().groupby("_key")["_group"].nunique()
        same = groups_of[groups_of == len(present)].index
        n_matched = len(same)
        matched_hidden = not full_access and n_matched < min_cell
        matched = []
        for g in present:
            rows = per_ratee.xs(g, level="_group").loc[same] if n_matched else per_ratee.iloc[0:0]
            means = {
                c: (None if matched_hidden or not rows[c].notna().any() else float(rows[c].mean())) for c in constructs
            }
            matched.append({"group": g, "label": labels[g], "means": means})
    return RaterSummary(
        constructs=constructs, groups=groups, matched=matched, n_matched=n_matched, matched_hidden=matched_hidden
    )


def _learning(wave: Wave, frame: pd.DataFrame) -> Any:
    if wave.phase != TestPhase.POST or wave.offering_id is None:
        return None
    pre_wave = (
        Wave.objects.filter(
            offering_id=wave.offering_id, phase=TestPhase.PRE, version__instrument=wave.version.instrument_id
        )
        .order_by("-opens_at")
        .first()
    )
    if pre_wave is None:
        return None
    pre = (
        Response.objects.counted().filter(wave=pre_wave).exclude(participant_key="").values("participant_key", "score")
    )
    post = frame.dropna(subset=["skor"])
    pre_by_key = {r["participant_key"]: float(r["score"]) for r in pre if r["score"] is not None}
    pairs = [
        (pre_by_key[k], s) for k, s in zip(post["kunci_peserta"], post["skor"], strict=True) if k and k in pre_by_key
    ]
    if len(pairs) < 2:
        return {"error": f"Pasangan pre/post-test terlalu sedikit (n = {len(pairs)})."}
    max_score = float(post["skor_maks"].dropna().max()) if post["skor_maks"].notna().any() else None
    try:
        return prepost([p[0] for p in pairs], [p[1] for p in pairs], max_score=max_score)
    except ValueError as exc:
        return {"error": str(exc)}


def _rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None or value != value else round(float(value), decimals)


def _item_cell(summary: Any, *, k: int, n_wave: int) -> dict[str, Any]:
    """A Likert item as an aggregate-only reader sees it: hidden below k, share hidden on a small split."""
    if summary.n < k:
        return {"n": None, "mean": None, "sd": None, "pct_favourable": None, "hidden": True}
    d, p = mean_decimals(summary.n), pct_decimals(summary.n)
    favourable = round(summary.pct_favourable * summary.n / 100)
    return {
        "n": summary.n,
        "mean": _rounded(summary.mean, d),
        "sd": _rounded(summary.sd, d),
        "pct_favourable": None if small_split(favourable, summary.n, k=k) else _rounded(summary.pct_favourable, p),
        "hidden": False,
    }


def _choice_counts(wave: Wave, questions: list[Question], kept: set[Any]) -> dict[int, dict[str, int]]:
    """Answers per choice label for every choice question, in one query (only responses in ``kept``)."""
    counts: dict[int, dict[str, int]] = {}
    ranks = {q.pk for q in questions if q.qtype == QuestionType.RANK}
    for q in questions:
        if q.qtype in COUNTED:
            counts[q.pk] = {c.label: 0 for c in q.choices.all()}
    rows = (
        Answer.objects.counted()
        .filter(response__wave=wave, question_id__in=list(counts))
        .values_list("response_id", "question_id", "choice__label", "number", "text")
    )
    for response_id, question_id, label, number, text in rows:
        if response_id not in kept:
            continue
        if question_id in ranks and number != 1:
            continue  # a rank counts the choices placed first
        key = label if label is not None else text  # acknowledge: "OK"
        if key:
            counts[question_id][key] = counts[question_id].get(key, 0) + 1
    return counts


def wave_results(
    wave: Wave,
    *,
    full_access: bool,
    min_cell: int = 5,
    response_ids: Collection[str] | None = None,
    open_answers: bool | None = None,
) -> WaveResults:
    """Everything the results page shows. Without full access, every cell below ``min_cell`` is suppressed.

    ``open_answers`` (default: ``full_access``) lists free-text answers: row-level data, for readers
    who may download rows anyway.
    """
    k = min_cell
    frame, questions = responses_frame(wave, response_ids=response_ids)
    n = len(frame)
    show_texts = full_access if open_answers is None else open_answers
    if not full_access and n < k:
        return WaveResults(n=n, suppressed=True, live=response_ids is None, k=k)
    result = WaveResults(n=n, suppressed=False, live=response_ids is None, k=k)
    if not full_access:
        result.decimals, result.pct_decimals = mean_decimals(n), pct_decimals(n)
    if n == 0:
        return result
    kept = set(
        Response.objects.counted().filter(wave=wave).values_list("id", flat=True)
        if response_ids is None
        else _ids_as_stored(wave, response_ids)
    )
    choice_counts = _choice_counts(wave, questions, kept)
    for q in questions:
        series = frame[q.code] if q.code in frame else pd.Series(dtype=float)
        if q.qtype == QuestionType.LIKERT and series.notna().any():
            summary = item_summary(
                pd.to_numeric(series, errors="coerce"), scale_min=1, scale_max=int(q.scale_points or 5)
            )
            shown = summary if full_access else _item_cell(summary, k=k, n_wave=n)
            result.items.append({"question": q, "summary": shown})
        elif q.qtype in COUNTED:
            counts = choice_counts.get(q.pk, {})
            shown_counts: dict[str, int | None] = dict(counts)
            if not full_access and counts and sum(counts.values()):
                shown_counts = suppress_counts(counts, k=k).values
            result.choices.append({"question": q, "counts": shown_counts})
        elif q.qtype in TEXT and show_texts:
            texts = [t for t in series.dropna().astype(str) if t.strip()]
            result.open_answers.append({"question": q, "answers": texts})
        elif q.qtype in NUMBER_SUMMARY and pd.to_numeric(series, errors="coerce").notna().any():
            # a calculation is summarised when it gives numbers; a text calculation is not shown
            values = pd.to_numeric(series, errors="coerce").dropna()
            numeric: dict[str, Any] = {
                "n": int(values.size),
                "mean": float(values.mean()),
                "median": float(values.median()),
            }
            if not full_access:
                d = mean_decimals(int(values.size))
                numeric = (
                    {"n": None, "mean": None, "median": None, "hidden": True}
                    if values.size < k
                    else {**numeric, "mean": _rounded(numeric["mean"], d), "median": _rounded(numeric["median"], d)}
                )
            result.items.append({"question": q, "numeric": numeric})
    result.scales = _scales(frame, questions)
    if not full_access:
        for row in result.scales:
            alpha = row.get("alpha")
            if alpha is not None and alpha.n < k:
                row["alpha"] = None
            if row.get("n", 0) < k:
                row["mean"] = None
            row["mean"] = _rounded(row["mean"], result.decimals)
    result.learning = _learning(wave, frame)
    if not full_access and result.learning is not None and not isinstance(result.learning, dict):
        if result.learning.n < k:
            result.learning = {"error": f"Pasangan pre/post-test kurang dari {k}; hasil tidak ditampilkan."}
    result.by_rater = _rater_summary(wave, frame, questions, full_access=full_access, min_cell=k)
    if not full_access and result.by_rater is not None:
        for g in [*result.by_rater.groups, *(result.by_rater.matched or [])]:
            g["means"] = {c: _rounded(v, result.decimals) for c, v in g["means"].items()}
    unsur = {q.ikm_unsur: q.code for q in questions if q.ikm_unsur}
    if len(unsur) == 9:
        data = frame[[unsur[u] for u in sorted(unsur)]].copy()
        data.columns = sorted(unsur)
        try:
            result.ikm = ikm(data)
        except ValueError as exc:
            result.warnings.append(str(exc))
        if not full_access and result.ikm is not None and result.ikm.n < k:
            result.ikm = None
    return result


def _ids_as_stored(wave: Wave, response_ids: Collection[str]) -> list[Any]:
    """Snapshot ids (strings) as the primary keys the database returns (UUIDs)."""
    wanted = {str(i) for i in response_ids}
    return [pk for pk in Response.objects.counted().filter(wave=wave).values_list("id", flat=True) if str(pk) in wanted]


def ikm_table(
    *, units: Any = None, min_n: int = 0, published: dict[int, Collection[str]] | None = None
) -> list[dict[str, Any]]:
    """IKM per service unit and period (one public wave = one unit and period), in two queries.

    Waves with fewer than ``min_n`` respondents are listed with ``ikm=None`` and ``hidden=True``.
    ``published`` maps wave id to the response ids of its published snapshot: only those count, and a
    wave without one is hidden (fewer than k respondents so far).
    """
    waves = Wave.objects.filter(audience=Audience.PUBLIC).select_related("unit").order_by("unit__name", "period")
    if units is not None:
        waves = waves.filter(unit__in=units)
    by_wave = {w.pk: w for w in waves}
    keep = None if published is None else {pk: {str(i) for i in ids} for pk, ids in published.items()}
    answers = (
        Answer.objects.counted()
        .filter(response__wave__in=list(by_wave), question__ikm_unsur__gt="")
        .values_list("response__wave_id", "response_id", "question__ikm_unsur", "choice__score")
        .order_by()
    )
    grid: dict[int, dict[Any, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    stored: dict[int, set[Any]] = defaultdict(set)
    for wave_id, response_id, unsur, score in answers:
        stored[wave_id].add(response_id)
        if keep is not None and str(response_id) not in keep.get(wave_id, ()):
            continue
        if score is not None:
            grid[wave_id][response_id][unsur] = score
    out = []
    for pk, wave in by_wave.items():
        rows = list(grid.get(pk, {}).values())
        if not rows and not stored.get(pk):
            continue
        frame = pd.DataFrame.from_records(rows)
        result = None
        hidden = len(rows) < min_n or (keep is not None and pk not in keep)
        if rows and not hidden and len(frame.columns) == 9:
            try:
                result = ikm(frame[sorted(frame.columns)])
            except ValueError:
                result = None
        out.append(
            {
                "wave": wave,
                "unit": wave.unit,
                "period": wave.period,
                "ikm": result,
                "n": None if hidden else len(rows),
                "hidden": hidden,
            }
        )
    return out
