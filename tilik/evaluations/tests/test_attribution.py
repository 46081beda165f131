"""The attribution guard: an estimate is credited only to angkatan whose participants are in its treated
group with outcomes after training; every other angkatan gets its reason and no number."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import Role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory
from tilik.evaluations.models import EvaluationRun
from tilik.evaluations.selectors_attribution import (
    attributed_runs,
    no_attendee,
    not_finished,
    not_recorded,
    run_attribution,
)
from tilik.evaluations.services import evaluation_plan_create, evaluation_run
from tilik.performance.models import Indicator, Measurement
from tilik.programs.services import enrollment_create, enrollment_set_status
from tilik.reports import render
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report
from tilik.reports.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db
MONTHS = [dt.date(2024 + m // 12, m % 12 + 1, 1) for m in range(24)]  # 2024-01 .. 2025-12


def _complete(offering: Any, employee: Any) -> None:
    e = enrollment_create(offering=offering, employee=employee, by=None)
    for status in ("registered", "attended", "completed"):
        e = enrollment_set_status(enrollment=e, status=status, by=None)


@pytest.fixture
def world():  # untyped: factory_boy instances are not typed as their models
    """Prima 2025: 6 graduates (angkatan ended March 2025) whose task time falls 3 hours; 6 never trained.
    Prima 2026: angkatan 1 still running (registered only), angkatan 2 ended with nobody attending."""
    from tilik.core.tests.factories import make_unit

    unit = make_unit("Dinas Uji Atribusi", code="dinas-uji-atribusi")
    p25 = ProgramFactory(name="Prima", slug="prima-2025", fiscal_year=2025)
    p26 = ProgramFactory(name="Prima", slug="prima-2026", fiscal_year=2026)
    o25 = OfferingFactory(program=p25, batch=1, start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 5))
    today = timezone.localdate()
    running = OfferingFactory(
        program=p26, batch=1, start_date=today - dt.timedelta(days=2), end_date=today + dt.timedelta(days=30)
    )
    empty = OfferingFactory(program=p26, batch=2, start_date=dt.date(2026, 2, 2), end_date=dt.date(2026, 2, 5))
    trained = [make_asn(unit) for _ in range(6)]
    others = [make_asn(unit) for _ in range(6)]
    for person in trained:
        _complete(o25, person)
    for person in others[:3]:
        enrollment_create(offering=running, employee=person, by=None, status="registered")
        e = enrollment_create(offering=empty, employee=person, by=None, status="registered")
        enrollment_set_status(enrollment=e, status="no_show", by=None, reason_code="beban_kerja")
    indicator = Indicator.objects.create(
        code="uji-waktu-tugas",
        name="Waktu penyelesaian tugas",
        entity_kind="employee",
        unit_of_measure="jam",
        direction="lower",
        source="uji",
    )
    rng = np.random.default_rng(3)
    rows = []
    for person in trained + others:
        for month in MONTHS:
            drop = 3.0 if person in trained and month >= dt.date(2025, 4, 1) else 0.0
            rows.append(
                Measurement(
                    indicator=indicator,
                    employee=person,
                    frequency="monthly",
                    period_start=month,
                    value=float(20 - drop + rng.normal(0, 0.5)),
                )
            )
    Measurement.objects.bulk_create(rows)
    windows = {
        "pre_start": dt.date(2024, 1, 1),
        "pre_end": dt.date(2024, 12, 31),
        "post_start": dt.date(2025, 1, 1),
        "post_end": dt.date(2025, 12, 31),
    }
    plan = evaluation_plan_create(
        name="Prima semua tahun", programs=[p25, p26], indicators=[indicator], design="did", by=None, **windows
    )
    only26 = evaluation_plan_create(
        name="Prima 2026 saja", programs=[p26], indicators=[indicator], design="did", by=None, **windows
    )
    return {
        "p25": p25,
        "p26": p26,
        "o25": o25,
        "running": running,
        "empty": empty,
        "run": evaluation_run(plan=plan, indicator=indicator, by=None),
        "run26": evaluation_run(plan=only26, indicator=indicator, by=None),
        "indicator": indicator,
        "plan": plan,
    }


def test_run_records_the_angkatan_in_its_treated_group(world):
    run = world["run"]
    assert run.error == "" and run.estimate is not None and run.estimate < -2
    assert run.input_counts["cohorts"] == {str(world["o25"].pk): 6}
    assert run.input_counts["treated_after"] == 6


def test_estimate_credited_to_its_own_year_only(world):
    credited = attributed_runs([world["p25"]])
    assert [a.run.pk for a in credited.credited] == [world["run"].pk] and credited.credited[0].counted == 6
    later = attributed_runs([world["p26"]])
    assert later.credited == []
    reasons = {c.offering_id: c.reason for b in later.blocked for c in b.cohorts}
    assert reasons[world["running"].pk] == not_finished()
    assert reasons[world["empty"].pk] == no_attendee()
    assert "belum dapat dievaluasi: angkatan belum selesai" in not_finished()


def test_plan_without_attributable_angkatan_stores_no_estimate(world):
    run26 = world["run26"]
    assert run26.estimate is None and run26.error.startswith("Belum dapat dievaluasi")


def test_run_without_cohort_record_is_not_credited(world):
    legacy = EvaluationRun.objects.create(
        plan=world["plan"],
        indicator=world["indicator"],
        design="did",
        analysis_version="0",
        input_sha256="0",
        estimate=-3.1,
        ci_low=-3.5,
        ci_high=-2.7,
        p_value=0.0001,
        n=100,
    )
    checked = run_attribution(legacy, [world["p25"]])
    assert not checked.ok and checked.reason == not_recorded()


def test_report_of_the_later_year_shows_the_reason_and_no_number(world):
    late = build_report(scope_for(None, year=2026, program=world["p26"], suppress=False))
    level4 = late.section("level4")
    assert not level4.measured and level4.absent_label == "Belum dapat dievaluasi"
    assert level4.reason == "Angkatan belum selesai"
    assert "Angkatan belum selesai" in level4.reason and level4.tables == []
    html = render.to_html(late)
    assert "belum dapat dievaluasi: angkatan belum selesai" in html
    estimate = world["run"].estimate
    assert f"{abs(estimate):.2f}".replace(".", ",") not in html

    from tilik.reports.sections.frame import snapshot_counts

    assert snapshot_counts(scope_for(None, year=2026, program=world["p26"], suppress=False))["runs"] == 0
    own = build_report(scope_for(None, year=2025, program=world["p25"], suppress=False))
    level4 = own.section("level4")
    assert level4.measured and level4.tables[0].rows[0][5] == "6 peserta"
    text = " ".join(level4.paragraphs)
    assert "dibanding kelompok pembanding" in text and "Keterbatasan" in text and "Prima 2025 angkatan 1" in text


def test_result_page_hides_the_number_of_an_unattributable_run(client, world):
    client.force_login(make_user(Role.EVALUATOR))
    legacy = EvaluationRun.objects.create(
        plan=world["plan"],
        indicator=world["indicator"],
        design="did",
        analysis_version="0",
        input_sha256="0",
        estimate=-3.123,
        ci_low=-3.5,
        ci_high=-2.7,
        p_value=0.0001,
        n=100,
    )
    page = client.get(reverse("evaluations:run", args=[legacy.pk])).content.decode()
    assert 'id="not-attributable"' in page and "jalankan ulang" in page
    assert "3,12" not in page and 'id="headline"' not in page
    good = client.get(reverse("evaluations:run", args=[world["run"].pk])).content.decode()
    assert 'id="headline"' in good and 'id="limitations"' in good
    assert "belum dapat dievaluasi: angkatan belum selesai" in good  # the 2026 angkatan, listed with why


@pytest.mark.parametrize(
    ("design", "against"),
    [
        ("its", "dibanding tren sebelum pelatihan (tanpa kelompok pembanding)"),
        ("prepost", "(tanpa kelompok pembanding)"),
        ("did", "dibanding kelompok pembanding"),
        ("event_study", "dibanding kelompok pembanding"),
    ],
)
def test_sentence_names_the_comparison_the_design_has(design, against):
    from tilik.evaluations.estimation import sentence

    out = {"estimate": -5.083, "ci_low": -6.0, "ci_high": -4.1, "p_value": 0.00001}
    text = sentence("Waktu registrasi", "menit", out, "lower", design)
    assert f"turun 5,1 menit (IK 95 %: 4,1–6,0) {against};" in text and "p < 0,001" in text
    assert ("kelompok pembanding" in text.replace("tanpa kelompok pembanding", "")) == (
        design in ("did", "event_study")
    )


def test_dashboard_and_programme_page_say_why_not_how_much(client, world):
    from django.core.cache import cache

    from tilik.reports.dashboard import dashboard

    cache.clear()
    tiles = dashboard(scope_for(None, year=2026, program=world["p26"], suppress=False)).tiles
    level4 = [t for t in tiles if t.value == "Belum dapat dievaluasi"]
    assert level4 and all("3,1" not in t.value and "−3" not in t.value for t in level4)
    client.force_login(make_user(Role.EVALUATOR))
    late = client.get(reverse("reports:program", args=["prima-2026"])).content.decode()
    headline = "Waktu penyelesaian tugas: "  # the Level 4 line: indicator, estimate, unit, p
    assert "Angkatan belum selesai" in late and headline not in late
    assert '<p class="status">Belum dapat dievaluasi</p>' in late  # the Level 4 card's status, not "Belum diukur"
    own = client.get(reverse("reports:program", args=["prima-2025"])).content.decode()
    assert headline in own and "jam (p &lt; 0,001)" in own


def test_english_report_words_the_estimate_in_english(world):
    report = build_report(scope_for(None, year=2025, program=world["p25"], suppress=False), lang="en")
    text = " ".join(report.section("level4").paragraphs)
    assert "fell by" in text and "compared with the comparison group" in text and "Limitations:" in text
    assert "dibanding" not in text and "Keterbatasan" not in text


def test_attended_without_completion_is_named(world):
    from tilik.evaluations.selectors_attribution import no_completer, offering_checks

    e = enrollment_create(offering=world["empty"], employee=make_asn(_unit()), by=None)
    for status in ("registered", "attended"):
        e = enrollment_set_status(enrollment=e, status=status, by=None)
    [check] = offering_checks([world["empty"]], {})
    assert check.counted == 0 and check.reason == no_completer()


def _unit():
    from tilik.core.tests.factories import make_unit

    return make_unit("Dinas Hadir Saja", code="dinas-hadir-saja")


def test_tile_and_section_title_say_not_yet_evaluable_not_unmeasured(client, world):
    """The guard's reason sits under a title that agrees with it: the data exist, they are not creditable yet."""
    from django.core.cache import cache

    from tilik.reports.dashboard import dashboard

    cache.clear()
    tiles = dashboard(scope_for(None, year=2026, program=world["p26"], suppress=False)).tiles
    level4 = [t for t in tiles if t.value == "Belum dapat dievaluasi"]
    assert level4 and all(t.note.startswith("Angkatan belum selesai") for t in level4)
    report = build_report(scope_for(None, year=2026, program=world["p26"], suppress=False))
    html = render.to_html(report)
    # The title says it once; the cause follows it (not "… Belum dapat dievaluasi. belum dapat dievaluasi: …").
    assert "<strong>Belum dapat dievaluasi.</strong> Angkatan belum selesai" in html
    assert "dievaluasi.</strong> belum dapat dievaluasi" not in html


def test_level4_finding_in_the_summary_names_its_programme(world):
    """The executive summary's Level 4 line names the programme whose angkatan the estimate counts (not the plan)."""
    world["p25"].name = "Pelayanan Prima"
    world["p25"].save()
    report = build_report(scope_for(None, year=2025, program=world["p25"], suppress=False))
    effects = [f for f in report.section("level4").findings if f.kind == "effect"]
    assert [f.data["program"] for f in effects] == ["Pelayanan Prima"]
    line = next(t for t in report.summary.findings if t.startswith("Level 4"))
    assert line.startswith("Level 4 (Pelayanan Prima — Waktu penyelesaian tugas, ")
    assert "Prima semua tahun" not in line
