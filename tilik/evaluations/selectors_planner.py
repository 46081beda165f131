"""Reads for the allocation planner: measured effects per participant from stored evaluation runs.

An effect is "terukur" (measured) when it is the latest stored estimate, credited to the programme by the
attribution guard (tilik.evaluations.selectors_attribution: the programme's own angkatan are in the
estimate's treated group with outcomes after training), on an indicator measured on employees (so the
estimate is per participant), and the evaluator has not changed it; anything typed or edited by hand is
"asumsi" (an explicit prior the evaluator sets). A programme without such an estimate is not a candidate
with effect 0: the planner lists it as left out, with the guard's reason. Service-unit indicators are not
used: their effect is per unit, not per participant. The sign is turned so that a positive effect is an
improvement (indicators where lower is better).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from tilik.evaluations.models import EvaluationRun
from tilik.evaluations.selectors_attribution import attributed_runs, no_plan
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Program

Z95 = 1.959963984540054
MEASURED = "terukur"
ASSUMED = "asumsi"
PLACES = 3  # the planner form keeps three decimals


@dataclass(frozen=True)
class MeasuredEffect:
    run_id: int
    effect: float  # per participant; positive = improvement
    se: float
    indicator: str
    unit_of_measure: str
    method: str
    at: dt.datetime


@dataclass(frozen=True)
class EffectSource:
    kind: str  # MEASURED or ASSUMED
    measured: MeasuredEffect | None = None


def _from_run(run: Any) -> MeasuredEffect:
    sign = -1.0 if run.indicator.direction == "lower" else 1.0
    if run.se is not None:
        se = abs(float(run.se))
    elif run.ci_low is not None and run.ci_high is not None:
        se = abs(float(run.ci_high) - float(run.ci_low)) / (2 * Z95)
    else:
        se = 0.0
    return MeasuredEffect(
        run.pk,
        round(sign * float(run.estimate), PLACES),
        round(se, PLACES),
        run.indicator.name,
        run.indicator.unit_of_measure,
        str(run.get_design_display()),  # readable; run.method is the estimator's internal label
        run.at,
    )


def _usable_runs() -> Any:
    return (
        EvaluationRun.objects.filter(estimate__isnull=False, error="", indicator__entity_kind="employee")
        .select_related("indicator")
        .order_by("-at", "-id")
    )


def measured_effects(programs: Iterable[Program]) -> tuple[dict[int, MeasuredEffect], dict[int, str]]:
    """(programme id -> its latest credited per-participant estimate, programme id -> why it has none)."""
    found: dict[int, MeasuredEffect] = {}
    missing: dict[int, str] = {}
    for program in programs:
        checked = attributed_runs([program])
        per_person = [a.run for a in checked.credited if a.run.indicator.entity_kind == "employee"]
        if per_person:
            found[program.pk] = _from_run(max(per_person, key=lambda r: (r.at, r.pk)))
        elif checked.credited:
            missing[program.pk] = _("estimasi dampaknya hanya pada unit layanan, bukan per peserta")
        else:
            missing[program.pk] = checked.reasons[0] if checked.reasons else no_plan()
    return found, missing


def latest_measured_effects(programs: Iterable[Program]) -> dict[int, MeasuredEffect]:
    """Programme id -> its latest credited per-participant estimate (plans may cover several programmes)."""
    return measured_effects(programs)[0]


def effect_sources(rows: Iterable[Mapping[str, Any]]) -> list[EffectSource | None]:
    """For each planner row (cleaned form data): terukur when its effect and SE are still those of the
    stored run it was prefilled from, asumsi otherwise; None for an empty row. One query."""
    rows = list(rows)
    ids = {int(r["run"]) for r in rows if r and r.get("run")}
    measured = {m.run_id: m for m in map(_from_run, _usable_runs().filter(pk__in=ids))} if ids else {}
    tolerance = Decimal(1).scaleb(-PLACES) / 2
    out: list[EffectSource | None] = []
    for row in rows:
        if not row or not row.get("name"):
            out.append(None)
            continue
        m = measured.get(int(row.get("run") or 0))
        same = (
            m is not None
            and abs(Decimal(str(row["effect"])) - Decimal(str(m.effect))) <= tolerance
            and abs(Decimal(str(row["effect_se"])) - Decimal(str(m.se))) <= tolerance
        )
        out.append(EffectSource(MEASURED, m) if same else EffectSource(ASSUMED))
    return out


def outcome_units(sources: Iterable[EffectSource | None]) -> list[str]:
    """The distinct outcome measures behind the rows' effects (the planner adds them up, so more than one
    is a warning); assumed effects count as one measure of their own."""
    names: list[str] = []
    for source in sources:
        if source is None:
            continue
        name = (
            f"{source.measured.indicator} ({source.measured.unit_of_measure})"
            if source.measured is not None
            else ASSUMED
        )
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class PlannerSeed:
    name: str
    cost_per_participant: int  # whole rupiah: the form's field takes no decimals
    reach: int
    jp: int
    effect: float
    effect_se: float
    run: int | None = None  # the stored evaluation run the effect comes from
    source: EffectSource | None = None

    def initial(self) -> dict[str, object]:
        fields = ("name", "cost_per_participant", "reach", "jp", "effect", "effect_se", "run")
        return {f: getattr(self, f) for f in fields}


@dataclass(frozen=True)
class LeftOut:
    """A programme of the year the planner cannot weigh by impact, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class PlannerStart:
    seeds: list[PlannerSeed]
    left_out: list[LeftOut]

    @property
    def ceiling(self) -> int | None:
        """80 % of what the seeded programmes would cost at full reach, in whole millions of rupiah."""
        total = sum(s.cost_per_participant * s.reach for s in self.seeds)
        return int(round(total * 0.8, -6)) or None

    @property
    def effect_unit(self) -> str:
        """The one outcome measure of the seeded effects, e.g. "jam (Waktu penyelesaian tugas)"; "" if several."""
        units = {f"{m.unit_of_measure} ({m.indicator})" for s in self.seeds if s.source and (m := s.source.measured)}
        return units.pop() if len(units) == 1 else ""


def planner_start(year: int) -> PlannerStart:
    """Starting rows for next year's planner from a year's programmes (the evaluator edits them).

    Cost per participant = realisasi (or pagu if nothing was spent yet) / participants who took part
    (or / seats), rounded to Rp 1.000; reach = seats offered. Effect per participant and its SE: the latest
    credited stored estimate ("terukur"). Programmes without one are left out, each with its reason; the
    evaluator may add them back as a row with an effect and SE of their own (an explicit prior, "asumsi").
    """
    programs = list(
        Program.objects.filter(fiscal_year=year)
        .annotate(spent=Sum("budget_lines__realisasi"), planned=Sum("budget_lines__pagu"))
        .order_by("name")
    )
    seats = dict(Program.objects.filter(fiscal_year=year).annotate(s=Sum("offerings__capacity")).values_list("pk", "s"))
    took = dict(
        Enrollment.objects.filter(
            offering__program__fiscal_year=year, status__in=(EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED)
        )
        .values("offering__program")
        .annotate(n=Count("id"))
        .values_list("offering__program", "n")
    )
    found, missing = measured_effects(programs)
    seeds: list[PlannerSeed] = []
    left_out: list[LeftOut] = []
    for p in programs:
        money = p.spent or p.planned or Decimal(0)
        people = took.get(p.pk) or seats.get(p.pk) or 0
        if not money or not people:
            left_out.append(LeftOut(p.name, _("belum ada anggaran atau peserta untuk menghitung biaya per peserta")))
            continue
        m = found.get(p.pk)
        if m is None:
            left_out.append(LeftOut(p.name, missing.get(p.pk, "")))
            continue
        seeds.append(
            PlannerSeed(
                p.name,
                int(round(float(money) / people, -3)),
                int(seats.get(p.pk) or people),
                p.jp,
                m.effect,
                m.se,
                m.run_id,
                EffectSource(MEASURED, m),
            )
        )
    return PlannerStart(seeds, left_out)
