"""Level 5 reads: fully loaded costs (participants' time included), ROI from the primary effect, cost per outcome.

The ROI rule (docs/panduan-laporan.md, "Aturan ROI"): ROI/BCR are computed only from the programme's
primary estimate (tilik.evaluations.selectors_decision) that the attribution guard credits to it, and only
when its 95 % CI excludes zero on the side of improvement; the interval carries that CI and the cost range
through. Otherwise no point value is shown and the reason is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Count, Max, Min

from analysis.roi import ROIInterval, roi_from_effect
from tilik.programs import pay_reference
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import BenefitAssumption, Enrollment, Offering, Program

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
class ProgramROI:
    """``roi`` is None, or not concluded, with ``reason``: no_assumption, no_realisasi, no_effect (``missing``
    says why: the guard's text or a selectors_decision code), no_link, not_credible, wrong_sign."""

    reason: str
    roi: ROIInterval | None = None
    primary: Any = None  # selectors_decision.PrimaryStatus
    missing: str = ""
    hours_per_unit: float | None = None  # the conversion: hours saved per ASN per year per unit of improvement
    beneficiaries: int = 0


def credited_runs(program: Program) -> tuple[list[Any], list[str]]:
    """Runs the attribution guard credits to this programme, and its reasons for the others."""
    from tilik.evaluations.selectors_attribution import attributed_runs

    checked = attributed_runs([program])
    return [a.run for a in checked.credited], checked.reasons


def beneficiaries(program: Program, post_end: dt.date | None) -> int:
    """Completers whose angkatan ended inside the estimate's data (an effect window after the data is not counted)."""
    qs = Enrollment.objects.filter(offering__program=program, status=EnrollmentStatus.COMPLETED)
    if post_end is not None:
        qs = qs.filter(offering__end_date__lte=post_end)
    return qs.count()


def primary_for(program: Program) -> tuple[Any, list[str]]:
    """The programme's primary estimate among the runs credited to it, and the guard's reasons for the rest."""
    from tilik.evaluations.selectors_decision import program_primary

    runs, reasons = credited_runs(program)
    return program_primary(program, runs), reasons


def program_roi(
    program: Program,
    assumption: BenefitAssumption | None,
    realisasi: Decimal,
    time: ParticipantTime,
    *,
    primary: Any = None,
    reasons: list[str] | None = None,
) -> ProgramROI:
    if assumption is None:
        return ProgramROI("no_assumption")
    if realisasi <= 0:
        return ProgramROI("no_realisasi")
    if primary is None:
        primary, reasons = primary_for(program)
    reasons = reasons or []
    if primary.effect is None:
        missing = reasons[0] if reasons and primary.missing == "no_run" else primary.missing
        return ProgramROI("no_effect", primary=primary, missing=missing)
    change = float(assumption.outcome_change or 0)
    if not change:
        return ProgramROI("no_link", primary=primary)
    per_unit = float(assumption.hours_saved_per_participant) / abs(change)
    people = beneficiaries(program, primary.plan.post_end if primary.plan else None)
    spent = float(realisasi)
    e = primary.effect
    roi = roi_from_effect(
        effect=e.estimate,
        ci_low=e.ci_low,
        ci_high=e.ci_high,
        higher_is_better=e.higher_is_better,
        value_per_unit=per_unit * float(assumption.hourly_cost),
        beneficiaries=people,
        costs=(spent + time.cost_low, spent + time.cost, spent + time.cost_high),
        isolation=float(assumption.isolation),
        confidence=float(assumption.confidence),
    )
    return ProgramROI(roi.reason if not roi.concluded else "", roi, primary, "", per_unit, people)


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
