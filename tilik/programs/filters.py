"""Filters and sort orders of the programme and angkatan lists (django-filter): year, OPD, programme, status."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tilik.org.choices import EmploymentType
from tilik.org.models import Unit, UnitMembership
from tilik.programs.choices import CompetencyType, DeliveryMode
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
    mode = django_filters.ChoiceFilter(label=_("Moda pelaksanaan"), choices=DeliveryMode.choices,
                                       empty_label=_("Semua moda"))
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


class JPFilter(django_filters.FilterSet):
    """The full 20 JP list: unit (with its sub-units), meets/below target, PNS/PPPK, name or NIP."""

    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="search")
    unit = django_filters.ModelChoiceFilter(label=_("Unit/OPD"), queryset=Unit.objects.none(), method="in_unit",
                                            empty_label=_("Semua unit"))
    status = django_filters.ChoiceFilter(
        label=_("Status 20 JP"), method="by_status", empty_label=_("Semua"),
        choices=[("kurang", _("Di bawah target")), ("memenuhi", _("Memenuhi target"))],
    )
    employment_type = django_filters.ChoiceFilter(label=_("Jenis ASN"), choices=EmploymentType.choices,
                                                  empty_label=_("PNS dan PPPK"))
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("nip", "nip"), ("unit_name", "unit"), ("jp_total", "jp")),
    )

    def __init__(self, *args: Any, units: Any, target: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units
        self.target = target

    def search(self, queryset: QuerySet[Any], _name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(nip__startswith=value) if value.isdigit() else queryset.filter(name__icontains=value)

    def in_unit(self, queryset: QuerySet[Any], _name: str, unit: Unit | None) -> QuerySet[Any]:
        if unit is None:
            return queryset
        current = UnitMembership.objects.filter(end_date__isnull=True, unit__path__startswith=unit.path)
        return queryset.filter(pk__in=current.values("employee_id"))

    def by_status(self, queryset: QuerySet[Any], _name: str, value: str) -> QuerySet[Any]:
        if value == "memenuhi":
            return queryset.filter(jp_total__gte=self.target)
        if value == "kurang":
            return queryset.filter(jp_total__lt=self.target)
        return queryset
