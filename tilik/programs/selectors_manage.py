"""Reads for the programme, angkatan and enrolment pages: one query per list, counts as annotations.

A programme's or angkatan's status is read from its dates (no stored status to fall out of step):
planned (no angkatan yet, or none started), running, finished.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from tilik.programs.choices import SEAT_STATUSES, EnrollmentStatus
from tilik.programs.models import Enrollment, Offering, Program

PLANNED, RUNNING, FINISHED = "rencana", "berjalan", "selesai"
STATUS_CHOICES = [(PLANNED, _("Direncanakan")), (RUNNING, _("Berjalan")), (FINISHED, _("Selesai"))]


def programs_listed() -> QuerySet[Program]:
    return Program.objects.select_related("organiser").annotate(
        n_offerings=Count("offerings", distinct=True),
        n_enrolled=Count("offerings__enrollments", distinct=True),
        first_start=Min("offerings__start_date"),
        last_end=Max("offerings__end_date"),
    ).order_by("-fiscal_year", "name")


def program_status_q(status: str, today: dt.date) -> Q:
    if status == PLANNED:
        return Q(first_start__isnull=True) | Q(first_start__gt=today)
    if status == RUNNING:
        return Q(first_start__lte=today, last_end__gte=today)
    if status == FINISHED:
        return Q(last_end__lt=today)
    return Q()


def offerings_listed() -> QuerySet[Offering]:
    return Offering.objects.select_related("program", "program__organiser").annotate(
        n_seats=Count("enrollments", filter=Q(enrollments__status__in=SEAT_STATUSES)),
        n_invited=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.INVITED)),
        n_total=Count("enrollments"),
    ).order_by("-start_date", "program__name", "batch")


def offering_status_q(status: str, today: dt.date) -> Q:
    if status == PLANNED:
        return Q(start_date__gt=today)
    if status == RUNNING:
        return Q(start_date__lte=today, end_date__gte=today)
    if status == FINISHED:
        return Q(end_date__lt=today)
    return Q()


def status_of(start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    if start is None or start > today:
        return PLANNED
    return FINISHED if end is not None and end < today else RUNNING


def enrollments_of(offering: Offering) -> QuerySet[Enrollment]:
    return offering.enrollments.select_related("employee").order_by("employee__name")


def next_batch(program: Program) -> int:
    last = program.offerings.aggregate(m=Max("batch"))["m"]
    return (last or 0) + 1


def plans_of(program: Program) -> list[Any]:
    """The evaluation plans covering the programme, with their primary indicator, in one query.

    Read through the reverse relation: ``programs`` sits below ``evaluations`` and must not import it.
    """
    return list(program.evaluation_plans.select_related("primary_indicator").order_by("name"))


@dataclass(frozen=True)
class BudgetTotals:
    lines: int
    pagu: Decimal
    realisasi: Decimal

    @property
    def absorption_pct(self) -> float | None:
        return float(self.realisasi / self.pagu * 100) if self.pagu else None


def budget_totals(program: Program) -> BudgetTotals:
    """Pagu and realisasi summed over the programme's budget lines (every fiscal year they name)."""
    agg = program.budget_lines.aggregate(n=Count("pk"), pagu=Sum("pagu"), realisasi=Sum("realisasi"))
    return BudgetTotals(lines=agg["n"], pagu=agg["pagu"] or Decimal(0), realisasi=agg["realisasi"] or Decimal(0))
