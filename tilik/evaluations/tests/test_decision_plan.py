"""The plan's decision settings: primary indicator and minimum meaningful effect; the primary estimate chosen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tilik.core.models import AuditEvent, Profile, Role
from tilik.core.tests.factories import ProgramFactory, UserFactory
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.selectors_decision import program_primary
from tilik.evaluations.services import evaluation_plan_decision_set
from tilik.performance.models import Indicator

pytestmark = pytest.mark.django_db


def _plan(program: Any, codes: list[str], design: str = "did", **kw: Any) -> EvaluationPlan:
    plan = EvaluationPlan.objects.create(
        name=f"Rencana {design}",
        design=design,
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
        **kw,
    )
    plan.programs.add(program)
    plan.indicators.set(Indicator.objects.filter(code__in=codes))
    return plan


def _run(plan: EvaluationPlan, code: str, est: float, lo: float, hi: float, **kw: Any) -> EvaluationRun:
    return EvaluationRun.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code=code),
        design=plan.design,
        analysis_version="t",
        input_sha256="0" * 64,
        estimate=est,
        ci_low=lo,
        ci_high=hi,
        n=500,
        input_counts={"treated": 40, "periods": 24},
        **kw,
    )


def test_primary_must_be_one_of_the_plan_indicators_and_the_change_is_audited():
    plan = _plan(ProgramFactory(), ["waktu-registrasi"])
    other = Indicator.objects.get(code="ikm")
    with pytest.raises(ValidationError):
        evaluation_plan_decision_set(plan=plan, primary_indicator=other, min_meaningful_effect=2.0, by=None)
    mine = Indicator.objects.get(code="waktu-registrasi")
    evaluation_plan_decision_set(plan=plan, primary_indicator=mine, min_meaningful_effect=2.0, by=None)
    plan.refresh_from_db()
    assert (plan.primary_indicator, plan.min_meaningful_effect) == (mine, 2.0)
    assert AuditEvent.objects.filter(action="evaluation_plan.decision").count() == 1
    with pytest.raises(ValidationError):
        evaluation_plan_decision_set(plan=plan, primary_indicator=mine, min_meaningful_effect=-1.0, by=None)


def test_edit_page_sets_the_decision_fields(client):
    user = UserFactory()
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    plan = _plan(ProgramFactory(), ["waktu-registrasi", "waktu-tunggu"])
    url = reverse("evaluations:plan_decision", args=[plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "efek minimum bermakna" in page.content.decode().lower()
    tunggu = Indicator.objects.get(code="waktu-tunggu")
    resp = client.post(url, {"primary_indicator": tunggu.pk, "min_meaningful_effect": "1.5"})
    assert resp.status_code == 302
    plan.refresh_from_db()
    assert plan.primary_indicator == tunggu and plan.min_meaningful_effect == 1.5


def test_several_indicators_without_a_primary_give_no_verdict_input():
    program = ProgramFactory()
    plan = _plan(program, ["waktu-registrasi", "waktu-tunggu"])
    _run(plan, "waktu-registrasi", -3.0, -4.0, -2.0)
    assert program_primary(program).missing == "no_primary"


def test_only_the_primary_run_is_read_from_the_strongest_design():
    program = ProgramFactory()
    reg = Indicator.objects.get(code="waktu-registrasi")
    its = _plan(program, ["waktu-registrasi"], design="its", min_meaningful_effect=1.0)
    did = _plan(program, ["waktu-registrasi", "waktu-tunggu"], primary_indicator=reg, min_meaningful_effect=2.0)
    _run(its, "waktu-registrasi", -9.0, -10.0, -8.0)
    _run(did, "waktu-tunggu", 5.0, 4.0, 6.0)  # secondary: never decisive
    _run(did, "waktu-registrasi", -3.0, -4.0, -2.0)
    got = program_primary(program)
    assert got.plan == did and got.indicator == reg and got.mme_basis == "plan"
    assert got.effect is not None
    assert got.effect.oriented == (3.0, 2.0, 4.0) and got.effect.mme == 2.0 and got.effect.n == 40


def test_default_mme_from_the_treated_baseline_when_the_plan_sets_none():
    program = ProgramFactory()
    plan = _plan(program, ["waktu-registrasi"])
    series = {"periods": ["2024-06-01", "2024-07-01", "2025-02-01"], "treated": [20.0, 30.0, 10.0]}
    _run(plan, "waktu-registrasi", -3.0, -4.0, -2.0, series=series)
    got = program_primary(program)
    assert got.mme_basis == "baseline" and got.effect is not None and got.effect.mme == pytest.approx(2.5)
    bare = ProgramFactory()
    _run(_plan(bare, ["waktu-registrasi"]), "waktu-registrasi", -3.0, -4.0, -2.0)
    assert program_primary(bare).missing == "no_mme"
