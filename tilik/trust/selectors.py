"""Reads for public image and trust: indices per service unit and period, and the external context.

Survey answers of public (anonymous) waves count only from their published batches (tilik.surveys.published)
and never when excluded as a suspicious burst, the same rules as the IKM page, and every index below k
respondents is suppressed for every reader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import Q

from analysis.trust import IndexEstimate, unit_period_indices
from tilik.core.build_cache import per_build
from tilik.org.models import Unit
from tilik.surveys import published
from tilik.surveys.choices import Audience
from tilik.surveys.models import Answer, Wave
from tilik.trust.models import SPIScore, ZIStatusRecord

CONSTRUCTS = (
    Q(question__construct__startswith="ipkp-")
    | Q(question__construct__startswith="ipak-")
    | Q(question__construct__startswith="kp-")
)


@dataclass
class UnitTrust:
    """One unit's indices by period (oldest first), its IKM by period and its context lines."""

    unit: Unit
    periods: list[str]
    estimates: dict[str, dict[str, IndexEstimate]]  # index -> period -> estimate
    ikm: dict[str, Any]  # period -> ikm_rows row
    pending: int  # responses not yet in a published batch
    k: int
    zi: list[ZIStatusRecord] = field(default_factory=list)
    spi: list[SPIScore] = field(default_factory=list)


def _period(wave: Wave) -> str:
    return wave.period or str(wave.opens_at.year)


@per_build  # the report's trust overview and coverage panel read the same waves
def answers_frame(waves: Iterable[Wave]) -> tuple[pd.DataFrame, int]:
    """Long frame (unit, period, respondent, construct, value) of published answers; and the unpublished count."""
    keep: list[str] = []
    pending = 0
    by_wave: dict[int, Wave] = {}
    for wave in waves:
        by_wave[wave.pk] = wave
        ids = published.published_ids(wave) or []
        keep.extend(str(i) for i in ids)
        pending += max(wave.responses.counted().count() - len(ids), 0)
    rows = (
        Answer.objects.counted()
        .filter(CONSTRUCTS, response_id__in=keep)
        .values_list("response__wave_id", "response_id", "question__construct", "choice__score", "number")
        .order_by()
    )
    records = []
    for wave_id, response_id, construct, score, number in rows:
        value = score if score is not None else number
        if value is None:
            continue
        wave = by_wave[wave_id]
        records.append(
            {
                "unit": wave.unit_id,
                "period": _period(wave),
                "respondent": str(response_id),
                "construct": construct,
                "value": float(value),
            }
        )
    columns = ["unit", "period", "respondent", "construct", "value"]
    return pd.DataFrame.from_records(records, columns=columns), pending


def _public_waves(units: Iterable[Unit]) -> list[Wave]:
    return list(
        Wave.objects.filter(audience=Audience.PUBLIC, unit__in=list(units)).select_related("unit").order_by("opens_at")
    )


def unit_trust(unit: Unit) -> UnitTrust:
    waves = _public_waves([unit])
    frame, pending = answers_frame(waves)
    k = published.k()
    estimates: dict[str, dict[str, IndexEstimate]] = defaultdict(dict)
    if not frame.empty:
        for _unit, period, est in unit_period_indices(frame, k=k):
            estimates[est.index][period] = est
    ikm = {row["period"] or "": row for row in published.ikm_rows(units=[unit])}
    periods = sorted({_period(w) for w in waves})
    return UnitTrust(
        unit=unit,
        periods=periods,
        estimates=dict(estimates),
        ikm=ikm,
        pending=pending,
        k=k,
        zi=list(ZIStatusRecord.objects.filter(unit=unit).order_by("year")),
        spi=list(SPIScore.objects.order_by("year")),
    )


def units_with_public_surveys(units: Any = None) -> list[Unit]:
    """Service units that have at least one public survey wave (in the reader's scope when ``units`` is given)."""
    found = Unit.objects.filter(survey_waves__audience=Audience.PUBLIC).distinct().order_by("name")
    if units is not None:
        found = found.filter(pk__in=units.values("pk"))
    return list(found)


def latest_overview(units: list[Unit]) -> list[dict[str, Any]]:
    """Per unit, the newest period's IPKP, IPAK and trust score (suppressed below k), in few queries."""
    waves = _public_waves(units)
    frame, _pending = answers_frame(waves)
    k = published.k()
    newest: dict[Any, str] = {}
    for wave in waves:
        newest[wave.unit_id] = max(newest.get(wave.unit_id, ""), _period(wave))
    found: dict[tuple[Any, str], dict[str, IndexEstimate]] = defaultdict(dict)
    if not frame.empty:
        for unit_id, period, est in unit_period_indices(frame, k=k):
            found[(unit_id, period)][est.index] = est
    out = []
    for unit in units:
        period = newest.get(unit.pk, "")
        out.append({"unit": unit, "period": period, "estimates": found.get((str(unit.pk), period), {})})
    return out


def context_lines() -> dict[str, Any]:
    return {
        "spi": list(SPIScore.objects.order_by("-year")),
        "zi": list(ZIStatusRecord.objects.select_related("unit").order_by("unit__name", "-year")),
    }
