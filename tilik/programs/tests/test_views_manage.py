"""The programme, angkatan and enrolment pages: roles, validation messages, audit events, exports, queries."""

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
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_unit
from tilik.programs import services
from tilik.programs.models import Enrollment, JPEntry, Offering, Program
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    bkpsdm = make_unit("BKPSDM", code="bkpsdm", unit_type="badan")
    prima = ProgramFactory(name="Pelayanan Prima", fiscal_year=2026, organiser=bkpsdm)
    old = ProgramFactory(name="Kepemimpinan", fiscal_year=2025, organiser=dinkes)
    first = OfferingFactory(program=prima, batch=1, capacity=3, start_date=dt.date(2026, 3, 2),
                            end_date=dt.date(2026, 3, 5))
    second = OfferingFactory(program=prima, batch=2, capacity=2, start_date=dt.date(2026, 9, 1),
                             end_date=dt.date(2026, 9, 4))
    OfferingFactory(program=old, batch=1, start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 3))
    people = [make_asn(unit=dinkes, name=f"Peserta {i}") for i in range(6)]
    return {"dinkes": dinkes, "bkpsdm": bkpsdm, "prima": prima, "old": old, "first": first, "second": second,
            "people": people, "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes")}


def _rows(response):
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_unit_head_and_others_are_refused(client, world):
    client.force_login(world["head"])
    for url in (reverse("programs:programs"), reverse("programs:offering", args=[world["first"].pk]),
                reverse("programs:enroll", args=[world["first"].pk])):
        assert client.get(url).status_code == 403


def test_program_create_validates_in_indonesian_and_audits(client, world):
    client.force_login(world["evaluator"])
    response = client.post(reverse("programs:program_create"), {"name": "Literasi Digital", "jp": "0"})
    errors = response.context["form"].errors
    assert errors["objective"] == ["Bidang ini tidak boleh kosong."]
    assert any("1" in e for e in errors["jp"])  # at least 1 JP
    data = {"name": "Literasi Digital", "fiscal_year": "2026", "organiser": world["bkpsdm"].pk,
            "competency_type": "teknis", "method": "klasikal", "jp": "16", "provider": "BKPSDM",
            "target_group": "ASN pelaksana", "objective": "Memakai layanan digital."}
    response = client.post(reverse("programs:program_create"), data)
    assert response.status_code == 302
    program = Program.objects.get(name="Literasi Digital")
    assert program.slug == "literasi-digital-2026"
    assert AuditEvent.objects.filter(action="program.create", target_id=str(program.pk)).exists()
    again = client.post(reverse("programs:program_create"), data)
    assert "sudah dipakai" in " ".join(again.context["form"].errors["slug"])


def test_program_update_audits_changed_fields(client, world):
    client.force_login(world["evaluator"])
    prima = world["prima"]
    data = {"name": prima.name, "slug": prima.slug, "fiscal_year": "2026", "organiser": world["bkpsdm"].pk,
            "competency_type": "teknis", "method": "klasikal", "jp": "32", "provider": prima.provider,
            "target_group": prima.target_group, "objective": prima.objective}
    assert client.post(reverse("programs:program_edit", args=[prima.pk]), data).status_code == 302
    assert Program.objects.get(pk=prima.pk).jp == 32
    event = AuditEvent.objects.get(action="program.update")
    assert event.detail["fields"] == ["jp"]


def test_program_list_filters_and_exports_the_filtered_rows(client, world):
    client.force_login(world["evaluator"])
    url = reverse("programs:programs")
    response = client.get(url, {"fiscal_year": "2025"})
    assert [p.name for p in response.context["page"]] == ["Kepemimpinan"]
    response = client.get(url, {"organiser": world["bkpsdm"].pk, "unduh": "xlsx"})
    rows = _rows(response)
    assert [r[0] for r in rows[1:]] == ["Pelayanan Prima"]
    assert rows[1][5] == 2  # angkatan
    assert AuditEvent.objects.filter(action="data.export", detail__rows=1).exists()


def test_program_status_filter(client, world):
    client.force_login(world["evaluator"])
    ProgramFactory(name="Belum mulai")
    response = client.get(reverse("programs:programs"), {"status": "rencana"})
    assert [p.name for p in response.context["page"]] == ["Belum mulai"]


def test_lists_have_a_fixed_number_of_queries(client, world):
    client.force_login(world["evaluator"])
    for url in (reverse("programs:programs"), reverse("programs:offerings")):
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        for i in range(5):
            OfferingFactory(program=ProgramFactory(name=f"Tambahan {url[-3:]} {i}"))
        with CaptureQueriesContext(connection) as after:
            client.get(url)
        assert len(after) == len(before), url
        assert len(after) <= 12


def test_offering_form_says_what_is_wrong(client, world):
    client.force_login(world["evaluator"])
    url = reverse("programs:offering_create", args=[world["prima"].pk])
    assert client.get(url).context["form"].initial["batch"] == 3
    data = {"batch": "3", "start_date": "2026-10-05", "end_date": "2026-10-01", "place": "Aula", "capacity": "20",
            "mode": "luring"}
    response = client.post(url, data)
    assert response.context["form"].errors["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    data.update(batch="1", end_date="2026-10-08")
    response = client.post(url, data)
    assert any("sudah ada" in e for e in response.context["form"].non_field_errors() + response.context[
        "form"].errors.get("batch", [])), response.context["form"].errors
    data.update(batch="3")
    assert client.post(url, data).status_code == 302
    offering = Offering.objects.get(program=world["prima"], batch=3)
    assert AuditEvent.objects.filter(action="offering.create", target_id=str(offering.pk)).exists()


def test_offering_capacity_cannot_drop_below_seats_taken(client, world):
    client.force_login(world["evaluator"])
    first = world["first"]
    for person in world["people"][:3]:
        services.enrollment_create(offering=first, employee=person, by=None, status="registered")
    data = {"batch": "1", "start_date": "2026-03-02", "end_date": "2026-03-05", "place": "Aula", "capacity": "2",
            "mode": "luring"}
    response = client.post(reverse("programs:offering_edit", args=[first.pk]), data)
    assert "kurang dari kursi yang sudah terisi" in " ".join(response.context["form"].errors["capacity"])
    assert Offering.objects.get(pk=first.pk).capacity == 3


def test_enrol_from_the_filtered_list(client, world):
    client.force_login(world["evaluator"])
    first = world["first"]
    people = world["people"]
    services.enrollment_create(offering=first, employee=people[0], by=None)
    url = reverse("programs:enroll", args=[first.pk])
    page = client.get(url, {"q": "Peserta"})
    assert people[0].pk in page.context["enrolled"]
    response = client.post(url, {"status": "registered", "employees": [p.pk for p in people[:5]]}, follow=True)
    texts = _messages(response)
    # people[0] was already invited; three seats: people[1..3] registered, people[4] finds the class full.
    assert "3 ASN ditambahkan ke angkatan ini." in texts
    assert f"{people[0].name}: Pegawai ini sudah tercatat di angkatan ini (status: Diundang)." in texts, texts
    assert any(t.startswith(f"{people[4].name}: Kelas sudah penuh") for t in texts), texts
    assert Enrollment.objects.filter(offering=first, status="registered").count() == 3
    assert AuditEvent.objects.filter(action="enrollment.create", actor=world["evaluator"]).count() == 3
    nothing = client.post(url, {"status": "invited"}, follow=True)
    assert "Centang minimal satu ASN." in _messages(nothing)


def test_move_between_angkatan(client, world):
    client.force_login(world["evaluator"])
    first, second = world["first"], world["second"]
    people = world["people"]
    moving = services.enrollment_create(offering=first, employee=people[0], by=None, status="registered")
    for person in people[1:3]:
        services.enrollment_create(offering=second, employee=person, by=None, status="registered")
    url = reverse("programs:enrollment_move", args=[moving.pk])
    full = client.post(url, {"to": second.pk})
    assert "Kelas sudah penuh" in " ".join(full.context["form"].non_field_errors())
    Offering.objects.filter(pk=second.pk).update(capacity=5)
    assert client.post(url, {"to": second.pk}).status_code == 302
    assert Enrollment.objects.get(pk=moving.pk).offering_id == second.pk
    event = AuditEvent.objects.get(action="enrollment.move")
    assert (event.detail["source"], event.detail["to"]) == (first.pk, second.pk)
    other_programme = OfferingFactory()
    wrong = client.post(url, {"to": other_programme.pk})
    assert "to" in wrong.context["form"].errors  # not offered: only angkatan of the same programme


def test_cancel_with_reason(client, world):
    client.force_login(world["evaluator"])
    invited = services.enrollment_create(offering=world["first"], employee=world["people"][0], by=None)
    url = reverse("programs:enrollment_cancel", args=[invited.pk])
    response = client.post(url, {"reason_code": ""})
    assert response.context["form"].errors["reason_code"] == ["Pilih alasan pembatalan."]
    assert client.post(url, {"reason_code": "jadwal_bentrok", "reason_text": "rapat"}).status_code == 302
    invited.refresh_from_db()
    assert (invited.status, invited.reason_code, invited.reason_text) == ("declined", "jadwal_bentrok", "rapat")
    assert AuditEvent.objects.filter(action="enrollment.status", target_id=str(invited.pk)).exists()
    again = client.post(url, {"reason_code": "lainnya"})
    assert "tidak dapat dibatalkan" in " ".join(again.context["form"].non_field_errors())


def test_offering_participants_export(client, world):
    client.force_login(world["evaluator"])
    for person in world["people"][:2]:
        services.enrollment_create(offering=world["first"], employee=person, by=None)
    rows = _rows(client.get(reverse("programs:offering", args=[world["first"].pk]), {"unduh": "xlsx"}))
    assert [r[1] for r in rows[1:]] == [p.nip for p in world["people"][:2]]
    assert {r[2] for r in rows[1:]} == {"Diundang"}


def test_status_grid_records_attendance_no_shows_and_completion(client, world):
    client.force_login(world["evaluator"])
    first = world["first"]
    a, b, c = (services.enrollment_create(offering=first, employee=p, by=None, status="registered")
               for p in world["people"][:3])
    url = reverse("programs:offering_status", args=[first.pk])
    # A no-show without a reason: nothing is saved, the row says why.
    response = client.post(url, {f"status_{a.pk}": "attended", f"status_{b.pk}": "no_show"})
    assert response.status_code == 200
    rows = {row[0].pk: row[4] for row in response.context["rows"]}
    assert rows[b.pk] == ["Alasan wajib dipilih untuk status ini."]
    assert rows[a.pk] == []
    assert Enrollment.objects.get(pk=a.pk).status == "registered"  # rolled back with the refused row
    response = client.post(url, {f"status_{a.pk}": "attended", f"pct_{a.pk}": "87,5",
                                 f"status_{b.pk}": "no_show", f"reason_{b.pk}": "sakit"})
    assert response.status_code == 302
    assert (Enrollment.objects.get(pk=a.pk).status, Enrollment.objects.get(pk=a.pk).attendance_pct) == (
        "attended", Decimal("87.50"))
    assert (Enrollment.objects.get(pk=b.pk).status, Enrollment.objects.get(pk=b.pk).reason_code) == (
        "no_show", "sakit")
    assert Enrollment.objects.get(pk=c.pk).status == "registered"  # left at "—"
    assert AuditEvent.objects.filter(action="enrollment.status").count() == 2
    # Completion credits the programme's JP; a settled no-show has no row any more.
    page = client.get(url)
    assert b.pk not in {row[0].pk for row in page.context["rows"]}
    assert client.post(url, {f"status_{a.pk}": "completed"}).status_code == 302
    assert JPEntry.objects.get(enrollment=a).jp == world["prima"].jp
    nothing = client.post(url, {})
    assert "Belum ada perubahan" in " ".join(nothing.context["form"].non_field_errors())


def test_offering_pages_have_a_fixed_number_of_queries(client, world):
    client.force_login(world["evaluator"])
    first = world["first"]
    urls = [reverse("programs:offering", args=[first.pk]), reverse("programs:enroll", args=[first.pk]),
            reverse("programs:offering_status", args=[first.pk])]
    services.enrollment_create(offering=first, employee=world["people"][0], by=None, status="registered")
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        before[url] = len(ctx)
    for person in world["people"][1:3]:
        services.enrollment_create(offering=first, employee=person, by=None, status="registered")
    for i in range(10):
        make_asn(unit=world["dinkes"], name=f"Calon {i}")
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == before[url] <= 14, url
