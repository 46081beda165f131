"""The unit and ASN pages: scope, validation messages, audit events, export, query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import make_unit
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    root = make_unit("Pemerintah Kota", unit_type="pemda", code="kota")
    dinkes = make_unit("Dinas Kesehatan", parent=root, code="dinkes")
    pkm = make_unit("Puskesmas Satu", parent=dinkes, code="pkm-1", unit_type="puskesmas")
    dishub = make_unit("Dinas Perhubungan", parent=root, code="dishub")
    staff = [make_asn(unit=pkm if i % 2 else dinkes, name=f"Kesehatan {i}") for i in range(6)]
    others = [make_asn(unit=dishub, name=f"Perhubungan {i}") for i in range(4)]
    return {"root": root, "dinkes": dinkes, "pkm": pkm, "dishub": dishub, "staff": staff, "others": others,
            "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes")}


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_unit_head_lists_only_their_subtree(client, world):
    client.force_login(world["head"])
    response = client.get(reverse("org:employees"))
    names = {e.name for e in response.context["page"]}
    assert names == {e.name for e in world["staff"]}


def test_unit_head_cannot_open_or_edit_someone_outside(client, world):
    client.force_login(world["head"])
    outsider = world["others"][0]
    assert client.get(reverse("org:employee", args=[outsider.pk])).status_code == 404
    response = client.post(reverse("org:employee_edit", args=[outsider.pk]), {"name": "Diubah"})
    assert response.status_code == 404
    assert Employee.objects.get(pk=outsider.pk).name == outsider.name


def test_unit_head_cannot_pick_a_unit_outside_their_scope(client, world):
    client.force_login(world["head"])
    person = world["staff"][0]
    response = client.post(reverse("org:employee_transfer", args=[person.pk]),
                           {"unit": world["dishub"].pk, "on": "2026-05-01"})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not UnitMembership.objects.filter(employee=person, unit=world["dishub"]).exists()


def test_filter_search_sort_and_export_has_the_filtered_rows(client, world):
    client.force_login(world["evaluator"])
    url = reverse("org:employees")
    response = client.get(url, {"unit": world["dinkes"].pk, "o": "-name"})
    names = [e.name for e in response.context["page"]]
    assert names == sorted((e.name for e in world["staff"]), reverse=True)
    response = client.get(url, {"q": "perhubungan", "unduh": "xlsx"})
    rows = _rows(response)
    assert rows[0][:2] == ["Nama", "NIP"]
    assert sorted(r[0] for r in rows[1:]) == sorted(e.name for e in world["others"])
    assert {r[1] for r in rows[1:]} == {e.nip for e in world["others"]}  # NIP as text, all 18 digits
    event = AuditEvent.objects.filter(action="data.export").latest("pk")
    assert event.detail["rows"] == 4


def test_nip_search_and_paging(client, world):
    client.force_login(world["evaluator"])
    person = world["others"][2]
    response = client.get(reverse("org:employees"), {"q": person.nip[:18]})
    assert [e.pk for e in response.context["page"]] == [person.pk]
    for i in range(55):
        make_asn(unit=world["dishub"], name=f"Tambahan {i:02d}")
    page2 = client.get(reverse("org:employees"), {"page": 2})
    assert page2.context["page"].number == 2
    assert len(page2.context["page"]) == 65 - 50


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world["evaluator"])
    url = reverse("org:employees")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(20):
        make_asn(unit=world["pkm"], name=f"Baru {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_edit_with_bad_nip_says_what_is_wrong(client, world):
    client.force_login(world["evaluator"])
    person = world["staff"][0]
    data = {"nip": "12345", "name": person.name, "employment_type": "PNS", "golongan": "III/a",
            "jabatan_category": "pelaksana", "education": "S1"}
    response = client.post(reverse("org:employee_edit", args=[person.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["nip"]
    assert any("18" in e for e in errors), errors
    assert not AuditEvent.objects.filter(action="employee.update").exists()


def test_edit_writes_through_the_service_with_an_audit_event(client, world):
    client.force_login(world["head"])
    person = world["staff"][1]
    data = {"nip": person.nip, "name": "Nama Baru", "employment_type": "PNS", "golongan": "III/b",
            "jabatan_category": "pelaksana", "education": "S1"}
    response = client.post(reverse("org:employee_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.golongan) == ("Nama Baru", "III/b")
    event = AuditEvent.objects.get(action="employee.update", target_id=str(person.pk))
    assert event.actor == world["head"]


def test_create_asn_with_unit(client, world):
    client.force_login(world["evaluator"])
    data = {"nip": "1990 0101 2015 01 1 001", "name": "I Wayan Baru", "employment_type": "PNS",
            "golongan": "III/a", "jabatan_category": "pelaksana", "education": "S1",
            "unit": world["pkm"].pk, "start_date": "2026-01-02"}
    response = client.post(reverse("org:employee_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    person = Employee.objects.get(nip="199001012015011001")
    assert person.birth_date == dt.date(1990, 1, 1)
    assert person.memberships.get().unit == world["pkm"]
    assert AuditEvent.objects.filter(action="employee.create", target_id=str(person.pk)).exists()


def test_deactivate_keeps_the_record_and_closes_the_unit_history(client, world):
    client.force_login(world["evaluator"])
    person = world["staff"][2]
    url = reverse("org:employee_deactivate", args=[person.pk])
    missing = client.post(url, {"on": "2026-06-30", "reason": ""})
    assert "reason" in missing.context["form"].errors
    too_early = client.post(url, {"on": "2019-01-01", "reason": "pensiun"})
    assert "sebelum tanggal mulai" in " ".join(too_early.context["form"].errors["on"])
    response = client.post(url, {"on": "2026-06-30", "reason": "pensiun"})
    assert response.status_code == 302
    person = Employee.objects.get(pk=person.pk)
    assert not person.active
    assert person.memberships.get().end_date == dt.date(2026, 6, 30)
    event = AuditEvent.objects.get(action="employee.deactivate")
    assert event.detail == {"on": "2026-06-30", "reason": "pensiun"}
    listed = client.get(reverse("org:employees"), {"status": "nonaktif"})
    assert [e.pk for e in listed.context["page"]] == [person.pk]


def test_transfer_keeps_history(client, world):
    client.force_login(world["evaluator"])
    person = world["staff"][0]
    response = client.post(reverse("org:employee_transfer", args=[person.pk]),
                           {"unit": world["dishub"].pk, "on": "2026-05-01"})
    assert response.status_code == 302
    history = list(person.memberships.order_by("start_date").values_list("unit__code", "end_date"))
    assert history == [("dinkes", dt.date(2026, 4, 30)), ("dishub", None)]


def test_units_unit_head_reads_own_subtree_and_may_not_edit(client, world):
    client.force_login(world["head"])
    response = client.get(reverse("org:units"))
    assert {u.code for u in response.context["page"]} == {"dinkes", "pkm-1"}
    assert client.get(reverse("org:unit_edit", args=[world["dinkes"].pk])).status_code == 403


def test_unit_create_validates_and_audits(client, world):
    client.force_login(world["evaluator"])
    data = {"name": "Puskesmas Dua", "code": "dinkes", "unit_type": "puskesmas", "parent": world["dinkes"].pk,
            "active": "on"}
    response = client.post(reverse("org:unit_create"), data)
    assert "code" in response.context["form"].errors  # the code is taken
    data["code"] = "pkm-2"
    response = client.post(reverse("org:unit_create"), data)
    assert response.status_code == 302
    unit = Unit.objects.get(code="pkm-2")
    assert unit.path.startswith(world["dinkes"].path)
    assert AuditEvent.objects.filter(action="unit.create", target_id=str(unit.pk)).exists()


def test_unit_cannot_move_under_its_own_child(client, world):
    client.force_login(world["evaluator"])
    dinkes = world["dinkes"]
    data = {"name": dinkes.name, "code": dinkes.code, "unit_type": "dinas", "parent": world["pkm"].pk,
            "active": "on"}
    response = client.post(reverse("org:unit_edit", args=[dinkes.pk]), data)
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_unit_export(client, world):
    client.force_login(world["evaluator"])
    rows = _rows(client.get(reverse("org:units"), {"unit_type": "dinas", "unduh": "xlsx"}))
    assert sorted(r[1] for r in rows[1:]) == ["dinkes", "dishub"]
    assert {r[1]: r[4] for r in rows[1:]} == {"dinkes": 3, "dishub": 4}


def test_unit_head_cannot_create_outside_or_deactivate_outside(client, world):
    client.force_login(world["head"])
    data = {"nip": "199001012015011002", "name": "Orang Lain", "employment_type": "PNS", "golongan": "III/a",
            "jabatan_category": "pelaksana", "education": "S1", "unit": world["dishub"].pk,
            "start_date": "2026-01-02"}
    response = client.post(reverse("org:employee_create"), data)
    assert "unit" in response.context["form"].errors
    assert not Employee.objects.filter(nip=data["nip"]).exists()
    outsider = world["others"][1]
    response = client.post(reverse("org:employee_deactivate", args=[outsider.pk]),
                           {"on": "2026-06-30", "reason": "pensiun"})
    assert response.status_code == 404
    assert Employee.objects.get(pk=outsider.pk).active


def test_reactivate_is_for_evaluators_and_starts_a_new_membership(client, world):
    from tilik.org.services_status import employee_deactivate

    person = world["staff"][3]
    employee_deactivate(employee=person, on=dt.date(2026, 1, 31), reason="salah catat", by=None)
    url = reverse("org:employee_reactivate", args=[person.pk])
    client.force_login(world["head"])
    assert client.post(url, {"unit": world["pkm"].pk, "on": "2026-03-01"}).status_code == 403
    client.force_login(world["evaluator"])
    early = client.post(url, {"unit": world["pkm"].pk, "on": "2026-01-15"})
    assert "setelah akhir riwayat unit terakhir" in " ".join(early.context["form"].errors["on"])
    assert client.post(url, {"unit": world["pkm"].pk, "on": "2026-03-01"}).status_code == 302
    person = Employee.objects.get(pk=person.pk)
    assert person.active
    assert list(person.memberships.order_by("start_date").values_list("end_date", flat=True)) == [
        dt.date(2026, 1, 31), None]
    assert AuditEvent.objects.filter(action="employee.reactivate", target_id=str(person.pk)).exists()


def test_unit_list_query_count_is_fixed(client, world):
    client.force_login(world["evaluator"])
    url = reverse("org:units")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(8):
        make_unit(f"Puskesmas Baru {i}", parent=world["dinkes"], code=f"pkm-baru-{i}", unit_type="puskesmas")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before) <= 10
