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


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        build_demo(seed=SEED, employees=400)
        info = build_performance_demo(seed=SEED)
        yield info
        from tilik.demo.services import demo_wipe

        demo_wipe(by="test")


def _plan(fragment: str) -> EvaluationPlan:
    return EvaluationPlan.objects.get(name__contains=fragment)


@pytest.mark.django_db
def test_did_recovers_registration_effect_and_naive_overstates_it(demo):
    plan = _plan("(DiD)")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(code="waktu-registrasi"), by=None)
    effect = gt.PELAYANAN_PRIMA.registration_minutes_effect
    assert run.error == ""
    assert run.ci_low <= effect <= run.ci_high, (run.estimate, run.ci_low, run.ci_high)
    assert run.input_counts["treated"] == 5 and run.input_counts["comparison"] == 6
    assert "turun" in run.interpretation and "IK 95 %" in run.interpretation
    naive = run.naive
    assert naive["estimate"] < effect  # the shared downward trend makes the naive drop bigger
    assert not naive["ci_low"] <= effect <= naive["ci_high"], naive
    assert any("klaster" in w for w in run.warnings)  # 11 puskesmas: few clusters
    again = evaluation_run(plan=plan, indicator=plan.indicators.get(code="waktu-registrasi"), by=None)
    assert (again.estimate, again.se, again.input_sha256) == (run.estimate, run.se, run.input_sha256)


@pytest.mark.django_db
def test_did_finds_no_effect_on_waiting_time(demo):
    plan = _plan("(DiD)")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(code="waktu-tunggu"), by=None)
    assert run.ci_low <= 0 <= run.ci_high


@pytest.mark.django_db
def test_its_level_change(demo):
    plan = _plan("(ITS)")
    run = evaluation_run(plan=plan, indicator=plan.indicators.get(), by=None)
    assert run.error == ""
    assert run.ci_low <= gt.PELAYANAN_PRIMA.registration_minutes_effect <= run.ci_high


@pytest.mark.django_db
def test_event_study_recovers_task_time_effect(demo):
    plan = _plan("studi peristiwa")
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
    planted = demo["planted_task_hours_att"]
    assert run.ci_low <= planted <= run.ci_high, (planted, run.estimate, run.ci_low, run.ci_high)
