"""Reads for indicators, measurements and imports; the analysis frames are built in tilik.evaluations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tilik.performance.catalogue import BUILTIN_BY_KEY, BUILTIN_LAYOUTS
from tilik.performance.models import ImportBatch, Indicator, Measurement, SourceLayout


def layout_names(kind: str) -> list[str]:
    builtin = [layout["key"] for layout in BUILTIN_LAYOUTS if layout["kind"] == kind]
    return builtin + list(SourceLayout.objects.filter(kind=kind).values_list("name", flat=True))


def layout_choices(kind: str) -> list[tuple[str, str]]:
    out = [(layout["key"], layout["name"]) for layout in BUILTIN_LAYOUTS if layout["kind"] == kind]
    out += [
        (name, f"{name} (tersimpan)") for name in SourceLayout.objects.filter(kind=kind).values_list("name", flat=True)
    ]
    return out


def layout_mapping(name: str, *, kind: str) -> dict[str, Any] | None:
    """The mapping of a built-in layout (by key) or a saved one (by name); None when unknown."""
    builtin = BUILTIN_BY_KEY.get(name)
    if builtin is not None and builtin["kind"] == kind:
        return dict(builtin["mapping"])
    saved = SourceLayout.objects.filter(name=name, kind=kind).first()
    return dict(saved.mapping) if saved else None


def indicators(entity_kind: str = "") -> QuerySet[Indicator]:
    qs = Indicator.objects.all()
    return qs.filter(entity_kind=entity_kind) if entity_kind else qs


def import_history(limit: int = 100) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("by")[:limit]


def indicator_coverage() -> list[dict[str, Any]]:
    """Per indicator: number of measurements and the first and last period stored."""
    from django.db.models import Count, Max, Min

    rows = Measurement.objects.values("indicator_id", "frequency").annotate(
        n=Count("id"), first=Min("period_start"), last=Max("period_start")
    )
    by_indicator: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    return [{"indicator": ind, "coverage": by_indicator.get(ind.pk, [])} for ind in Indicator.objects.all()]
