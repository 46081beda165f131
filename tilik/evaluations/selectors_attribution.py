"""The attribution guard: which angkatan an estimate may be credited to, and why the others cannot be yet.

An estimate belongs to a programme, angkatan or year only when that angkatan's participants (completed
enrolments) are in the estimate's treated group WITH outcome values observed after their angkatan ended
(rows with ``d == 1`` in the design's sample). ``cohort_counts`` records this per angkatan when a run is
stored (``EvaluationRun.input_counts["cohorts"]``); ``run_attribution`` reads it back for the angkatan a
page, report or planner asks about and gives every other angkatan its reason. Nothing else decides what a
run may be credited to: the report's Level 4 section, the dashboard, the planner and ROI all go through
``attributed_runs`` / ``run_attribution``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Offering

# Designs whose estimate uses only the angkatan that finished between the two windows (clean cohort).
TWO_WINDOW = ("prepost", "matched", "its")
COHORTS_KEY = "cohorts"
TREATED_AFTER_KEY = "treated_after"  # distinct treated entities with outcomes after training, all angkatan


def _reason(text: str) -> str:
    return _("belum dapat dievaluasi: %(why)s") % {"why": text}


def why(reason: str) -> str:
    """The cause alone ("angkatan belum selesai"), for places whose heading already says "Belum dapat
    dievaluasi"; any other text comes back unchanged."""
    prefix = _reason("")
    return reason[len(prefix) :] if reason.startswith(prefix) else reason


def not_finished() -> str:
    return _reason(_("angkatan belum selesai"))


def no_attendee() -> str:
    return _reason(_("belum ada peserta hadir"))


def no_completer() -> str:
    return _reason(_("belum ada peserta yang dinyatakan lulus/selesai"))


def no_outcome_after() -> str:
    return _reason(_("belum ada data hasil sesudah angkatan selesai dalam masa sesudah rencana evaluasi"))


def not_recorded() -> str:
    return _reason(_("hasil estimasi ini tidak mencatat angkatan yang tercakup; jalankan ulang rencana evaluasi"))


def no_plan() -> str:
    return _reason(_("belum ada rencana evaluasi dampak yang dijalankan untuk program ini"))


def design_sample(df: pd.DataFrame, plan: EvaluationPlan) -> pd.DataFrame:
    """The rows the plan's design estimates from (two-window designs keep the clean cohort only)."""
    from tilik.evaluations.estimation import clean_cohort

    return clean_cohort(df, plan) if plan.design in TWO_WINDOW else df


def treated_after(plan: EvaluationPlan, df: pd.DataFrame) -> set[Any]:
    """Treated entities of the design's sample with an outcome observed after their training."""
    sample = design_sample(df, plan) if not df.empty else df
    return set() if sample.empty else set(sample.loc[(sample["treated"] == 1) & (sample["d"] == 1), "entity"])


def cohort_counts(plan: EvaluationPlan, entity_kind: str, df: pd.DataFrame) -> dict[str, int]:
    """Offering id (str, for JSON) -> entities of it in the estimate's treated group with an outcome
    observed after treatment. Employees count for the angkatan they first completed; a unit counts for
    every angkatan its staff completed on or before the unit's treatment start."""
    from tilik.evaluations.selectors import _first_after

    seen = treated_after(plan, df)
    if not seen:
        return {}
    rows = list(
        Enrollment.objects.filter(
            offering__program__in=plan.programs.all(), status=EnrollmentStatus.COMPLETED
        ).values_list("employee_id", "offering_id", "offering__end_date")
    )
    out: dict[str, set[Any]] = {}
    if entity_kind == "employee":
        first: dict[int, tuple[dt.date, int]] = {}
        for employee_id, offering_id, end in rows:
            if employee_id not in first or (end, offering_id) < first[employee_id]:
                first[employee_id] = (end, offering_id)
        for employee_id, (_end, offering_id) in first.items():
            if employee_id in seen:
                out.setdefault(str(offering_id), set()).add(employee_id)
    else:
        from tilik.evaluations.selectors import _unit_on, treated_units

        starts = treated_units(plan)
        days: dict[int, list[dt.date]] = {}
        for employee_id, _offering, end in rows:
            days.setdefault(employee_id, []).append(end)
        where = _unit_on(days)
        for employee_id, offering_id, end in rows:
            unit_id = where.get((employee_id, end))
            if unit_id is None or unit_id not in seen:
                continue
            if _first_after(end, plan.frequency) <= starts.get(unit_id, dt.date.min):
                out.setdefault(str(offering_id), set()).add(unit_id)
    return {k: len(v) for k, v in sorted(out.items())}


@dataclass(frozen=True)
class CohortCheck:
    """One angkatan asked about: how many of its participants (or units) the estimate counts, else why none."""

    offering_id: int
    label: str
    fiscal_year: int
    counted: int
    reason: str  # "" when counted > 0
    completers: int = 0


@dataclass(frozen=True)
class RunAttribution:
    run: EvaluationRun
    cohorts: tuple[CohortCheck, ...]

    @property
    def ok(self) -> bool:
        return any(c.counted > 0 for c in self.cohorts)

    @property
    def counted(self) -> int:
        return sum(c.counted for c in self.cohorts)

    @property
    def completers(self) -> int:
        return sum(c.completers for c in self.cohorts)

    @property
    def reason(self) -> str:
        """The first reason among the angkatan asked about ("" when the estimate may be credited)."""
        return "" if self.ok else next((c.reason for c in self.cohorts if c.reason), no_attendee())

    @property
    def covered(self) -> str:
        """'Pelayanan Prima 2026 angkatan 1, …' — the angkatan asked about that the estimate counts."""
        return ", ".join(c.label for c in self.cohorts if c.counted)


def _label(offering: Offering) -> str:
    return _("%(program)s %(year)s angkatan %(batch)s") % {
        "program": offering.program.name,
        "year": offering.program.fiscal_year,
        "batch": offering.batch,
    }


def _why_not(offering: Offering, attendees: int, completers: int, today: dt.date) -> str:
    if offering.end_date >= today and not completers:
        return not_finished()
    if not attendees:
        return no_attendee()
    if not completers:
        return no_completer()
    return no_outcome_after()


def offering_checks(offerings: Iterable[Offering], recorded: dict[str, int] | None) -> tuple[CohortCheck, ...]:
    """``recorded``: a run's ``input_counts["cohorts"]`` (None for a run stored before it was kept)."""
    offerings = list(offerings)
    ids = [o.pk for o in offerings]
    attended = {EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED}
    tally: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for offering_id, status in Enrollment.objects.filter(offering_id__in=ids, status__in=attended).values_list(
        "offering_id", "status"
    ):
        tally[offering_id][0] += 1
        tally[offering_id][1] += status == EnrollmentStatus.COMPLETED
    today = timezone.localdate()
    out = []
    for o in offerings:
        counted = int((recorded or {}).get(str(o.pk), 0))
        if counted:
            reason = ""
        elif recorded is None and tally[o.pk][1]:
            reason = not_recorded()
        else:
            reason = _why_not(o, tally[o.pk][0], tally[o.pk][1], today)
        out.append(CohortCheck(o.pk, _label(o), o.program.fiscal_year, counted, reason, tally[o.pk][1]))
    return tuple(out)


def _offerings(programs: Iterable[Any]) -> list[Offering]:
    return list(
        Offering.objects.filter(program__in=list(programs))
        .select_related("program")
        .order_by("program__fiscal_year", "program__name", "batch")
    )


def run_attribution(run: EvaluationRun, programs: Iterable[Any]) -> RunAttribution:
    """The guard for one stored run and the programmes (all their angkatan) a page or report is about.

    The ROI and planner code call this (or ``attributed_runs``): an estimate whose ``ok`` is False has
    no number to show or monetise, and ``reason`` says why.
    """
    plan_programs = set(run.plan.programs.values_list("pk", flat=True))
    asked = [o for o in _offerings(programs) if o.program_id in plan_programs]
    return RunAttribution(run, offering_checks(asked, run.input_counts.get(COHORTS_KEY)))


@dataclass(frozen=True)
class Attributed:
    """The latest run per (plan, indicator) for some programmes, split by the guard."""

    credited: list[RunAttribution]
    blocked: list[RunAttribution]

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(a.reason for a in self.blocked))


def attributed_runs(programs: Iterable[Any], *, entity_kind: str | None = None) -> Attributed:
    """Latest successful run per (plan, indicator) of the plans covering ``programs``, each checked
    against the angkatan of ``programs`` only (so a 2026 report never shows an estimate of 2025 angkatan)."""
    programs = list(programs)
    runs = (
        EvaluationRun.objects.filter(plan__programs__in=programs, error="", estimate__isnull=False)
        .select_related("plan", "indicator")
        .order_by("plan_id", "indicator_id", "-at", "-id")
        .distinct()
    )
    if entity_kind is not None:
        runs = runs.filter(indicator__entity_kind=entity_kind)
    offerings = _offerings(programs)
    plan_programs: dict[int, set[int]] = {}
    seen: set[tuple[int, int]] = set()
    credited: list[RunAttribution] = []
    blocked: list[RunAttribution] = []
    for run in runs:
        key = (run.plan_id, run.indicator_id)
        if key in seen:
            continue
        seen.add(key)
        if run.plan_id not in plan_programs:
            plan_programs[run.plan_id] = set(run.plan.programs.values_list("pk", flat=True))
        asked = [o for o in offerings if o.program_id in plan_programs[run.plan_id]]
        checked = RunAttribution(run, offering_checks(asked, run.input_counts.get(COHORTS_KEY)))
        (credited if checked.ok else blocked).append(checked)
    return Attributed(credited, blocked)


def trained_unit_ids(programs: Iterable[Any]) -> set[int]:
    """Units whose staff completed an angkatan of ``programs`` (the unit held on the angkatan's last day)."""
    from tilik.evaluations.selectors import _unit_on

    rows = list(
        Enrollment.objects.filter(
            offering__program__in=list(programs), status=EnrollmentStatus.COMPLETED
        ).values_list("employee_id", "offering__end_date")
    )
    days: dict[int, list[dt.date]] = {}
    for employee_id, end in rows:
        days.setdefault(employee_id, []).append(end)
    return set(_unit_on(days).values())
