"""Survey results as one viewer may see them: the disclosure rule in one place for pages, reports and exports.

``tilik.core.disclosure.survey_access`` decides what a viewer may see of a wave; this module applies it:
readers without live access get the newest published snapshot (services.snapshots publishes a new one only
after k more responses), with every cell below k suppressed by the selectors.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from tilik.core.build_cache import build_cache_active, per_build
from tilik.core.disclosure import AGGREGATE_ONLY, SurveyAccess, survey_access
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.models import Response, ResultSnapshot, Wave
from tilik.surveys.selectors.results import WaveResults, ikm_table, wave_results
from tilik.surveys.services.snapshots import snapshot_publish_due


def is_anonymous(wave: Wave) -> bool:
    """Anonymous answers: an anonim wave, and every public (citizen) wave whatever its setting."""
    return wave.anonymity == Anonymity.ANONIM or wave.audience == Audience.PUBLIC


def access_for(user: Any, wave: Wave) -> SurveyAccess:
    return survey_access(user, anonymous=is_anonymous(wave))


def k() -> int:
    return int(settings.TILIK_MIN_CELL)


@per_build  # one report reads one batch per wave
def published_ids(wave: Wave) -> list[str] | None:
    """Response ids of the current published batch (publishing one if due); None while fewer than k."""
    snapshot = snapshot_publish_due(wave=wave, k=k())
    return None if snapshot is None else list(snapshot.response_ids)


@per_build
def results_for(wave: Wave, access: SurveyAccess = AGGREGATE_ONLY) -> WaveResults:
    """The wave's results for a viewer with ``access``; ``pending`` counts responses not yet published."""
    if access.live:
        return wave_results(wave, full_access=True, min_cell=k())
    ids = published_ids(wave)
    total = Response.objects.counted().filter(wave=wave).count()
    if ids is None:
        return WaveResults(n=0, suppressed=True, live=False, pending=total, k=k())
    res = wave_results(wave, full_access=False, min_cell=k(), response_ids=ids, open_answers=access.rows)
    res.pending = max(total - res.n, 0)
    return res


def ikm_rows(*, units: Any = None) -> list[dict[str, Any]]:
    """IKM per public wave over published snapshots only, cells below k hidden, for every viewer.

    Each wave's row depends on that wave alone: while a report is built (tilik.core.build_cache) the table of
    every public wave is computed once and each caller gets its units' rows from it.
    """
    if units is not None and not build_cache_active():
        return _ikm_rows(units)
    rows = _ikm_rows_of_every_wave()
    if units is None:
        return rows
    wanted = {getattr(unit, "pk", unit) for unit in units}
    return [row for row in rows if row["wave"].unit_id in wanted]


@per_build
def _ikm_rows_of_every_wave() -> list[dict[str, Any]]:
    return _ikm_rows(None)


def _ikm_rows(units: Any) -> list[dict[str, Any]]:
    waves = Wave.objects.filter(audience=Audience.PUBLIC)
    if units is not None:
        waves = waves.filter(unit__in=units)
    counts = dict(waves.annotate(c=Count("responses", filter=Q(responses__excluded=False))).values_list("pk", "c"))
    newest: dict[int, ResultSnapshot] = {}
    for row in ResultSnapshot.objects.filter(wave_id__in=list(counts)).order_by("wave_id", "-id"):
        newest.setdefault(row.wave_id, row)
    published: dict[int, Collection[str]] = {}
    for pk, n in counts.items():
        snap: ResultSnapshot | None = newest.get(pk)
        if n - (snap.n if snap else 0) >= k():  # maybe due: let the service decide under its lock
            snap = snapshot_publish_due(wave=Wave.objects.get(pk=pk), k=k())
        if snap is not None:
            published[pk] = list(snap.response_ids)
    return ikm_table(units=units, min_n=k(), published=published)


@per_build
def frame_for(wave: Wave, access: SurveyAccess = AGGREGATE_ONLY) -> tuple[Any, list[Any]]:
    """The response frame a reader may pool into aggregates: live, or the published batch (empty before k)."""
    from tilik.surveys.selectors.results import responses_frame

    if access.live:
        return responses_frame(wave)
    return responses_frame(wave, response_ids=published_ids(wave) or [])


def reason_counts(year: int | None) -> list[tuple[str, int | None]]:
    """Answers to the reasons survey (question ALASAN_UTAMA) in the waves of a year's programmes (None: every
    year), largest first, suppressed counts (None) last: for the participation page."""
    waves = Wave.objects.filter(version__questions__code="ALASAN_UTAMA").distinct()
    if year is not None:
        waves = waves.filter(program__fiscal_year=year)
    counts = choice_counts(waves, question_code="ALASAN_UTAMA")
    return sorted(counts.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))


def choice_counts(waves: Any, *, question_code: str) -> dict[str, int | None]:
    """Answers per choice of one question over several waves: published batches only, small counts suppressed.

    For summaries outside the results page (e.g. the reasons survey on the participation page); None marks
    a suppressed count (with its complement, so no hidden count follows from the others and the total).
    """
    from analysis.disclosure import suppress_counts
    from tilik.surveys.models import Answer

    counts: dict[str, int] = {}
    for wave in waves:
        keep = set(published_ids(wave) or ())
        if not keep:
            continue
        rows = Answer.objects.counted().filter(response__wave=wave, question__code=question_code, choice__isnull=False)
        for response_id, label in rows.values_list("response_id", "choice__label"):
            if str(response_id) in keep:
                counts[label] = counts.get(label, 0) + 1
    return dict(suppress_counts(counts, k=k()).values) if counts else {}
