"""Reads for the organisation: subtrees, and which unit an employee was in on a date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from tilik.org.models import Employee, Unit, UnitMembership


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it."""
    return Unit.objects.filter(path__startswith=unit.path)


def unit_ancestors(unit: Unit) -> list[Unit]:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def memberships_on(day: dt.date) -> QuerySet[UnitMembership]:
    return UnitMembership.objects.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))


def unit_of(employee: Employee, on: dt.date) -> Unit | None:
    membership = memberships_on(on).filter(employee=employee).select_related("unit").first()
    return membership.unit if membership else None


def employees_in_unit(unit: Unit, *, on: dt.date, include_subunits: bool = True) -> QuerySet[Employee]:
    units = unit_subtree(unit) if include_subunits else Unit.objects.filter(pk=unit.pk)
    ids = memberships_on(on).filter(unit__in=units).values("employee_id")
    return Employee.objects.filter(pk__in=ids)
