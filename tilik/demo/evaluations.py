"""Stored evaluation runs and ROI benefit assumptions for the demo, built last.

Every shipped evaluation plan is run through ``evaluation_run_all`` (as the evaluator pressing "Jalankan"
would), so the result pages, the Kirkpatrick page, the budget page's cost per outcome and the allocation
planner show measured values. The Manajemen Waktu ROI assumption is then derived from the stored event
study and the pay table (tilik.demo.ground_truth_performance.MANAJEMEN_WAKTU_ROI).
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_performance as gtp
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.services import evaluation_run_all
from tilik.programs import pay_reference
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Program
from tilik.programs.services_budget import benefit_assumption_save

ACTOR = "demo"


def _evaluator() -> Any:
    """The demo evaluator account when it exists (runs show "oleh evaluator"), else the demo actor."""
    return get_user_model().objects.filter(username="evaluator").first() or ACTOR


def _modal_golongan(program: Program) -> str | None:
    """Most common PNS golongan (one in the pay table) among the programme-year's completers."""
    counts = Counter(
        g
        for g in Enrollment.objects.filter(offering__program=program, status=EnrollmentStatus.COMPLETED)
        .values_list("employee__golongan", flat=True)
        .iterator()
        if g in pay_reference.GOLONGAN
    )
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[0][0] if ranked else None


def _roi_assumptions(run: EvaluationRun, by: Any) -> list[str]:
    """One benefit assumption per Manajemen Waktu programme-year, from the stored run's estimate."""
    roi = gtp.MANAJEMEN_WAKTU_ROI
    if run.estimate is None:
        return []
    per_task = abs(Decimal(str(run.estimate)))
    hours = (per_task * roi.tasks_per_year).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = (
        "Jam kerja yang dihemat lulusan: waktu penyelesaian tugas turun {est} jam per tugas "
        "(hasil evaluasi tersimpan: {plan}) × {tasks} tugas per tahun (asumsi ±10 tugas e-Kinerja per bulan)."
    ).format(
        est=f"{per_task:.2f}".replace(".", ","),
        plan=run.plan.name,
        tasks=roi.tasks_per_year,
    )
    saved = []
    for program in Program.objects.filter(slug__startswith=gtp.MANAJEMEN_WAKTU.program).order_by("fiscal_year"):
        golongan = _modal_golongan(program)
        if golongan is None:
            continue
        benefit_assumption_save(
            program=program,
            by=by,
            description=text,
            hours_saved_per_participant=hours,
            hourly_cost=None,
            golongan_basis=golongan,
            isolation=Decimal(roi.isolation),
            confidence=Decimal(roi.confidence),
            outcome_label=roi.outcome_label,
            outcome_change=Decimal(str(run.estimate)).quantize(Decimal("0.001"), ROUND_HALF_UP),
        )
        saved.append(f"{program.fiscal_year}:{golongan}")
    return saved


def _ikm_plan(by: Any) -> EvaluationPlan | None:
    """The DiD on the puskesmas' SKM IKM (planted in tilik.demo.ground_truth_surveys: U3 and U7 rise from
    2025-S2 for cohorts 1 and 2, 2026-S1 for cohort 3), once the survey builder has stored the semesters."""
    import datetime as dt

    from tilik.evaluations.selectors_ikm import IKM_CODE, survey_ikm
    from tilik.evaluations.services import evaluation_plan_create
    from tilik.performance.models import Indicator

    pre_start, post_end = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
    indicator = Indicator.objects.filter(code=IKM_CODE, entity_kind="unit").first()
    if indicator is None or not survey_ikm(first=pre_start, last=post_end):
        return None
    return evaluation_plan_create(
        name="Pelayanan Prima di Puskesmas — IKM per semester (DiD)",
        programs=Program.objects.filter(slug__startswith=gt.PELAYANAN_PRIMA.program),
        indicators=[indicator],
        design="did",
        frequency="semester",
        pre_start=pre_start,
        pre_end=dt.date(2025, 6, 30),
        post_start=dt.date(2025, 7, 1),
        post_end=post_end,
        notes="IKM dari Survei Kepuasan Masyarakat per semester di 11 puskesmas.",
        by=by,
    )


@transaction.atomic
def build_evaluation_demo(*, seed: int) -> dict[str, Any]:
    """Run every evaluation plan once and store the Manajemen Waktu ROI assumptions (seed unused: the
    runs are a function of the stored data)."""
    by = _evaluator()
    _ikm_plan(ACTOR)
    runs: list[EvaluationRun] = []
    # The headline Manajemen Waktu event study runs last so that it is the programme's latest run (the
    # one the planner and the budget page read).
    plans = sorted(EvaluationPlan.objects.all(), key=lambda p: (gtp.MANAJEMEN_WAKTU_ROI.plan_fragment in p.name, p.pk))
    for plan in plans:
        runs.extend(evaluation_run_all(plan=plan, by=by))
    headline = next(
        (r for r in reversed(runs) if gtp.MANAJEMEN_WAKTU_ROI.plan_fragment in r.plan.name and not r.error),
        None,
    )
    roi = _roi_assumptions(headline, by) if headline is not None else []
    return {
        "evaluation_runs": len(runs),
        "failed_runs": sum(1 for r in runs if r.error),
        "roi_assumptions": ", ".join(roi),
    }
