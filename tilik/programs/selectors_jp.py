"""Reads for the 20 JP right: JP per ASN, compliance by OPD (analysis.indices.jp_compliance), own page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from analysis.indices import JPCompliance, jp_compliance
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.programs.choices_participation import CertificateStatus
from tilik.programs.models import Certificate, JPEntry


@dataclass(frozen=True)
class EmployeeJP:
    employee_id: int
    name: str
    nip: str
    unit: str
    opd: str
    jp: float
    gap: float


@dataclass(frozen=True)
class UnitCompliance:
    opd: str
    result: JPCompliance
    hidden: bool  # fewer than min_cell ASN: only shown to evaluators


@dataclass(frozen=True)
class JPOverview:
    year: int
    target: float
    overall: JPCompliance | None
    by_opd: list[UnitCompliance]
    under: list[EmployeeJP]  # below target, largest gap first


def jp_overview(
    year: int, *, target: float, units: QuerySet[Unit] | None = None, min_cell: int | None = None
) -> JPOverview:
    """Active ASN in the (scoped) units now; JP of the year from the ledger. Four queries."""
    memberships = UnitMembership.objects.filter(end_date__isnull=True, employee__active=True)
    if units is not None:
        memberships = memberships.filter(unit__in=units)
    people = list(memberships.values_list("employee_id", "employee__name", "employee__nip", "unit_id"))
    totals = dict(
        JPEntry.objects.filter(year=year)
        .values("employee_id")
        .annotate(t=Sum("jp"))
        .values_list("employee_id", "t")
    )
    units_by_id = {u.pk: u for u in Unit.objects.only("id", "name", "short_name", "path")}

    def opd_name(unit_id: int) -> str:
        ids = [int(x) for x in units_by_id[unit_id].path.strip("/").split("/") if x]
        opd = units_by_id[ids[1] if len(ids) > 1 else ids[0]]
        return opd.short_name or opd.name

    rows = [
        EmployeeJP(
            emp,
            name,
            nip,
            units_by_id[unit].name,
            opd_name(unit),
            float(totals.get(emp) or 0),
            max(target - float(totals.get(emp) or 0), 0.0),
        )
        for emp, name, nip, unit in people
    ]
    if not rows:
        return JPOverview(year, target, None, [], [])
    overall = jp_compliance({str(r.employee_id): r.jp for r in rows}, target=target)
    groups: dict[str, dict[str, float]] = defaultdict(dict)
    for r in rows:
        groups[r.opd][str(r.employee_id)] = r.jp
    by_opd = sorted(
        (
            UnitCompliance(
                opd, jp_compliance(values, target=target), min_cell is not None and len(values) < min_cell
            )
            for opd, values in groups.items()
        ),
        key=lambda u: (u.result.pct, u.opd),
    )
    under = sorted((r for r in rows if r.gap > 0), key=lambda r: (-r.gap, r.name))
    return JPOverview(year, target, overall, by_opd, under)


@dataclass(frozen=True)
class OwnJP:
    employee: Employee
    year: int
    target: float
    total: Decimal
    gap: Decimal
    pct_of_target: float
    entries: list[JPEntry]
    certificates: list[Certificate]
    pending_jp: Decimal


def own_jp(employee: Employee, *, year: int, target: float) -> OwnJP:
    """An ASN's ledger for the year and all their certificates (the "JP saya" page)."""
    entries = list(JPEntry.objects.filter(employee=employee, year=year).order_by("-completed_on", "-id"))
    total = sum((e.jp for e in entries), Decimal(0))
    certificates = list(Certificate.objects.filter(employee=employee).order_by("-uploaded_at", "-id"))
    pending = sum(
        (c.jp for c in certificates if c.status == CertificateStatus.PENDING and c.completed_on.year == year),
        Decimal(0),
    )
    goal = Decimal(str(target))
    return OwnJP(
        employee,
        year,
        target,
        total,
        max(goal - total, Decimal(0)),
        min(float(total / goal * 100), 100.0) if goal else 100.0,
        entries,
        certificates,
        pending,
    )


def jp_years() -> list[int]:
    return list(JPEntry.objects.order_by("-year").values_list("year", flat=True).distinct())


def pending_certificates() -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(status=CertificateStatus.PENDING)
        .select_related("employee")
        .order_by("uploaded_at", "id")
    )
