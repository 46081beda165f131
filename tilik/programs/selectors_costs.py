"""Programme cost reads that need no evaluation result: the value of participants' time in class and whether
a programme's angkatan have started or ended. The ROI built on them is tilik.evaluations.selectors_roi."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Max, Min

from tilik.programs import pay_reference
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Offering, Program

TOOK_PART = (EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED)
JP_HOURS = 0.75  # one JP is 45 minutes
# Participants' time is valued at gaji pokok + the default tunjangan (pay_reference); the range runs from
# gaji pokok alone to +25 % (TPP and seniority are not in the pay table).
TIME_HIGH_FACTOR = 1.25


@dataclass(frozen=True)
class ParticipantTime:
    people: int
    hours: float  # participant-hours in class
    cost: float
    cost_low: float
    cost_high: float
    estimated: int  # participants whose golongan is not in the pay table (PPPK): valued at the median rate


def participant_time(program: Program) -> ParticipantTime:
    """The value of the working time participants spent in class (JP x 45 minutes x hourly cost by golongan)."""
    rows = (
        Enrollment.objects.filter(offering__program=program, status__in=TOOK_PART)
        .values("employee__golongan")
        .annotate(n=Count("id"))
    )
    hours_each = float(program.jp) * JP_HOURS
    known: list[tuple[int, float, float]] = []  # (n, hourly with allowance, hourly gaji pokok only)
    unknown = 0
    for row in rows:
        g = row["employee__golongan"]
        if g in pay_reference.GOLONGAN:
            full = float(pay_reference.hourly_cost(g).hourly)
            month_hours = pay_reference.WORKING_DAYS_PER_MONTH * pay_reference.HOURS_PER_DAY
            base = float(pay_reference.base_pay(g) / month_hours)
            known.append((row["n"], full, base))
        else:
            unknown += row["n"]
    people = sum(n for n, _, _ in known) + unknown
    if known and unknown:
        mid_full = median(f for _, f, _ in known)
        mid_base = median(b for _, _, b in known)
        known.append((unknown, mid_full, mid_base))
    cost = sum(n * hours_each * f for n, f, _ in known)
    low = sum(n * hours_each * b for n, _, b in known)
    return ParticipantTime(people, people * hours_each, cost, low, cost * TIME_HIGH_FACTOR, unknown if known else 0)


@dataclass(frozen=True)
class Schedule:
    """Whether absorption can be judged yet: ``not_started`` (no angkatan began), ``running`` or ``ended``."""

    state: str
    first_start: dt.date | None
    last_end: dt.date | None


def schedule_state(first_start: dt.date | None, last_end: dt.date | None, today: dt.date) -> str:
    if first_start is None or first_start > today:
        return "not_started"
    return "ended" if last_end is not None and last_end < today else "running"


def schedule(program: Program, today: dt.date) -> Schedule:
    got = Offering.objects.filter(program=program).aggregate(first=Min("start_date"), last=Max("end_date"))
    return Schedule(schedule_state(got["first"], got["last"], today), got["first"], got["last"])
