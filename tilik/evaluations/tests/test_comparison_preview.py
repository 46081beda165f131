"""Issue 17 item 2: the plan page proposes its comparison group (not-yet-trained ASN) with a balance table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, UserFactory, make_unit
from tilik.evaluations.models import EvaluationPlan
from tilik.evaluations.selectors_preview import comparison_preview
from tilik.performance.models import Indicator, Measurement
from tilik.programs import services
from tilik.programs.tests.support import make_asn

pytestmark = pytest.mark.django_db
PRE = [dt.date(2025, m, 1) for m in (1, 2, 3)]
POST = [dt.date(2025, m, 1) for m in (9, 10, 11)]


@pytest.fixture
def plan():
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    pkm = make_unit("Puskesmas I", code="pkm-1", unit_type="puskesmas")
    program = ProgramFactory(name="Pelayanan Prima", fiscal_year=2025)
    offering = OfferingFactory(program=program, start_date=dt.date(2025, 5, 5), end_date=dt.date(2025, 5, 8))
    indicator = Indicator.objects.get(code="tugas-tepat-waktu")
    trained = [make_asn(unit=dinkes, sex="2", on=dt.date(2025, 1, 1)) for _ in range(3)]
    others = [make_asn(unit=pkm, on=dt.date(2025, 1, 1)) for _ in range(4)]
    untouched = make_asn(unit=pkm, on=dt.date(2025, 1, 1))  # no measurements: in no group
    for person in trained:
        enrollment = services.enrollment_create(offering=offering, employee=person, by=None, status="registered")
        services.enrollment_set_status(enrollment=enrollment, status="attended", by=None)
        services.enrollment_set_status(enrollment=enrollment, status="completed", by=None)
    for n, person in enumerate(trained + others):
        base = 70.0 if person in trained else 60.0 + n
        Measurement.objects.bulk_create(
            Measurement(indicator=indicator, employee=person, frequency="monthly", period_start=d, value=base)
            for d in PRE + POST)
    plan = EvaluationPlan.objects.create(
        name="Rencana", design="did", pre_start=PRE[0], pre_end=dt.date(2025, 3, 31), post_start=POST[0],
        post_end=dt.date(2025, 11, 30), primary_indicator=indicator)
    plan.programs.add(program)
    plan.indicators.add(indicator)
    assert untouched.pk
    return plan


def test_preview_counts_groups_and_balances_baseline_sex_and_unit_type(plan):
    preview = comparison_preview(plan)
    assert (preview.indicator, preview.n_treated, preview.n_comparison) == ("Tugas selesai tepat waktu", 3, 4)
    lines = {line.label: line for line in preview.lines}
    baseline = lines["Nilai awal (rata-rata masa sebelum)"]
    # Comparison baselines 63, 64, 65, 66 (n = 3..6 after the three trained): mean 64.5.
    assert (baseline.treated, baseline.comparison) == (70.0, 64.5)
    assert baseline.smd is not None and baseline.flagged  # no spread among the trained: SD from the others
    assert (lines["Perempuan"].treated, lines["Perempuan"].comparison) == (1.0, 0.0)
    assert (lines["Jenis unit: puskesmas"].treated, lines["Jenis unit: puskesmas"].comparison) == (0.0, 1.0)


def test_plan_page_shows_the_proposal_and_says_when_there_is_none(client, plan):
    user = UserFactory()
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    page = client.get(reverse("evaluations:plan", args=[plan.pk])).content.decode()
    assert "Kelompok pembanding yang diusulkan" in page and "tidak seimbang" in page
    Measurement.objects.all().delete()
    page = client.get(reverse("evaluations:plan", args=[plan.pk])).content.decode()
    assert "Belum ada data Tugas selesai tepat waktu pada masa rencana ini." in page
