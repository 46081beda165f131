"""Issue 17: the angkatan's moda and pengajar on the form, list filter, export and detail page; the
programme page's evaluation plans (primary indicator, MME) and budget totals."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import OfferingFactory, ProgramFactory
from tilik.evaluations.models import EvaluationPlan
from tilik.performance.models import Indicator
from tilik.programs.models import BudgetLine, Offering
from tilik.programs.tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(client):
    user = make_user("evaluator", username="eva")
    client.force_login(user)
    return user


def _offering_data(**kw: str) -> dict[str, str]:
    data = {"batch": "1", "start_date": "2026-10-05", "end_date": "2026-10-08", "mode": "daring",
            "place": "Zoom BKPSDM", "capacity": "20", "facilitators": "Dr. Made Sari\nIr. Ketut Arya"}
    data.update(kw)
    return data


def test_mode_and_trainer_round_trip_through_the_form_and_are_audited(client, evaluator):
    program = ProgramFactory(name="Pelayanan Prima", fiscal_year=2026)
    url = reverse("programs:offering_create", args=[program.pk])
    assert client.get(url).context["form"]["mode"].value() == "luring"  # a new angkatan starts as tatap muka
    response = client.post(url, _offering_data(mode=""))
    assert response.context["form"].errors["mode"] == ["Pilih moda pelaksanaan: luring, daring atau campuran."]
    assert client.post(url, _offering_data()).status_code == 302
    offering = Offering.objects.get(program=program)
    assert (offering.mode, offering.facilitators) == ("daring", "Dr. Made Sari\nIr. Ketut Arya")
    edit = client.get(reverse("programs:offering_edit", args=[offering.pk])).context["form"]
    assert edit["mode"].value() == "daring"
    assert client.post(reverse("programs:offering_edit", args=[offering.pk]),
                       _offering_data(mode="blended")).status_code == 302
    assert Offering.objects.get(pk=offering.pk).mode == "blended"
    assert AuditEvent.objects.get(action="offering.update").detail["fields"] == ["mode"]
    page = client.get(reverse("programs:offering", args=[offering.pk])).content.decode()
    assert "Campuran (daring dan luring)" in page and "Ir. Ketut Arya" in page


def test_angkatan_list_filters_by_mode_and_exports_mode_and_trainer(client, evaluator):
    program = ProgramFactory(name="Pelayanan Prima", fiscal_year=2026)
    online = OfferingFactory(program=program, batch=1, mode="daring", facilitators="Widyaiswara A")
    OfferingFactory(program=program, batch=2, mode="luring", facilitators="Widyaiswara B")
    url = reverse("programs:offerings")
    assert [o.pk for o in client.get(url, {"mode": "daring"}).context["page"]] == [online.pk]
    rows = [list(r) for r in load_workbook(io.BytesIO(
        client.get(url, {"mode": "daring", "unduh": "xlsx"}).content)).active.iter_rows(values_only=True)]
    header, *data = rows
    assert len(data) == 1
    assert data[0][header.index("Moda")] == "Daring"
    assert data[0][header.index("Fasilitator")] == "Widyaiswara A"


def test_programme_page_shows_plans_primary_indicator_mme_and_budget_totals(client, evaluator):
    program = ProgramFactory(name="Pelayanan Prima", fiscal_year=2026)
    page = client.get(reverse("programs:program", args=[program.pk])).content.decode()
    assert "Belum ada rencana evaluasi untuk program ini." in page
    assert "Belum ada baris anggaran untuk program ini." in page
    indicator = Indicator.objects.create(code="uji-waktu-layanan", name="Waktu layanan KTP", entity_kind="unit",
                                         unit_of_measure="menit", direction="lower", source="uji")
    plan = EvaluationPlan.objects.create(
        name="Rencana DiD layanan", design="did", pre_start=dt.date(2025, 1, 1), pre_end=dt.date(2025, 12, 31),
        post_start=dt.date(2026, 1, 1), post_end=dt.date(2026, 12, 31), primary_indicator=indicator,
        min_meaningful_effect=2.5)
    plan.programs.add(program)
    for category, pagu, realisasi in (("konsumsi", 4_000_000, 3_000_000), ("honorarium", 6_000_000, 1_000_000)):
        BudgetLine.objects.create(program=program, fiscal_year=2026, category=category, pagu=Decimal(pagu),
                                  realisasi=Decimal(realisasi))
    response = client.get(reverse("programs:program", args=[program.pk]))
    page = response.content.decode()
    assert reverse("evaluations:plan_decision", args=[plan.pk]) in page
    assert "Waktu layanan KTP" in page and "2,50 menit" in page
    budget = response.context["budget"]
    assert (budget.pagu, budget.realisasi, budget.lines) == (Decimal(10_000_000), Decimal(4_000_000), 2)
    assert "Rp 10.000.000" in page and "Rp 4.000.000" in page and "40,0 %" in page
