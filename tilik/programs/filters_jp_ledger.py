"""Filters and sort orders of the JP ledger list (django-filter): name/NIP, year, OPD, source."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit, UnitMembership
from tilik.programs.choices import JPSource
from tilik.programs.models import JPEntry


class JPLedgerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="search")
    year = django_filters.ChoiceFilter(label=_("Tahun"), choices=[], empty_label=_("Semua tahun"))
    unit = django_filters.ModelChoiceFilter(label=_("Unit/OPD"), queryset=Unit.objects.none(), method="in_unit",
                                            empty_label=_("Semua unit"))
    source = django_filters.ChoiceFilter(label=_("Sumber"), choices=JPSource.choices, empty_label=_("Semua sumber"))
    o = django_filters.OrderingFilter(
        fields=(("employee__name", "nama"), ("year", "tahun"), ("jp", "jp"), ("completed_on", "tanggal")),
    )

    class Meta:
        model = JPEntry
        fields: list[str] = []

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        """``units``: a pimpinan unit's subtree; the unit choices then stay inside it."""
        super().__init__(*args, **kwargs)
        years = self.queryset.order_by().values_list("year", flat=True).distinct()
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in sorted(set(years), reverse=True)]
        shown = Unit.objects.filter(active=True) if units is None else units.filter(active=True)
        self.filters["unit"].queryset = shown.order_by("path")

    def search(self, queryset: QuerySet[JPEntry], _name: str, value: str) -> QuerySet[JPEntry]:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(employee__nip__startswith=value)
        return queryset.filter(employee__name__icontains=value)

    def in_unit(self, queryset: QuerySet[JPEntry], _name: str, unit: Unit | None) -> QuerySet[JPEntry]:
        if unit is None:
            return queryset
        current = UnitMembership.objects.filter(end_date__isnull=True, unit__path__startswith=unit.path)
        return queryset.filter(employee_id__in=current.values("employee_id"))
