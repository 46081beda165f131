"""The planner prefills effects from stored evaluation runs credited to the programme ("terukur"), marks
hand-entered ones "asumsi", and leaves programmes without an estimate out visibly (never as effect 0)."""

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tilik.core.tests.factories import OfferingFactory
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.selectors_planner import effect_sources, latest_measured_effects, planner_start
from tilik.performance.models import Indicator
from tilik.programs import services
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
    # The run's record of the angkatan in its treated group (the attribution guard credits it by this).
    cohorts = {str(o.pk): 5 for p in plan.programs.all() for o in p.offerings.all()}
    fields = {
        "plan": plan,
        "indicator": indicator,
        "design": "did",
        "analysis_version": "0",
        "input_sha256": "0",
        "method": "DiD",
        "input_counts": {"cohorts": cohorts},
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


def test_planner_seeds_only_credited_estimates_and_lists_the_rest(measured):
    a, b, c, _plan_a, _waktu = measured
    start = planner_start(2026)
    seeds = {s.name: s for s in start.seeds}
    assert set(seeds) == {"A terukur"}
    assert seeds["A terukur"].source.kind == "terukur" and seeds["A terukur"].effect == 2.5
    assert seeds["A terukur"].run is not None
    reasons = {x.name: x.reason for x in start.left_out}
    assert "belum ada rencana evaluasi" in reasons["B asumsi"]
    assert "hanya pada unit layanan" in reasons["C unit saja"]
    assert start.effect_unit == "poin (SKP)"


def test_estimate_of_other_angkatan_is_not_a_planner_effect(measured):
    """The run's treated group holds no angkatan of A: A is left out with the guard's reason."""
    a, *_rest, plan_a, _waktu = measured
    plan_a.runs.update(input_counts={"cohorts": {}})
    start = planner_start(2026)
    assert "A terukur" not in {s.name for s in start.seeds}
    assert any(x.name == "A terukur" and "belum dapat dievaluasi" in x.reason for x in start.left_out)


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
    assert "terukur" in row_a and "SKP (poin), Selisih-dalam-selisih (DiD)" in row_a
    assert 'value="B asumsi"' not in html and 'value="C unit saja"' not in html
    left_out = html.split('id="left-out"', 1)[1].split("</div>", 1)[0]
    assert "B asumsi" in left_out and "C unit saja" in left_out


def test_planner_result_shows_source_per_pick(client, measured):
    a, *_ = measured
    run_id = latest_measured_effects([a])[a.pk].run_id
    client.force_login(make_user("evaluator"))
    data = {
        "ceiling": "30000000",
        "objective": "impact",
        "effect_unit": "poin (SKP)",
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


class _Inputs(HTMLParser):
    """The fields of the page's POST form as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data, self._in_post, self._select = {}, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_post = a.get("method") == "post"
        elif self._in_post and tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.data[a["name"]] = a.get("value") or ""
        elif self._in_post and tag == "select":
            self._select = a.get("name")
        elif self._in_post and tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post = False
        elif tag == "select":
            self._select = None


def test_planner_accepts_its_own_defaults(client, measured):
    """GET the prefilled planner, post every field back unchanged: a portfolio, not a form error."""
    client.force_login(make_user("evaluator"))
    url = reverse("programs:planner") + "?tahun=2026"
    parser = _Inputs()
    parser.feed(client.get(url).content.decode())
    data = parser.data
    assert data["ceiling"] and ",0" not in data["ceiling"] and ",0" not in data["c-0-cost_per_participant"]
    html = client.post(url, data).content.decode()
    assert 'class="errorlist' not in html and 'role="alert"' not in html
    assert 'id="summary"' in html and "poin (SKP) × peserta" in html
    assert "B asumsi" in html.split('id="left-out"', 1)[1]  # still listed as left out after posting


def test_whole_rupiah_fields_read_a_zero_fraction():
    from tilik.programs.forms import PlannerForm

    with translation.override("id"):
        form = PlannerForm({"ceiling": "558.000.000,0", "objective": "jp"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["ceiling"] == Decimal(558_000_000)
        assert not PlannerForm({"ceiling": "558.000.000,5", "objective": "jp"}).is_valid()
        assert not PlannerForm({"ceiling": "1000", "objective": "impact"}).is_valid()  # impact needs a unit


def _post(client, rows, objective="impact"):
    data = {
        "ceiling": "30000000",
        "objective": objective,
        "effect_unit": "poin",
        "c-TOTAL_FORMS": str(len(rows)),
        "c-INITIAL_FORMS": "0",
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "30",
    }
    for i, (name, effect, se, run) in enumerate(rows):
        data.update(
            {
                f"c-{i}-name": name,
                f"c-{i}-cost_per_participant": "500000",
                f"c-{i}-reach": "20",
                f"c-{i}-jp": "24",
                f"c-{i}-effect": effect,
                f"c-{i}-effect_se": se,
                f"c-{i}-run": run,
            }
        )
    return client.post(reverse("programs:planner"), data).content.decode()


def test_effect_zero_without_uncertainty_is_refused_not_dropped(client, measured):
    client.force_login(make_user("evaluator"))
    html = _post(client, [("A", "2,5", "0,25", ""), ("Tanpa estimasi", "0", "0", "")])
    assert 'role="alert"' in html and "Tanpa estimasi" in html.split('role="alert"', 1)[1]
    assert 'id="summary"' not in html
    assert 'id="summary"' in _post(client, [("A", "2,5", "0,25", ""), ("Tanpa estimasi", "0", "0", "")], "jp")


def test_measured_effects_in_different_units_are_not_added_up(client, measured):
    a, _b, _c, plan_a, waktu = measured
    skp_run = latest_measured_effects([a])[a.pk].run_id
    minutes = _run(plan_a, waktu, estimate=-3.0, se=0.5)
    client.force_login(make_user("evaluator"))
    html = _post(client, [("A", "2,5", "0,25", str(skp_run)), ("A menit", "3", "0,5", str(minutes.pk))])
    assert 'role="alert"' in html and "ukuran yang berbeda" in html and 'id="summary"' not in html
