"""Filters and sort orders of the budget-line list (django-filter): year, OPD, programme, category, over pagu."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit
from tilik.programs.choices import BudgetCategory
from tilik.programs.models import BudgetLine, Program


class BudgetLineFilter(django_filters.FilterSet):
    fiscal_year = django_filters.ChoiceFilter(label=_("Tahun anggaran"), choices=[], empty_label=_("Semua tahun"))
    organiser = django_filters.ModelChoiceFilter(label=_("OPD penyelenggara"), queryset=Unit.objects.none(),
                                                 field_name="program__organiser", empty_label=_("Semua OPD"))
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=Program.objects.none(),
                                               empty_label=_("Semua program"))
    category = django_filters.ChoiceFilter(label=_("Kategori belanja"), choices=BudgetCategory.choices,
                                           empty_label=_("Semua kategori"))
    over = django_filters.ChoiceFilter(label=_("Realisasi"), method="by_over", empty_label=_("Semua"),
                                       choices=[("lebih", _("Melebihi pagu")), ("dalam", _("Dalam pagu"))])
    o = django_filters.OrderingFilter(
        fields=(("program__name", "program"), ("fiscal_year", "tahun"), ("pagu", "pagu"),
                ("realisasi", "realisasi")),
    )

    class Meta:
        model = BudgetLine
        fields: list[str] = []

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        """``units``: a pimpinan unit's subtree; the choices then name only programmes organised there."""
        super().__init__(*args, **kwargs)
        programs = Program.objects.all() if units is None else Program.objects.filter(organiser__in=units)
        years = (BudgetLine.objects.filter(program__in=programs).order_by("-fiscal_year")
                 .values_list("fiscal_year", flat=True).distinct())
        self.filters["fiscal_year"].extra["choices"] = [(str(y), str(y)) for y in years]
        self.filters["organiser"].queryset = Unit.objects.filter(
            pk__in=programs.values("organiser_id")).order_by("name")
        self.filters["program"].queryset = programs.order_by("-fiscal_year", "name")

    def by_over(self, queryset: QuerySet[BudgetLine], _name: str, value: str) -> QuerySet[BudgetLine]:
        if value == "lebih":
            return queryset.filter(realisasi__gt=F("pagu"))
        if value == "dalam":
            return queryset.filter(realisasi__lte=F("pagu"))
        return queryset
