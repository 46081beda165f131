"""Reads for programmes: headline counts, JP per ASN, seat use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from tilik.org.models import Employee
from tilik.programs.choices import SEAT_STATUSES, EnrollmentStatus
from tilik.programs.models import BudgetLine, Enrollment, JPEntry, Offering, Program


@dataclass(frozen=True)
class YearHeadline:
    year: int
    programs: int
    offerings: int
    enrollments: int
    completed: int
    no_show: int
    participation_pct: float | None
    pagu: Decimal
    realisasi: Decimal
    absorption_pct: float | None
    jp_compliant: int
    active_employees: int
    jp_compliance_pct: float | None


def program_years() -> list[int]:
    return list(Program.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def programs_for_year(year: int) -> QuerySet[Program]:
    return (
        Program.objects.filter(fiscal_year=year)
        .annotate(
            n_offerings=Count("offerings", distinct=True),
            n_enrolled=Count("offerings__enrollments", distinct=True),
            n_completed=Count("offerings__enrollments",
                              filter=Q(offerings__enrollments__status=EnrollmentStatus.COMPLETED), distinct=True),
        )
        .order_by("name")
    )


def jp_by_employee(year: int) -> dict[int, Decimal]:
    rows = JPEntry.objects.filter(year=year).values("employee_id").annotate(total=Sum("jp"))
    return {row["employee_id"]: row["total"] for row in rows}


def year_headline(year: int, *, jp_target: int = 20, today: dt.date | None = None) -> YearHeadline:
    enrollments = Enrollment.objects.filter(offering__program__fiscal_year=year)
    by_status = dict(enrollments.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    total = sum(by_status.values())
    # Participation counts only angkatan that have started: a registration for a class next
    # month is not (yet) a non-participant.
    started = enrollments.filter(offering__start_date__lte=today or dt.date.today())
    started_by_status = dict(started.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    invited_decided = sum(started_by_status.values()) - started_by_status.get(EnrollmentStatus.INVITED, 0)
    took_part = sum(started_by_status.get(s, 0) for s in (EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED))
    budget = BudgetLine.objects.filter(fiscal_year=year).aggregate(p=Sum("pagu"), r=Sum("realisasi"))
    pagu, realisasi = budget["p"] or Decimal(0), budget["r"] or Decimal(0)
    active = Employee.objects.filter(active=True).count()
    compliant = sum(1 for total_jp in jp_by_employee(year).values() if total_jp >= jp_target)
    return YearHeadline(
        year=year,
        programs=Program.objects.filter(fiscal_year=year).count(),
        offerings=Offering.objects.filter(program__fiscal_year=year).count(),
        enrollments=total,
        completed=by_status.get(EnrollmentStatus.COMPLETED, 0),
        no_show=by_status.get(EnrollmentStatus.NO_SHOW, 0),
        participation_pct=(100.0 * took_part / invited_decided) if invited_decided else None,
        pagu=pagu,
        realisasi=realisasi,
        absorption_pct=float(realisasi / pagu * 100) if pagu else None,
        jp_compliant=compliant,
        active_employees=active,
        jp_compliance_pct=(100.0 * compliant / active) if active else None,
    )


def seats_taken(offering: Offering) -> int:
    return Enrollment.objects.filter(offering=offering, status__in=SEAT_STATUSES).count()
