"""Reasons for each absent session day (issue 17): grid, XLSX import and download, angkatan page and export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent
from tilik.programs.models_attendance import Attendance, Session, SessionAbsence
from tilik.programs.tests import test_attendance as base
from tilik.programs.tests.test_attendance import DAYS, _book, _url

world = base.world  # the same angkatan of three registered ASN (a fixture)

pytestmark = pytest.mark.django_db
HEAD = ["Nama", "NIP", *DAYS, "Alasan tidak hadir", "Keterangan"]


def _stored():
    return {
        (a.enrollment_id, a.session.date.isoformat()): (a.reason, a.note)
        for a in SessionAbsence.objects.select_related("session")
    }


def test_grid_stores_a_reason_per_absent_day_and_refuses_bad_ones(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    bad = client.post(
        _url(world),
        {
            f"h_{a.pk}": DAYS[:3],
            f"a_{a.pk}_{DAYS[0]}": "sakit",  # a reason on a day marked present
            f"a_{b.pk}_{DAYS[1]}": "lainnya",  # "lainnya" without a note
            f"a_{c.pk}_{DAYS[2]}": "mudik",  # not a reason
        },
    )
    assert bad.status_code == 200
    errors = {line["e"].pk: line["errors"] for line in bad.context["lines"]}
    assert errors[a.pk] == ["2026-03-02: alasan tidak hadir diisi untuk hari yang ditandai hadir"]
    assert errors[b.pk] == ["2026-03-03: alasan “Lainnya” wajib diberi keterangan"]
    assert errors[c.pk] == ["2026-03-04: alasan 'mudik' tidak dikenal"]
    assert not SessionAbsence.objects.exists() and not Session.objects.exists()  # nothing written
    # The posted choices stay in the grid for correction.
    cells = {line["e"].pk: line["cells"] for line in bad.context["lines"]}
    assert cells[b.pk][1][2:] == ("lainnya", "")

    ok = client.post(
        _url(world),
        {
            f"h_{a.pk}": DAYS[:3],
            f"a_{a.pk}_{DAYS[3]}": "dinas_luar",
            f"n_{a.pk}_{DAYS[3]}": "Rapat di provinsi",
            f"h_{b.pk}": DAYS,
            f"a_{c.pk}_{DAYS[0]}": "sakit",
            f"a_{c.pk}_{DAYS[1]}": "izin",
            f"a_{c.pk}_{DAYS[2]}": "lainnya",
            f"n_{c.pk}_{DAYS[2]}": "Upacara adat",
        },
    )
    assert ok.status_code == 302
    assert _stored() == {
        (a.pk, DAYS[3]): ("dinas_luar", "Rapat di provinsi"),
        (c.pk, DAYS[0]): ("sakit", ""),
        (c.pk, DAYS[1]): ("izin", ""),
        (c.pk, DAYS[2]): ("lainnya", "Upacara adat"),
    }
    assert AuditEvent.objects.get(action="attendance.record").detail["absences"] == 4
    # Saving again without c's day 1 reason removes it; a's reason goes when a is marked present that day.
    client.post(_url(world), {f"h_{a.pk}": DAYS, f"h_{b.pk}": DAYS, f"a_{c.pk}_{DAYS[1]}": "izin"})
    assert _stored() == {(c.pk, DAYS[1]): ("izin", "")}
    grid = client.get(_url(world))
    cells = {line["e"].pk: line["cells"] for line in grid.context["lines"]}
    assert [cell[2] for cell in cells[c.pk]] == ["", "izin", "", ""]


def test_angkatan_page_and_its_xlsx_show_the_reasons(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    client.post(
        _url(world),
        {
            f"h_{a.pk}": DAYS[1:],
            f"a_{a.pk}_{DAYS[0]}": "izin",
            f"n_{a.pk}_{DAYS[0]}": "Cuti",
            f"h_{b.pk}": DAYS,
            f"a_{c.pk}_{DAYS[3]}": "tanpa_keterangan",
            f"h_{c.pk}": DAYS[:3],
        },
    )
    offering_url = reverse("programs:offering", args=[world["first"].pk])
    page = client.get(offering_url)
    text = page.content.decode()
    assert "Tidak hadir per sesi" in text
    assert [(x.name, x.day.isoformat(), x.reason, x.note) for x in page.context["day_absences"]] == [
        (a.employee.name, DAYS[0], "Izin", "Cuti"),
        (c.employee.name, DAYS[3], "Tanpa keterangan", ""),
    ]
    book = load_workbook(io.BytesIO(client.get(offering_url, {"unduh": "xlsx"}).content)).active
    rows = [list(r) for r in book.iter_rows(values_only=True)]
    assert rows[0][-1] == "Tidak hadir per sesi (alasan)"
    by_nip = {r[1]: r[-1] for r in rows[1:]}
    assert by_nip[a.employee.nip] == "2026-03-02 Izin (Cuti)"
    assert by_nip[c.employee.nip] == "2026-03-05 Tanpa keterangan"
    assert by_nip[b.employee.nip] in ("", None)
    # The grid download writes each reason in its day's cell.
    grid = load_workbook(io.BytesIO(client.get(_url(world), {"unduh": "xlsx"}).content)).active
    cells = {r[1]: r[2:6] for r in grid.iter_rows(values_only=True)}
    assert cells[a.employee.nip] == ("Izin: Cuti", 1, 1, 1)
    assert cells[c.employee.nip] == (1, 1, 1, "Tanpa keterangan")


def test_xlsx_import_reads_reasons_in_day_cells(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    bad = _book(
        [
            HEAD,
            ["A", a.employee.nip, 1, "mudik", 1, 1, None, None],
            ["C", c.employee.nip, "Lainnya", None, None, None, "Jadwal bentrok", None],
        ]
    )
    response = client.post(_url(world, "programs:offering_attendance_import"), {"file": bad})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert errors == [
        "Baris 2, kolom D (2026-03-03): nilai 'mudik' tidak dikenal; isi 1 untuk hadir, kosongkan, atau tulis "
        "alasan tidak hadir (Sakit, Izin, Dinas luar, Tanpa keterangan, Lainnya; boleh diikuti “: keterangan”)."
    ]
    assert not Attendance.objects.exists()
    rule = _book([HEAD, ["C", c.employee.nip, "Lainnya", None, None, None, "Jadwal bentrok", None]])
    errors = client.post(_url(world, "programs:offering_attendance_import"), {"file": rule}).context["errors"]
    assert errors == ["Baris 2: 2026-03-02: alasan “Lainnya” wajib diberi keterangan."]
    good = _book(
        [
            HEAD,
            ["A", a.employee.nip, 1, "Sakit: demam", 1, "dinas luar", None, None],
            ["C", c.employee.nip, "Lainnya: upacara", "izin", "SAKIT", "tanpa_keterangan", "Jadwal bentrok", None],
        ]
    )
    assert client.post(_url(world, "programs:offering_attendance_import"), {"file": good}).status_code == 302
    assert _stored() == {
        (a.pk, DAYS[1]): ("sakit", "demam"),
        (a.pk, DAYS[3]): ("dinas_luar", ""),
        (c.pk, DAYS[0]): ("lainnya", "upacara"),
        (c.pk, DAYS[1]): ("izin", ""),
        (c.pk, DAYS[2]): ("sakit", ""),
        (c.pk, DAYS[3]): ("tanpa_keterangan", ""),
    }
