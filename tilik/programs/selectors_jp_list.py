"""Every active ASN in scope with their JP of a year: the full, pageable 20 JP list (one query per page)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tilik.org.models import Employee, Unit, UnitMembership
from tilik.org.selectors_manage import employees_in_scope
from tilik.programs.models import JPEntry


def jp_people(year: int, *, units: QuerySet[Unit] | None) -> QuerySet[Employee]:
    """Active ASN with a current unit in ``units`` (None: every unit), annotated ``jp_total`` for ``year``."""
    total = (
        JPEntry.objects.filter(employee=OuterRef("pk"), year=year)
        .values("employee").annotate(t=Sum("jp")).values("t")[:1]
    )
    # Only people with a current unit (as on the 20 JP page): every unit when no scope is given.
    people = employees_in_scope(units if units is not None else Unit.objects.all()).filter(active=True)
    return people.annotate(
        jp_total=Coalesce(Subquery(total), Value(Decimal(0)), output_field=DecimalField(max_digits=8, decimal_places=2))
    ).order_by("jp_total", "name", "pk")


def ledger_entries(units: QuerySet[Unit] | None) -> QuerySet[JPEntry]:
    """The JP ledger, newest first: every entry (``units`` None), or those of the ASN whose current unit is in
    ``units`` (a pimpinan unit's subtree)."""
    entries = JPEntry.objects.select_related("employee").order_by("-year", "-completed_on", "pk")
    if units is None:
        return entries
    current = UnitMembership.objects.filter(end_date__isnull=True, unit__in=units)
    return entries.filter(employee_id__in=current.values("employee_id"))


def opd_names() -> dict[int, str]:
    """unit id -> the name of its OPD (the depth-1 ancestor; itself at depth 0 or 1). One query."""
    units = {u.pk: u for u in Unit.objects.only("id", "name", "short_name", "path")}
    out = {}
    for pk, unit in units.items():
        ids = [int(x) for x in unit.path.strip("/").split("/") if x]
        opd = units.get(ids[1] if len(ids) > 1 else ids[0], unit)
        out[pk] = opd.short_name or opd.name
    return out
