"""The JP ledger pages: list with filters and export, recording external training (with or without a file)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import make_unit
from tilik.programs.models import Certificate, JPEntry
from tilik.programs.services_jp_ledger import jp_external_record
from tilik.programs.tests.support import make_asn, make_user, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    dukcapil = make_unit("Disdukcapil", code="dukcapil")
    return {"ani": make_asn(unit=dinkes, name="Ani"), "budi": make_asn(unit=dukcapil, name="Budi"),
            "dinkes": dinkes, "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes"),
            "daerah": make_user("pimpinan_daerah", username="walikota")}


def test_only_evaluators(client, world):
    """Only evaluators record; a pimpinan unit reads their own unit's ledger (test_pimpinan_readonly.py)."""
    for user in (world["head"], world["daerah"]):
        client.force_login(user)
        assert client.get(reverse("programs:jp_external_create")).status_code == 403
    client.force_login(world["daerah"])
    assert client.get(reverse("programs:jp_ledger")).status_code == 403


def test_record_external_training_validates_and_audits(client, world):
    client.force_login(world["evaluator"])
    url = reverse("programs:jp_external_create")
    bad = client.post(url, {"nip": "1" * 18, "title": "Webinar", "provider": "LAN", "jp": "0",
                            "completed_on": "2026-02-01"})
    errors = bad.context["form"].errors
    assert errors["nip"] == [f"Tidak ada ASN dengan NIP {'1' * 18}."]
    future = client.post(url, {"nip": world["ani"].nip, "title": "Webinar", "provider": "LAN", "jp": "500",
                               "completed_on": "2099-01-01"})
    assert future.context["form"].errors["jp"] == ["JP harus lebih dari 0 dan paling banyak 200."]
    assert future.context["form"].errors["completed_on"] == ["Tanggal selesai tidak boleh di masa depan."]
    assert not JPEntry.objects.exists()
    ok = client.post(url, {"nip": world["ani"].nip, "title": "Webinar SPBE", "provider": "LAN", "jp": "4",
                           "completed_on": "2026-02-01"})
    assert ok.status_code == 302
    entry = JPEntry.objects.get()
    assert (entry.employee, entry.year, entry.jp, entry.source) == (world["ani"], 2026, Decimal(4), "certificate")
    assert AuditEvent.objects.get(action="jp.record_external").actor == world["evaluator"]
    with_file = client.post(url, {"nip": world["budi"].nip, "title": "MOOC", "provider": "Kemenkes", "jp": "8",
                                  "completed_on": "2026-03-01", "file": pdf()})
    assert with_file.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.status == "verified" and certificate.reviewed_by == world["evaluator"]
    assert certificate.jp_entry.jp == Decimal(8)


def test_ledger_filters_exports_and_keeps_its_query_count(client, world):
    client.force_login(world["evaluator"])
    jp_external_record(employee=world["ani"], title="A", provider="LAN", jp=4, completed_on=dt.date(2026, 2, 1),
                       by=None)
    jp_external_record(employee=world["budi"], title="B", provider="LAN", jp=6, completed_on=dt.date(2025, 2, 1),
                       by=None)
    url = reverse("programs:jp_ledger")
    assert [j.employee.name for j in client.get(url, {"unit": world["dinkes"].pk}).context["page"]] == ["Ani"]
    assert [j.year for j in client.get(url, {"o": "tahun"}).context["page"]] == [2025, 2026]
    assert [j.employee.name for j in client.get(url, {"q": world["budi"].nip}).context["page"]] == ["Budi"]
    response = client.get(url, {"year": "2026", "unduh": "xlsx"})
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0] == ["Nama", "NIP", "Tahun", "JP", "Sumber", "Uraian", "Tanggal selesai"]
    assert rows[1:] == [["Ani", world["ani"].nip, 2026, 4, "Sertifikat eksternal", "A (LAN)", "2026-02-01"]]
    assert AuditEvent.objects.filter(action="data.export", detail__what="programs.jp_ledger").exists()
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        jp_external_record(employee=world["ani"], title=f"C{n}", provider="LAN", jp=1,
                           completed_on=dt.date(2026, 1, 5), by=None)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before) <= 12
