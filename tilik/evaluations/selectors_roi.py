"""Level 5 reads: ROI from the primary effect (the costs it is set against, participants' time included, are
tilik.programs.selectors_costs).

The ROI rule (docs/panduan-laporan.md, "Aturan ROI"): ROI/BCR are computed only from the programme's
primary estimate (tilik.evaluations.selectors_decision) that the attribution guard credits to it, and only
when its 95 % CI excludes zero on the side of improvement; the interval carries that CI and the cost range
through. Otherwise no point value is shown and the reason is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from analysis.roi import ROIInterval, roi_from_effect
from tilik.evaluations.selectors_attribution import attributed_runs
from tilik.evaluations.selectors_decision import program_primary
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import BenefitAssumption, Enrollment, Program
from tilik.programs.selectors_costs import ParticipantTime


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
