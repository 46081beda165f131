"""The shipped evaluation plans recover the planted effects of the demo; the naive pre/post does not."""

from __future__ import annotations

from typing import Any

import pytest

from tilik.demo import ground_truth as gt
from tilik.demo.generator import build_demo
from tilik.demo.performance import build_performance_demo
from tilik.evaluations.models import EvaluationPlan
from tilik.evaluations.services import evaluation_run

SEED = 1
EMPLOYEES = 1000
"""Enough ASN that the 2025 Manajemen Waktu cohort spans more golongan × sex × age cells than the matching
has dummy columns (with 400–600 ASN and seed 1 it does not, and the Mahalanobis covariance is singular)."""


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        build_demo(seed=SEED, employees=EMPLOYEES)
        info = build_performance_demo(seed=SEED)
        yield info
        from tilik.core.audit import audit_unlocked
        from tilik.core.models import AuditEvent
        from tilik.demo.services import demo_wipe

        demo_wipe(by="test")
        with audit_unlocked():  # the module's data lives outside the test transaction: leave none behind
            AuditEvent.objects.all().delete()


def _plan(fragment: str) -> EvaluationPlan:
    return EvaluationPlan.objects.get(name__contains=fragment)


def test_puskesmas_are_trained_in_the_planted_cohorts(demo):
    pp = gt.PELAYANAN_PRIMA
    assert demo["puskesmas_trained_as_planned"], demo["puskesmas_trained_from"]
    assert demo["puskesmas_trained_from"] == {code: pp.effect_from_of(code) for code in pp.treated_puskesmas}
    assert len({c.effect_from for c in pp.cohorts}) == len(pp.cohorts) >= 3


@pytest.mark.django_db
def test_event_study_recovers_staggered_registration_effect_and_naive_overstates_it(demo):
    """Staggered cohorts: the event-study plan finds the planted drop within its CI, passes the pre-trend
    test, and the naive before/after at the trained puskesmas (shared downward trend) does not."""
    plan = _plan("angkatan bertahap")
    assert plan.design == "event_study"
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(code="waktu-registrasi"), by=None)
    effect = gt.PELAYANAN_PRIMA.registration_minutes_effect
    assert run.error == "", run.error
    assert "Callaway" in run.method
    assert run.ci_low <= effect <= run.ci_high, (run.estimate, run.ci_low, run.ci_high)
    assert run.ci_high < 0 and run.p_value < 0.05  # detected, not just "not excluded"
    counts = run.input_counts
    assert counts["treated"] == len(gt.PELAYANAN_PRIMA.treated_puskesmas)
    assert counts["comparison"] == len(gt.PELAYANAN_PRIMA.comparison_puskesmas)
    cohorts = {g["group"] for g in run.result["result"]["extra"]["group_time"]}
    assert len(cohorts) == len(gt.PELAYANAN_PRIMA.cohorts)  # each cohort has its own start
    es = run.result["event_study"]
    assert es["pretrend_p"] > 0.05, es["pretrend_p"]
    post = [c for k, c in es["coefficients"].items() if int(k) >= 0]
    assert all(c["ci_low"] <= effect <= c["ci_high"] for c in post[:3]), post[:3]
    assert "turun" in run.interpretation and "IK 95 %" in run.interpretation
    # The analysis sentence names the indicator, not the frame's column.
    assert "'value'" not in run.interpretation + run.interpretation_en
    assert "'Waktu registrasi pasien'" in run.interpretation
    naive = run.naive
    assert naive["n"] > 0 and naive["estimate"] < effect  # the shared downward trend adds to the drop
    assert not naive["ci_low"] <= effect <= naive["ci_high"], naive
    again = evaluation_run(plan=plan, indicator=plan.indicators.get(code="waktu-registrasi"), by=None)
    assert (again.estimate, again.se, again.input_sha256) == (run.estimate, run.se, run.input_sha256)


@pytest.mark.django_db
def test_event_study_finds_no_effect_on_waiting_time(demo):
    plan = _plan("angkatan bertahap")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(code="waktu-tunggu"), by=None)
    assert run.error == "", run.error
    assert run.ci_low <= 0 <= run.ci_high


@pytest.mark.django_db
def test_its_level_change_of_the_first_cohort(demo):
    plan = _plan("(ITS)")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(), by=None)
    assert run.error == ""
    assert len(run.result["its_values"]) == run.input_counts["periods"]  # one series: the first cohort's mean
    assert run.ci_low <= gt.PELAYANAN_PRIMA.registration_minutes_effect <= run.ci_high


@pytest.mark.django_db
def test_event_study_recovers_task_time_effect(demo):
    plan = _plan("waktu penyelesaian tugas (studi peristiwa)")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(), by=None)
    assert run.error == "", run.error
    planted = demo["planted_task_hours_att"]
    assert run.ci_low <= planted <= run.ci_high, (planted, run.estimate, run.ci_low, run.ci_high)
    assert run.result["event_study"]["pretrend_p"] > 0.05


@pytest.mark.django_db
def test_matched_comparison_recovers_task_time_effect(demo):
    plan = _plan("pencocokan")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(), by=None)
    assert run.error == "", run.error
    assert run.estimate < 0
    assert run.result["balance"]
    assert "'change'" not in run.interpretation + run.interpretation_en  # the frame's column never reaches text
    planted = demo["planted_task_hours_att"]
    assert run.ci_low <= planted <= run.ci_high, (planted, run.estimate, run.ci_low, run.ci_high)


@pytest.mark.django_db
def test_runs_record_the_angkatan_they_may_be_credited_to(demo):
    """Unit indicators: each run keeps, per angkatan, the trained puskesmas with outcomes after training;
    the first-cohort ITS counts only first-cohort puskesmas, the event study every cohort's."""
    from tilik.evaluations.selectors_attribution import attributed_runs
    from tilik.programs.models import Program

    pp = gt.PELAYANAN_PRIMA
    es_plan, its_plan = _plan("angkatan bertahap"), _plan("(ITS)")
    es = evaluation_run(plan=es_plan, indicator=es_plan.indicators.get(code="waktu-registrasi"), by=None)
    its = evaluation_run(plan=its_plan, indicator=its_plan.indicators.get(), by=None)
    es_cohorts, its_cohorts = es.input_counts["cohorts"], its.input_counts["cohorts"]
    assert sum(es_cohorts.values()) >= len(pp.treated_puskesmas)
    assert its_cohorts and set(its_cohorts) < set(es_cohorts)
    assert sum(its_cohorts.values()) <= sum(len(c.puskesmas) for c in pp.cohorts[:1]) * len(its_cohorts)
    credited = attributed_runs(Program.objects.filter(slug__startswith=pp.program)).credited
    assert {es.pk, its.pk} <= {a.run.pk for a in credited}
