"""Budget lines: pagu and monthly realisasi from the evaluator's pages; list, over-pagu flag, export, audit."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import ProgramFactory, make_unit
from tilik.programs import services
from tilik.programs.models import BudgetLine
from tilik.programs.models_budget import BudgetMonth
from tilik.programs.tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    unit = make_unit("Dinas Kesehatan", code="dinkes")
    return {"prima": ProgramFactory(name="Pelayanan Prima", fiscal_year=2026),
            "lama": ProgramFactory(name="Kepemimpinan", fiscal_year=2025),
            "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=unit, username="kadinkes"),
            "daerah": make_user("pimpinan_daerah", username="walikota")}


def _data(program, **kw):
    data = {"program": program.pk, "fiscal_year": str(program.fiscal_year), "category": "konsumsi",
            "source_of_funds": "apbd", "pagu": "10.000.000", "note": ""}
    data.update(kw)
    return data


def test_only_evaluators(client, world):
    """Only evaluators write; a pimpinan unit reads their own unit's list (test_pimpinan_readonly.py)."""
    line, _w = services.budget_line_save(program=world["prima"], fiscal_year=2026, category="atk",
                                         pagu=Decimal(100), by=None)
    for user in (world["head"], world["daerah"]):
        client.force_login(user)
        for url in (reverse("programs:budget_line_create"), reverse("programs:budget_line_edit", args=[line.pk])):
            assert client.get(url).status_code == 403
    client.force_login(world["daerah"])
    assert client.get(reverse("programs:budget_lines")).status_code == 403


def test_create_with_months_warns_over_pagu_and_audits(client, world):
    client.force_login(world["evaluator"])
    url = reverse("programs:budget_line_create")
    bad = client.post(url, _data(world["prima"], fiscal_year="2025", pagu="", m3="-5"))
    errors = bad.context["form"].errors
    assert errors["pagu"] == ["Isi pagu baris anggaran ini."]
    assert errors["fiscal_year"] == ["Tahun 2025 berbeda dari tahun anggaran program (2026)."]
    assert "m3" in errors
    assert not BudgetLine.objects.exists()
    response = client.post(url, _data(world["prima"], m3="6.000.000", m4="5.500.000"), follow=True)
    line = BudgetLine.objects.get()
    assert (line.pagu, line.realisasi) == (Decimal(10_000_000), Decimal(11_500_000))
    assert sorted(BudgetMonth.objects.values_list("month", "realisasi")) == [(3, Decimal(6_000_000)),
                                                                             (4, Decimal(5_500_000))]
    texts = [str(m) for m in response.context["messages"]]
    assert "Realisasi (Rp 11.500.000) melebihi pagu (Rp 10.000.000)." in texts, texts
    event = AuditEvent.objects.get(action="budget.line_create")
    assert event.actor == world["evaluator"] and event.detail["months"] == {"3": "6000000", "4": "5500000"}
    # Editing: a month emptied leaves the sum of the others; a second line of the same key is refused.
    edit = reverse("programs:budget_line_edit", args=[line.pk])
    assert client.get(edit).context["form"]["m3"].initial == Decimal(6_000_000)
    assert client.post(edit, _data(world["prima"], m3="6.000.000")).status_code == 302
    assert BudgetLine.objects.get().realisasi == Decimal(6_000_000)
    assert AuditEvent.objects.filter(action="budget.line_update").count() == 1
    again = client.post(url, _data(world["prima"]))
    assert again.status_code == 200 and BudgetLine.objects.count() == 1
    # A yearly figure that contradicts the months is refused (the import writes through budget_line_save).
    with pytest.raises(ValidationError, match="dicatat per bulan"):
        services.budget_line_save(program=world["prima"], fiscal_year=2026, category="konsumsi",
                                  pagu=Decimal(10_000_000), realisasi=Decimal(1), by=None)


def test_list_filters_exports_and_keeps_its_query_count(client, world):
    client.force_login(world["evaluator"])
    services.budget_line_save(program=world["prima"], fiscal_year=2026, category="atk", pagu=Decimal(100),
                              realisasi=Decimal(150), by=None)
    services.budget_line_save(program=world["lama"], fiscal_year=2025, category="atk", pagu=Decimal(100),
                              realisasi=Decimal(50), by=None)
    url = reverse("programs:budget_lines")
    over = client.get(url, {"over": "lebih"})
    assert [b.program.name for b in over.context["page"]] == ["Pelayanan Prima"]
    assert [b.fiscal_year for b in client.get(url, {"o": "tahun"}).context["page"]] == [2025, 2026]
    response = client.get(url, {"fiscal_year": "2025", "unduh": "xlsx"})
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][:7] == ["Program", "Tahun", "Kategori", "Sumber dana", "Pagu (Rp)", "Realisasi (Rp)",
                           "Serapan (%)"]
    assert rows[0][-12:][0] == "Januari" and len(rows) == 2 and rows[1][6] == 50.0
    assert AuditEvent.objects.filter(action="data.export", detail__what="programs.budget_lines").exists()
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for category in ("konsumsi", "honorarium", "lainnya"):
        line, _w = services.budget_line_save(program=world["prima"], fiscal_year=2026, category=category,
                                             pagu=Decimal(10), by=None)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before) <= 12
