"""Attendance per session: the grid page, its XLSX download and import, the no-show reasons, scope and audit."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_unit
from tilik.programs import services
from tilik.programs.models import Enrollment
from tilik.programs.models_attendance import Attendance, Session
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db
DAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]  # Monday to Thursday


@pytest.fixture
def world():
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    program = ProgramFactory(name="Pelayanan Prima", fiscal_year=2026, jp=24)
    first = OfferingFactory(program=program, batch=1, capacity=10, start_date=dt.date(2026, 2, 28),
                            end_date=dt.date(2026, 3, 5))  # starts on a Saturday: the weekend is no session
    people = [make_asn(unit=dinkes, name=f"Peserta {i}") for i in range(4)]
    enrolled = [services.enrollment_create(offering=first, employee=p, by=None, status="registered")
                for p in people[:3]]
    services.enrollment_create(offering=first, employee=people[3], by=None)  # only invited: not in the grid
    return {"dinkes": dinkes, "first": first, "people": people, "enrolled": enrolled,
            "evaluator": make_user("evaluator", username="eva"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes"),
            "daerah": make_user("pimpinan_daerah", username="walikota")}


def _url(world, name="programs:offering_attendance"):
    return reverse(name, args=[world["first"].pk])


def test_only_evaluators_open_the_grid(client, world):
    for user in (world["head"], world["daerah"]):
        client.force_login(user)
        assert client.get(_url(world)).status_code == 403
        assert client.post(_url(world, "programs:offering_attendance_import")).status_code == 403
    client.force_login(world["evaluator"])
    page = client.get(_url(world))
    assert page.status_code == 200
    assert [d.isoformat() for d in page.context["grid"].days] == DAYS
    assert [line["e"].pk for line in page.context["lines"]] == [e.pk for e in world["enrolled"]]


def test_grid_records_sessions_percent_status_and_no_show_reason(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    # b absent everywhere without reason stays registered; a reason given with a present day is refused.
    refused = client.post(_url(world), {f"h_{a.pk}": DAYS[:3], f"r_{a.pk}": "sakit", f"r_{c.pk}": "sakit"})
    assert refused.status_code == 200
    lines = {line["e"].pk: line["errors"] for line in refused.context["lines"]}
    assert lines[a.pk] == ["alasan tidak hadir hanya diisi untuk peserta yang tidak hadir di semua sesi"]
    assert lines[c.pk] == []
    assert not Session.objects.exists() and not Attendance.objects.exists()  # nothing written
    assert Enrollment.objects.get(pk=c.pk).status == "registered"
    ok = client.post(_url(world), {f"h_{a.pk}": DAYS[:3], f"h_{b.pk}": DAYS,
                                   f"r_{c.pk}": "sakit", f"t_{c.pk}": "Rawat inap"})
    assert ok.status_code == 302
    got = {e.pk: e for e in Enrollment.objects.filter(pk__in=[a.pk, b.pk, c.pk])}
    assert (got[a.pk].status, got[a.pk].attendance_pct) == ("attended", Decimal("75.00"))
    assert (got[b.pk].status, got[b.pk].attendance_pct) == ("attended", Decimal("100.00"))
    assert (got[c.pk].status, got[c.pk].reason_code, got[c.pk].reason_text) == ("no_show", "sakit", "Rawat inap")
    assert Session.objects.filter(offering=world["first"]).count() == 4
    assert Attendance.objects.count() == 7
    event = AuditEvent.objects.get(action="attendance.record")
    assert event.actor == world["evaluator"] and event.detail["marks"] == 7
    assert event.detail["status_changes"] == {str(a.pk): "attended", str(b.pk): "attended", str(c.pk): "no_show"}
    # A participant marked present cannot be emptied again (hadir cannot go back to tidak hadir).
    again = client.post(_url(world), {f"h_{b.pk}": DAYS, f"r_{c.pk}": "sakit"})
    lines = {line["e"].pk: line["errors"] for line in again.context["lines"]}
    assert lines[a.pk] == ["berstatus Hadir: tandai minimal satu sesi hadir"]
    assert Attendance.objects.count() == 7


def test_percent_feeds_the_completion_page(client, world):
    client.force_login(world["evaluator"])
    a = world["enrolled"][0]
    client.post(_url(world), {f"h_{a.pk}": DAYS[:3]})
    status_page = client.get(reverse("programs:offering_status", args=[world["first"].pk]))
    assert status_page.context["form"][f"pct_{a.pk}"].initial == Decimal("75.00")
    client.post(reverse("programs:offering_status", args=[world["first"].pk]),
                {f"status_{a.pk}": "completed", f"pct_{a.pk}": "75"})
    assert Enrollment.objects.get(pk=a.pk).status == "completed"


def _book(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("hadir.xlsx", out.getvalue())


def test_download_is_the_grid_and_opens_with_openpyxl(client, world):
    client.force_login(world["evaluator"])
    a = world["enrolled"][0]
    client.post(_url(world), {f"h_{a.pk}": DAYS[1:]})
    response = client.get(_url(world), {"unduh": "xlsx"})
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0] == ["Nama", "NIP", *DAYS, "Alasan tidak hadir", "Keterangan"]
    by_nip = {r[1]: r for r in rows[1:]}
    assert by_nip[a.employee.nip][2:6] == [None, 1, 1, 1]
    assert AuditEvent.objects.filter(action="data.export", detail__what__startswith="programs.attendance").exists()


def test_import_refuses_a_bad_file_naming_row_and_column_and_writes_nothing(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    head = ["Nama", "NIP", *DAYS, "Alasan tidak hadir", "Keterangan"]
    bad = _book([head, ["A", a.employee.nip, 1, 1, "y", 1, None, None],
                 ["B", "199001012020121999", 1, 1, 1, 1, None, None],
                 ["C", c.employee.nip, None, None, None, None, "pusing", None]])
    response = client.post(_url(world, "programs:offering_attendance_import"), {"file": bad})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert ("Baris 2, kolom E (2026-03-04): nilai 'y' tidak dikenal; isi 1 untuk hadir, kosongkan, atau tulis "
            "alasan tidak hadir (Sakit, Izin, Dinas luar, Tanpa keterangan, Lainnya; boleh diikuti “: keterangan”)."
            in errors)
    assert any(e.startswith("Baris 3, kolom B (NIP): NIP '199001012020121999' bukan peserta") for e in errors)
    assert any(e.startswith("Baris 4, kolom G (Alasan tidak hadir): alasan 'pusing' tidak dikenal") for e in errors)
    assert not Attendance.objects.exists() and not Session.objects.exists()
    # A file whose cells are fine but breaks a rule of the service names the row, and writes nothing either.
    services.enrollment_set_status(enrollment=b, status="attended", by=None)
    rule = _book([head, ["A", a.employee.nip, 1, 1, 1, 1, None, None], ["B", b.employee.nip, *[None] * 6]])
    response = client.post(_url(world, "programs:offering_attendance_import"), {"file": rule})
    assert response.context["errors"] == ["Baris 3: berstatus Hadir: tandai minimal satu sesi hadir."]
    assert not Attendance.objects.exists() and Enrollment.objects.get(pk=a.pk).status == "registered"
    wrong_day = _book([["Nama", "NIP", "2026-03-07", *DAYS[1:]]])
    errors = client.post(_url(world, "programs:offering_attendance_import"), {"file": wrong_day}).context["errors"]
    assert errors[0].startswith("Baris 1, kolom C: '2026-03-07' bukan tanggal sesi angkatan ini")
    assert "Baris 1: kolom tanggal sesi 2026-03-02 tidak ada." in errors


def test_import_of_a_good_file(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    head = ["Nama", "NIP", *DAYS, "Alasan tidak hadir", "Keterangan"]
    good = _book([head, ["A", a.employee.nip, 1, "H", None, 1, None, None],
                  ["C", c.employee.nip, None, None, None, None, "Jadwal bentrok", "Rapat DPRD"]])
    response = client.post(_url(world, "programs:offering_attendance_import"), {"file": good})
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=a.pk).attendance_pct == Decimal("75.00")
    assert Enrollment.objects.get(pk=c.pk).reason_code == "jadwal_bentrok"
    assert Enrollment.objects.get(pk=b.pk).status == "registered"  # not in the file: untouched
    assert AuditEvent.objects.filter(action="attendance.record").count() == 1


def test_grid_has_a_fixed_number_of_queries(client, world):
    client.force_login(world["evaluator"])
    a = world["enrolled"][0]
    client.post(_url(world), {f"h_{a.pk}": DAYS})
    with CaptureQueriesContext(connection) as before:
        client.get(_url(world))
    for _ in range(4):
        e = services.enrollment_create(offering=world["first"], employee=make_asn(unit=world["dinkes"]),
                                       by=None, status="registered")
        client.post(_url(world), {f"h_{a.pk}": DAYS, f"h_{e.pk}": DAYS[:1]})
    with CaptureQueriesContext(connection) as after:
        client.get(_url(world))
    assert len(after) == len(before) <= 12


def test_sessions_follow_the_angkatan_dates(client, world):
    """Weekend-only angkatan meet on their weekend days; moved dates add the new days, drop empty old ones and
    keep an old one where someone was present."""
    from tilik.programs.services_attendance import session_days
    from tilik.programs.services_manage import offering_update

    weekend = OfferingFactory(start_date=dt.date(2026, 3, 7), end_date=dt.date(2026, 3, 8))
    assert session_days(weekend) == [dt.date(2026, 3, 7), dt.date(2026, 3, 8)]
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    client.post(_url(world), {f"h_{a.pk}": DAYS[:1], f"h_{b.pk}": DAYS[:1], f"h_{c.pk}": DAYS[:1]})
    offering_update(offering=world["first"], by=None, start_date=dt.date(2026, 3, 3), end_date=dt.date(2026, 3, 6))
    page = client.get(_url(world))
    assert [d.isoformat() for d in page.context["grid"].days] == [*DAYS, "2026-03-06"]
    client.post(_url(world), {f"h_{a.pk}": DAYS[:2], f"h_{b.pk}": DAYS[:1], f"h_{c.pk}": DAYS[:1]})
    assert [s.isoformat() for s in Session.objects.filter(offering=world["first"]).order_by("date")
            .values_list("date", flat=True)] == [*DAYS, "2026-03-06"]
    assert Enrollment.objects.get(pk=a.pk).attendance_pct == Decimal("40.00")  # 2 of 5 sessions
    assert AuditEvent.objects.filter(action="session.sync").count() == 2
