"""The decision table's inputs for one programme (analysis.decision.Evidence), read from stored results.

Level 2 comes from the report's own findings; the primary estimate from the runs the attribution guard
credits to the programme; Level 3 (360° before/after by rater group) and Level 1 are read only when the
chain can change the verdict (participants learned and the primary estimate is not already positive).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.apps import apps
from django.conf import settings

from analysis.decision import Evidence, LowUnit, decide
from analysis.likert import scale_position
from tilik.reports.findings import Finding

REACTION_POOR_BELOW = 0.5  # mean scale score below the scale's midpoint (normalised 0-1) is a poor reaction


@dataclass(frozen=True)
class ProgramInputs:
    evidence: Evidence
    primary: Any = None  # selectors_decision.PrimaryStatus
    roi: Any = None  # selectors_roi.ProgramROI
    budget: Any = None  # selectors_budget.ProgramBudgetRow
    learning_findings: tuple[Finding, ...] = ()
    transfer_note: str = ""  # the 360° change the transfer level rests on, formatted


def _learning(program: Any, findings: list[Finding]) -> tuple[str, tuple[Finding, ...]]:
    mine = tuple(
        f for f in findings if f.kind == "effect" and f.data.get("level") == 2 and f.data.get("program") == program.name
    )
    usable = [f for f in mine if f.data.get("ci_low") is not None]
    if not usable:
        return "unknown", mine
    return ("ok" if any(f.data["ci_low"] > 0 for f in usable) else "poor"), mine


def _transfer(plan: Any) -> tuple[str, str]:
    """Level 3 from 360° ratings before/after: ok when a rater group's change has a CI above zero."""
    from tilik.core import fmt
    from tilik.evaluations.selectors_level3 import level3_for_plan

    if plan is None or not apps.is_installed("tilik.surveys"):
        return "unknown", ""
    l3 = level3_for_plan(plan)
    measured = [g for g in l3.groups if g.change is not None and g.ci_low is not None]
    if not measured:
        return "unknown", ""
    best = max(measured, key=lambda g: g.ci_low if g.ci_low is not None else float("-inf"))
    note = f"{best.label}: {fmt.num(best.change, 2)} (IK 95 % {fmt.num(best.ci_low, 2)} – {fmt.num(best.ci_high, 2)})"
    return ("ok" if (best.ci_low or 0) > 0 else "poor"), note


def _transfer_reported(program: Any, findings: list[Finding]) -> tuple[str, str] | None:
    """Level 3 as the report states it (sections/qualitative.py): each rater type's before/after change
    against the comparison staff rated in the same waves (like with like). The supervisor's rating decides
    (self-ratings run high); None when the report has no comparison-group reading for the programme."""
    from tilik.core import fmt

    mine = [
        f
        for f in findings
        if f.kind == "behaviour" and f.data.get("program_id") == program.pk and f.data.get("comparison")
    ]
    if not mine:
        return None
    best = next((f for f in mine if f.data.get("rater") == "atasan"), None) or max(mine, key=lambda f: f.data["ci_low"])
    from tilik.surveys.choices import RaterGroup

    d = best.data
    label = dict(RaterGroup.choices).get(d["rater"], d["rater"])
    note = f"{label}: {fmt.num(d['estimate'], 2)} (IK 95 % {fmt.num(d['ci_low'], 2)} – {fmt.num(d['ci_high'], 2)})"
    return ("ok" if d["ci_low"] > 0 else "poor"), note


def _reaction(program: Any) -> str:
    """Level 1: poor when the mean scale score over the programme's reaction waves is below the midpoint."""
    if not apps.is_installed("tilik.surveys"):
        return "unknown"
    from django.db.models import Q

    from tilik.surveys.choices import QuestionType
    from tilik.surveys.models import Wave
    from tilik.surveys.published import frame_for

    waves = Wave.objects.filter(version__instrument__kind="reaksi").filter(
        Q(program=program) | Q(offering__program=program)
    )
    items: list[tuple[Any, int]] = []
    for wave in waves.distinct():
        frame, questions = frame_for(wave)  # the published batch: a verdict rests on what readers may see
        items.extend(
            (frame[q.code], int(q.scale_points or 5))
            for q in questions
            if q.qtype == QuestionType.LIKERT and q.code in frame and not q.reverse_keyed
        )
    position = scale_position(items)
    if position is None:
        return "unknown"
    return "poor" if position < REACTION_POOR_BELOW else "ok"


def low_units(findings: list[Finding]) -> tuple[LowUnit, ...]:
    return tuple(
        LowUnit(f.data["unit"], f.data["reason_code"], f.data.get("reason", ""))
        for f in findings
        if f.kind == "low_participation" and f.data.get("reason_code")
    )


def program_inputs(
    program: Any, findings: list[Finding], *, budget_row: Any, units: tuple[LowUnit, ...]
) -> ProgramInputs:
    from tilik.evaluations.selectors_roi import primary_for, program_roi
    from tilik.programs.models import BenefitAssumption
    from tilik.programs.selectors_costs import participant_time

    primary, reasons = primary_for(program)
    missing = primary.missing
    if primary.effect is None and missing == "no_run" and reasons:
        missing = reasons[0]  # the attribution guard's words
    learning, l2 = _learning(program, findings)
    roi = None
    if budget_row is not None and primary.effect is not None and primary.effect.credible:
        assumption = BenefitAssumption.objects.filter(program=program).first()
        roi = program_roi(
            program, assumption, budget_row.realisasi, participant_time(program), primary=primary, reasons=reasons
        )
    interval = roi.roi if roi is not None and roi.roi is not None and roi.roi.concluded else None
    ev = Evidence(
        program=program.name,
        primary=primary.effect,
        missing_reason=missing,
        learning=learning,  # type: ignore[arg-type]
        roi_low=interval.roi_low if interval is not None else None,
        roi_high=interval.roi_high if interval is not None else None,
        absorption_pct=budget_row.absorption_pct if budget_row is not None else None,
        absorption_final=budget_row is not None and budget_row.state == "ended",
        low_absorption_pct=float(settings.TILIK_LOW_ABSORPTION_PCT),
        over_lines=budget_row.over_lines if budget_row is not None else 0,
        low_units=units,
    )
    note = ""
    if learning == "ok" and decide(ev).verdict not in ("expand", "continue"):
        transfer, note = _transfer_reported(program, findings) or _transfer(primary.plan or _any_plan(program))
        reaction = _reaction(program) if transfer == "poor" else "unknown"
        ev = replace(ev, transfer=transfer, reaction=reaction)  # type: ignore[arg-type]
    return ProgramInputs(ev, primary, roi, budget_row, l2, note)


def _any_plan(program: Any) -> Any:
    from tilik.evaluations.models import EvaluationPlan

    return EvaluationPlan.objects.filter(programs=program).order_by("pk").first()
