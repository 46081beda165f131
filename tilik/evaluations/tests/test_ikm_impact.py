"""The IKM of the trained puskesmas: an event study over the SKM semesters recovers the planted rise."""

from __future__ import annotations

from typing import Any

import pytest

from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_surveys as gts
from tilik.demo.generator import build_demo
from tilik.demo.performance import build_performance_demo
from tilik.demo.surveys import build_survey_demo
from tilik.evaluations.services import evaluation_run
from tilik.performance.models import Indicator
from tilik.programs.models import Program
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        build_demo(seed=1, employees=400)
        build_performance_demo(seed=1)
        build_survey_demo(seed=1)
        yield
        from tilik.core.audit import audit_unlocked
        from tilik.core.models import AuditEvent
        from tilik.demo.services import demo_wipe

        demo_wipe(by="test")
        with audit_unlocked():  # the module's data lives outside the test transaction: leave none behind
            AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_ikm_rise_at_trained_puskesmas_is_estimated_and_credited(demo):
    """DiD (two-way fixed effects; the planted effect is constant across cohorts) over the six SKM
    semesters: the CI holds the planted rise (U3 and U7 up by IKM_EFFECT NRR each = 2/9 × 0.25 × 25
    IKM points), and the 2025 Pelayanan Prima report shows it under public service with its angkatan."""
    from tilik.demo.evaluations import _ikm_plan

    ikm = Indicator.objects.get(code="ikm")
    prima = Program.objects.filter(slug__startswith=gt.PELAYANAN_PRIMA.program)
    plan = _ikm_plan("test")  # the demo's plan, created once the SKM semesters exist
    assert plan is not None and plan.design == "did"
    run = evaluation_run(plan=plan, indicator=ikm, by=None)
    planted = len(gts.IKM_EFFECT_UNSUR) * gts.IKM_EFFECT / len(gts.IKM_BASELINE_NRR) * 25
    assert run.error == "", run.error
    assert run.ci_low <= planted <= run.ci_high, (run.estimate, run.ci_low, run.ci_high)
    assert run.input_counts["treated"] == len(gt.PELAYANAN_PRIMA.treated_puskesmas)
    assert sum(run.input_counts["cohorts"].values()) == len(gt.PELAYANAN_PRIMA.treated_puskesmas)

    year = gt.PELAYANAN_PRIMA.cohorts[0].trained_in.year
    program = prima.get(fiscal_year=year)
    report = build_report(scope_for(None, year=year, program=program, suppress=False))
    public = next(t for t in report.section("impact").tables if t.caption == "Pelayanan publik (unit layanan)")
    assert any(row[0].startswith(ikm.name) and row[5] == "6 unit" for row in public.rows), public.rows
