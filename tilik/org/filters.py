"""Filters and sort orders of the unit and ASN lists (django-filter); the unit choices are the user's scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tilik.org.choices import EmploymentType, UnitType
from tilik.org.models import Employee, Unit, UnitMembership

STATUS_CHOICES = [("aktif", _("Aktif")), ("nonaktif", _("Tidak aktif"))]


def _active(queryset: QuerySet[Any], _name: str, value: str) -> QuerySet[Any]:
    if value == "aktif":
        return queryset.filter(active=True)
    if value == "nonaktif":
        return queryset.filter(active=False)
    return queryset


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit/OPD"), queryset=Unit.objects.none(), method="in_unit", empty_label=_("Semua unit")
    )
    employment_type = django_filters.ChoiceFilter(
        label=_("Jenis ASN"), choices=EmploymentType.choices, empty_label=_("Semua")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method=_active, empty_label=_("Semua")
    )
    o = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("name", "name"), ("nip", "nip"), ("golongan", "golongan"), ("unit_name", "unit")),
        field_labels={"name": _("Nama"), "nip": "NIP", "golongan": _("Golongan"), "unit_name": _("Unit")},
    )

    class Meta:
        model = Employee
        fields: list[str] = []

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units

    def search(self, queryset: QuerySet[Employee], _name: str, value: str) -> QuerySet[Employee]:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(nip__startswith=value)
        return queryset.filter(name__icontains=value)

    def in_unit(self, queryset: QuerySet[Employee], _name: str, unit: Unit | None) -> QuerySet[Employee]:
        if unit is None:
            return queryset
        current = UnitMembership.objects.filter(end_date__isnull=True, unit__path__startswith=unit.path)
        return queryset.filter(pk__in=current.values("employee_id"))


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau kode"), method="search")
    unit_type = django_filters.ChoiceFilter(label=_("Jenis unit"), choices=UnitType.choices,
                                            empty_label=_("Semua jenis"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method=_active, empty_label=_("Semua")
    )
    o = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("path", "path"), ("name", "name"), ("unit_type", "unit_type"), ("n_staff", "n_staff")),
        field_labels={"path": _("Pohon"), "name": _("Nama"), "unit_type": _("Jenis"), "n_staff": _("ASN")},
    )

    class Meta:
        model = Unit
        fields: list[str] = []

    def search(self, queryset: QuerySet[Unit], _name: str, value: str) -> QuerySet[Unit]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value))
