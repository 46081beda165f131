"""Enrolling many ASN at once into one angkatan: from an XLSX of NIPs, and by unit quota."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_unit
from tilik.programs import services
from tilik.programs.models import Enrollment
from tilik.programs.services_jp_ledger import jp_external_record
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    pkm = make_unit("Puskesmas I", code="pkm1", parent=dinkes)
    dukcapil = make_unit("Disdukcapil", code="dukcapil")
    offering = OfferingFactory(program=ProgramFactory(fiscal_year=2026), capacity=3,
                               start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 5))
    return {"dinkes": dinkes, "dukcapil": dukcapil, "offering": offering,
            "nakes": [make_asn(unit=pkm, name=f"Nakes {i}") for i in range(3)],
            "capil": [make_asn(unit=dukcapil, name=f"Capil {i}") for i in range(2)],
            "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes")}


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("nip.xlsx", out.getvalue())


def _url(world):
    return reverse("programs:enroll_bulk", args=[world["offering"].pk])


def test_unit_head_is_refused(client, world):
    client.force_login(world["head"])
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), {"action": "kuota", "status": "invited"}).status_code == 403


def test_nip_file_refused_whole_naming_row_and_column(client, world):
    client.force_login(world["evaluator"])
    nakes = world["nakes"]
    services.enrollment_create(offering=world["offering"], employee=nakes[2], by=None)
    bad = _xlsx([["Nama", "NIP"], ["A", nakes[0].nip], ["B", "12345"], ["C", "1" * 18], ["D", nakes[0].nip],
                 ["E", nakes[2].nip]])
    response = client.post(_url(world), {"action": "nip", "status": "invited", "file": bad})
    assert response.status_code == 400
    assert response.context["errors"] == [
        "Baris 3, kolom B (NIP): '12345' bukan NIP 18 digit.",
        f"Baris 4, kolom B (NIP): tidak ada ASN dengan NIP {'1' * 18}.",
        f"Baris 5, kolom B (NIP): NIP {nakes[0].nip} sudah ada di baris 2.",
        f"Baris 6, kolom B (NIP): {nakes[2].name} sudah tercatat di angkatan ini (status: Diundang).",
    ]
    assert Enrollment.objects.count() == 1
    ok = _xlsx([["NIP"], [nakes[0].nip], [nakes[1].nip]])
    assert client.post(_url(world), {"action": "nip", "status": "registered", "file": ok}).status_code == 302
    assert set(Enrollment.objects.filter(status="registered").values_list("employee", flat=True)) == {
        nakes[0].pk, nakes[1].pk}
    assert AuditEvent.objects.get(action="enrollment.bulk_create").detail["count"] == 2
    # Capacity: a third registered seat fits, a fourth does not; nothing written then.
    full = _xlsx([["NIP"], [world["capil"][0].nip], [world["capil"][1].nip]])
    response = client.post(_url(world), {"action": "nip", "status": "registered", "file": full})
    assert "sudah penuh" in " ".join(response.context["errors"])
    assert Enrollment.objects.count() == 3


def test_quota_takes_fewest_jp_first_and_refuses_a_short_unit(client, world):
    client.force_login(world["evaluator"])
    nakes = world["nakes"]
    jp_external_record(employee=nakes[0], title="A", provider="LAN", jp=20, completed_on=dt.date(2026, 1, 5),
                       by=None)
    short = client.post(_url(world), {"action": "kuota", "status": "invited", f"q_{world['dinkes'].pk}": "2",
                                      f"q_{world['dukcapil'].pk}": "3"})
    assert short.context["errors"] == [
        "Disdukcapil: kuota 3, tetapi hanya 2 ASN aktif yang belum tercatat di angkatan ini."]
    assert not Enrollment.objects.exists()
    ok = client.post(_url(world), {"action": "kuota", "status": "invited", f"q_{world['dinkes'].pk}": "2",
                                   f"q_{world['dukcapil'].pk}": "1"})
    assert ok.status_code == 302
    chosen = set(Enrollment.objects.values_list("employee__name", flat=True))
    assert chosen == {"Nakes 1", "Nakes 2", "Capil 0"}  # Nakes 0 already has 20 JP this year
