"""The demo stores evaluation runs and the Manajemen Waktu ROI assumption; the ROI page and the planner use them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tilik.core.audit import audit_unlocked
from tilik.core.models import AuditEvent
from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_performance as gtp
from tilik.demo.evaluations import build_evaluation_demo
from tilik.demo.generator import build_demo
from tilik.demo.performance import build_performance_demo
from tilik.demo.services import data_present, demo_wipe
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.programs import pay_reference
from tilik.programs.models import BenefitAssumption, Program

SEED = 1
EMPLOYEES = 1000
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        assert not data_present(), "the demo tests need an empty test database"
        build_demo(seed=SEED, employees=EMPLOYEES)
        build_performance_demo(seed=SEED)
        yield build_evaluation_demo(seed=SEED)
        demo_wipe(by="test")
        with audit_unlocked():
            AuditEvent.objects.all().delete()


@pytest.fixture
def evaluator_client(client: Any) -> Any:
    client.force_login(get_user_model().objects.get(username="evaluator"))
    return client


def test_every_plan_is_run_once_by_the_evaluator(demo):
    expected = sum(plan.indicators.count() for plan in EvaluationPlan.objects.all())
    runs = list(EvaluationRun.objects.select_related("by", "plan"))
    assert demo["evaluation_runs"] == len(runs) == expected >= 5
    assert demo["failed_runs"] == 0 and all(r.error == "" and r.estimate is not None for r in runs)
    assert {r.by.username for r in runs} == {"evaluator"}
    assert AuditEvent.objects.filter(action="evaluation.run").count() == len(runs)


def test_manajemen_waktu_roi_assumption_comes_from_the_stored_event_study(demo):
    roi = gtp.MANAJEMEN_WAKTU_ROI
    run = EvaluationRun.objects.filter(plan__name__contains=roi.plan_fragment).select_related("plan").get()
    programs = Program.objects.filter(slug__startswith=gtp.MANAJEMEN_WAKTU.program)
    assumptions = {a.program_id: a for a in BenefitAssumption.objects.filter(program__in=programs)}
    assert set(assumptions) == set(programs.values_list("pk", flat=True)) and len(assumptions) == 3
    for assumption in assumptions.values():
        hours = (abs(Decimal(str(run.estimate))) * roi.tasks_per_year).quantize(Decimal("0.01"))
        assert assumption.hours_saved_per_participant == hours > 0
        assert assumption.golongan_basis in pay_reference.GOLONGAN
        assert assumption.hourly_cost == pay_reference.hourly_cost(assumption.golongan_basis).hourly
        assert assumption.hourly_cost_basis["golongan"] == assumption.golongan_basis
        assert assumption.outcome_change == Decimal(str(run.estimate)).quantize(Decimal("0.001"))
        assert run.plan.name in assumption.description
    # Pelayanan Prima's effect is per puskesmas, not per participant: no hours-saved assumption.
    assert not BenefitAssumption.objects.filter(program__slug__startswith=gt.PELAYANAN_PRIMA.program).exists()


def test_roi_page_shows_the_assumption_and_a_measured_cost_per_outcome(demo, evaluator_client):
    program = Program.objects.get(slug__startswith=gtp.MANAJEMEN_WAKTU.program, fiscal_year=2025)
    assumption = program.benefit_assumption
    page = evaluator_client.get(reverse("programs:budget_detail", args=[program.pk])).content.decode()
    assert "Jam kerja yang dihemat lulusan" in page
    assert f"golongan {assumption.golongan_basis}" in page
    assert 'class="hourly-basis"' in page  # the pay-table derivation of the hourly cost
    assert "ROI" in page and "Waktu penyelesaian tugas" in page
    # Level 4 cost per unit of outcome change from the stored runs, beside the assumption.
    assert "Callaway" in page


def _row(page: str, name: str) -> str:
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    return next(row for row in rows if f'value="{name}"' in row)


def test_planner_prefills_measured_effects(demo, evaluator_client):
    page = evaluator_client.get(reverse("programs:planner"), {"tahun": 2026}).content.decode()
    waktu = _row(page, "Manajemen Waktu")
    assert "terukur" in waktu and "waktu penyelesaian tugas" in waktu and "asumsi" not in waktu
    run = EvaluationRun.objects.get(plan__name__contains=gtp.MANAJEMEN_WAKTU_ROI.plan_fragment)
    assert f'value="{run.pk}"' in waktu  # the effect is tied to the stored run
    # Registration time is measured per puskesmas (and the 2026 angkatan has not finished): no effect per
    # participant, so the programme is listed as left out, not given an effect of 0.
    left_out = page.split('id="left-out"', 1)[1].split("</div>", 1)[0]
    assert "Pelayanan Prima di Puskesmas" in left_out and 'value="Pelayanan Prima di Puskesmas"' not in page
