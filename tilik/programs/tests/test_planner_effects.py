"""The planner prefills effects from stored evaluation runs ("terukur") and marks hand-entered ones "asumsi"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tilik.core.tests.factories import OfferingFactory
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.performance.models import Indicator
from tilik.programs import services
from tilik.programs.selectors_budget import planner_candidates
from tilik.programs.selectors_planner import effect_sources, latest_measured_effects
from tilik.programs.tests.support import make_user

pytestmark = pytest.mark.django_db


def _program(name):
    offering = OfferingFactory(capacity=20, program__name=name, program__jp=24)
    services.budget_line_save(
        program=offering.program,
        fiscal_year=2026,
        category="honorarium",
        pagu=Decimal(20_000_000),
        realisasi=Decimal(10_000_000),
        by=None,
    )
    return offering.program


def _plan(*programs):
    plan = EvaluationPlan.objects.create(
        name="Rencana",
        design="did",
        pre_start=dt.date(2025, 1, 1),
        pre_end=dt.date(2025, 5, 31),
        post_start=dt.date(2025, 6, 1),
        post_end=dt.date(2025, 12, 31),
    )
    plan.programs.add(*programs)
    return plan


def _indicator(code, kind="employee", direction="higher", uom="poin"):
    return Indicator.objects.create(
        code=f"uji-{code}", name=code.upper(), entity_kind=kind, unit_of_measure=uom, direction=direction, source="uji"
    )


def _run(plan, indicator, **kw):
    fields = {
        "plan": plan,
        "indicator": indicator,
        "design": "did",
        "analysis_version": "0",
        "input_sha256": "0",
        "method": "DiD",
    }
    return EvaluationRun.objects.create(**fields, **kw)


@pytest.fixture
def measured():
    a, b, c = _program("A terukur"), _program("B asumsi"), _program("C unit saja")
    skp = _indicator("skp")
    waktu = _indicator("waktu", direction="lower", uom="menit")
    plan_a = _plan(a)
    _run(plan_a, skp, estimate=9.0, se=9.0)  # older
    _run(plan_a, skp, estimate=2.5, ci_low=2.01, ci_high=2.99)  # latest: SE from the CI = 0,25
    _run(plan_a, waktu, estimate=None, error="Terlalu sedikit unit")  # failed runs are never used
    plan_c = _plan(c)
    _run(plan_c, _indicator("ikm", kind="unit"), estimate=4.0, se=1.0)  # per unit, not per participant
    return a, b, c, plan_a, waktu


def test_latest_employee_level_run_gives_effect_and_se(measured):
    a, b, c, plan_a, waktu = measured
    effects = latest_measured_effects([a, b, c])
    assert set(effects) == {a.pk}
    m = effects[a.pk]
    assert (m.effect, m.se, m.indicator) == (2.5, pytest.approx(0.25, abs=1e-3), "SKP")
    later = _run(plan_a, waktu, estimate=-3.0, se=0.5)  # lower is better: a drop of 3 minutes is +3
    m = latest_measured_effects([a])[a.pk]
    assert (m.run_id, m.effect, m.se, m.unit_of_measure) == (later.pk, 3.0, 0.5, "menit")


def test_planner_seeds_mark_measured_and_assumed(measured):
    a, b, c, _plan_a, _waktu = measured
    seeds = {s.name: s for s in planner_candidates(2026)}
    assert seeds["A terukur"].source.kind == "terukur" and seeds["A terukur"].effect == 2.5
    assert seeds["A terukur"].run is not None
    assert seeds["B asumsi"].source.kind == "asumsi" and seeds["B asumsi"].run is None
    assert seeds["C unit saja"].source.kind == "asumsi"


def test_edited_effect_becomes_an_assumption(measured):
    a, *_ = measured
    m = latest_measured_effects([a])[a.pk]
    rows = [
        {"name": "A", "effect": Decimal("2.500"), "effect_se": Decimal("0.250"), "run": m.run_id},
        {"name": "A2", "effect": Decimal("3.000"), "effect_se": Decimal("0.250"), "run": m.run_id},
        {"name": "A3", "effect": Decimal("2.500"), "effect_se": Decimal(0), "run": m.run_id},
        {"name": "B", "effect": Decimal(1), "effect_se": Decimal(0), "run": None},
        {},
    ]
    kinds = [s.kind if s else None for s in effect_sources(rows)]
    assert kinds == ["terukur", "asumsi", "asumsi", "asumsi", None]


def test_planner_page_prefills_and_labels_sources(client, measured):
    client.force_login(make_user("evaluator"))
    html = client.get(reverse("programs:planner"), {"tahun": 2026}).content.decode()
    row_a = html.split('value="A terukur"', 1)[1].split("</tr>", 1)[0]
    assert 'value="2,5"' in row_a or 'value="2,500"' in row_a
    assert "terukur" in row_a and "SKP (poin), DiD" in row_a
    row_b = html.split('value="B asumsi"', 1)[1].split("</tr>", 1)[0]
    assert "asumsi" in row_b and "terukur" not in row_b
    # the two candidates measure different things (SKP points vs assumed hours): the planner warns
    assert "efek kandidat memakai ukuran yang berbeda" in html


def test_planner_result_shows_source_per_pick(client, measured):
    a, *_ = measured
    run_id = latest_measured_effects([a])[a.pk].run_id
    client.force_login(make_user("evaluator"))
    data = {
        "ceiling": "30000000",
        "objective": "impact",
        "c-TOTAL_FORMS": "2",
        "c-INITIAL_FORMS": "0",
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "30",
    }
    for i, (name, effect, se, run) in enumerate([("A", "2,5", "0,25", run_id), ("B", "1", "0", "")]):
        data.update(
            {
                f"c-{i}-name": name,
                f"c-{i}-cost_per_participant": "500000",
                f"c-{i}-reach": "20",
                f"c-{i}-jp": "24",
                f"c-{i}-effect": effect,
                f"c-{i}-effect_se": se,
                f"c-{i}-fixed_cost": "0",
                f"c-{i}-min_participants": "0",
                f"c-{i}-run": run,
            }
        )
    html = client.post(reverse("programs:planner"), data).content.decode()
    picks = html.split("Rekomendasi", 1)[1].split("</tbody>", 1)[0]
    row_a = picks.split("<td>A</td>", 1)[1].split("</tr>", 1)[0]
    row_b = picks.split("<td>B</td>", 1)[1].split("</tr>", 1)[0]
    assert "terukur" in row_a and "asumsi" in row_b
    data["c-0-effect"] = "4"  # the evaluator overrides the measured value
    html = client.post(reverse("programs:planner"), data).content.decode()
    row_a = html.split("Rekomendasi", 1)[1].split("<td>A</td>", 1)[1].split("</tr>", 1)[0]
    assert "asumsi" in row_a and "terukur" not in row_a
