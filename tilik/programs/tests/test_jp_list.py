"""The full 20 JP list (issue 17 item 3): every ASN in scope, paged, filtered, exported whole."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.tests.factories import make_unit
from tilik.org.services import employee_create
from tilik.programs.models import JPEntry
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.TILIK_JP_TARGET = 20
    root = make_unit("Pemerintah Kota", unit_type="pemda", code="kota")
    dinkes = make_unit("Dinas Kesehatan", parent=root, code="dinkes", short_name="Dinkes")
    pkm = make_unit("Puskesmas Satu", parent=dinkes, code="pkm-1", unit_type="puskesmas")
    dishub = make_unit("Dinas Perhubungan", parent=root, code="dishub")
    health = [make_asn(unit=pkm, name=f"Sehat {i:02d}") for i in range(60)]
    transport = [make_asn(unit=dishub, name=f"Hubung {i}") for i in range(5)]
    pppk = employee_create(by=None, unit=pkm, start_date=dt.date(2024, 1, 1), nip="199001012024212001",
                           name="Kontrak Satu", employment_type="PPPK", golongan="PPPK IX", sex="P",
                           jabatan_category="fungsional", education="S1")
    for i, person in enumerate(health[:10]):
        JPEntry.objects.create(employee=person, year=2026, jp=Decimal(25 if i < 4 else 8), source="certificate",
                               description="Kursus", completed_on=dt.date(2026, 2, 1))
    return {"dinkes": dinkes, "health": health, "transport": transport, "pppk": pppk,
            "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes")}


def test_pages_through_every_asn_not_only_the_first_200(client, world):
    client.force_login(world["evaluator"])
    response = client.get(reverse("programs:jp_list"), {"tahun": "2026"})
    page = response.context["page"]
    assert page.paginator.count == 66
    last = client.get(reverse("programs:jp_list"), {"tahun": "2026", "page": page.paginator.num_pages})
    assert len(last.context["page"]) == 66 - 50


def test_filters_status_type_and_unit(client, world):
    client.force_login(world["evaluator"])
    url = reverse("programs:jp_list")
    met = client.get(url, {"tahun": "2026", "status": "memenuhi"})
    assert {row["e"].name for row in met.context["people"]} == {p.name for p in world["health"][:4]}
    pppk = client.get(url, {"tahun": "2026", "employment_type": "PPPK"})
    assert [row["e"].pk for row in pppk.context["people"]] == [world["pppk"].pk]
    dinkes = client.get(url, {"tahun": "2026", "unit": world["dinkes"].pk, "status": "kurang"})
    assert dinkes.context["page"].paginator.count == 61 - 4
    assert {row["opd"] for row in dinkes.context["people"]} == {"Dinkes"}


def test_unit_head_sees_only_their_subtree(client, world):
    client.force_login(world["head"])
    response = client.get(reverse("programs:jp_list"), {"tahun": "2026"})
    assert response.context["page"].paginator.count == 61
    outside = client.get(reverse("programs:jp_list"), {"tahun": "2026", "q": "Hubung"})
    assert outside.context["page"].paginator.count == 0


def test_export_has_every_filtered_row_with_gap(client, world):
    client.force_login(world["evaluator"])
    response = client.get(reverse("programs:jp_list"), {"tahun": "2026", "status": "kurang", "unduh": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Nama", "NIP", "Jenis ASN", "Unit", "OPD", "JP", "Kekurangan")
    assert len(rows) - 1 == 66 - 4
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Sehat 05"][5:] == (8.0, 12.0)
    assert by_name["Hubung 0"][5:] == (0.0, 20.0)


def test_query_count_is_fixed(client, world):
    client.force_login(world["evaluator"])
    url = reverse("programs:jp_list")
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"tahun": "2026"})
    for i in range(10):
        make_asn(unit=world["dinkes"], name=f"Baru {i}")
    with CaptureQueriesContext(connection) as after:
        client.get(url, {"tahun": "2026"})
    assert len(after) == len(before) <= 12
