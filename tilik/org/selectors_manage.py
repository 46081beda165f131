"""Reads for the unit and ASN pages: each list one query (current unit and head counts are subqueries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from tilik.org.models import Employee, Unit, UnitMembership


def _current(employee_ref: Any) -> QuerySet[UnitMembership]:
    return UnitMembership.objects.filter(employee=employee_ref, end_date__isnull=True)


def employees_in_scope(units: QuerySet[Unit] | None) -> QuerySet[Employee]:
    """Every ASN (``units`` None: an evaluator), or those whose current unit is in ``units``.

    Annotated with the current unit's name and id so a list page needs no query per row.
    """
    current = _current(OuterRef("pk"))
    employees = Employee.objects.annotate(
        unit_name=Subquery(current.values("unit__name")[:1]),
        current_unit_id=Subquery(current.values("unit_id")[:1]),
    ).order_by("name", "pk")
    if units is not None:
        employees = employees.filter(
            pk__in=UnitMembership.objects.filter(end_date__isnull=True, unit__in=units).values("employee_id")
        )
    return employees


def employee_history(employee: Employee) -> QuerySet[UnitMembership]:
    return employee.memberships.select_related("unit").order_by("-start_date")


def units_listed(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Units with their parent and the number of ASN currently in each (the unit itself, not its subtree)."""
    return units.select_related("parent").annotate(
        n_staff=Count("memberships", filter=Q(memberships__end_date__isnull=True))
    ).order_by("path")
