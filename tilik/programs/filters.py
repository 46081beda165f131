"""Filters and sort orders of the programme and angkatan lists (django-filter): year, OPD, programme, status."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit
from tilik.programs.choices import CompetencyType
from tilik.programs.models import Offering, Program
from tilik.programs.selectors_manage import STATUS_CHOICES, offering_status_q, program_status_q


def _years(field: str, model: Any) -> list[tuple[str, str]]:
    years = model.objects.order_by(f"-{field}").values_list(field, flat=True).distinct()
    return [(str(y), str(y)) for y in years]


def _organisers() -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=Program.objects.values("organiser_id")).order_by("name")


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama program"), method="search")
    fiscal_year = django_filters.ChoiceFilter(label=_("Tahun anggaran"), choices=[], empty_label=_("Semua tahun"))
    organiser = django_filters.ModelChoiceFilter(label=_("OPD penyelenggara"), queryset=Unit.objects.none(),
                                                 empty_label=_("Semua OPD"))
    competency_type = django_filters.ChoiceFilter(label=_("Jenis kompetensi"), choices=CompetencyType.choices,
                                                  empty_label=_("Semua jenis"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="by_status",
                                         empty_label=_("Semua status"))
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("fiscal_year", "tahun"), ("jp", "jp"), ("n_offerings", "angkatan"),
                ("n_enrolled", "peserta")),
    )

    class Meta:
        model = Program
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = _years("fiscal_year", Program)
        self.filters["organiser"].queryset = _organisers()

    def search(self, queryset: QuerySet[Program], _name: str, value: str) -> QuerySet[Program]:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value)) if value else queryset

    def by_status(self, queryset: QuerySet[Program], _name: str, value: str) -> QuerySet[Program]:
        return queryset.filter(program_status_q(value, timezone.localdate()))


class OfferingFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Tahun anggaran"), choices=[], field_name="program__fiscal_year",
                                       empty_label=_("Semua tahun"))
    organiser = django_filters.ModelChoiceFilter(label=_("OPD penyelenggara"), queryset=Unit.objects.none(),
                                                 field_name="program__organiser", empty_label=_("Semua OPD"))
    program = django_filters.ModelChoiceFilter(label=_("Program"), queryset=Program.objects.none(),
                                               empty_label=_("Semua program"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="by_status",
                                         empty_label=_("Semua status"))
    o = django_filters.OrderingFilter(
        fields=(("start_date", "mulai"), ("program__name", "program"), ("batch", "angkatan"),
                ("n_seats", "terisi"), ("capacity", "kapasitas")),
    )

    class Meta:
        model = Offering
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = _years("fiscal_year", Program)
        self.filters["organiser"].queryset = _organisers()
        self.filters["program"].queryset = Program.objects.order_by("-fiscal_year", "name")

    def by_status(self, queryset: QuerySet[Offering], _name: str, value: str) -> QuerySet[Offering]:
        return queryset.filter(offering_status_q(value, timezone.localdate()))
