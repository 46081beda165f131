"""Importing employees (NIP rules of tilik.org) and enrolments (lifecycle rules of tilik.programs)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tilik.core.tests.factories import OfferingFactory
from tilik.org.models import Employee
from tilik.performance.catalogue import BUILTIN_BY_KEY
from tilik.performance.importing.common import ImportRejected
from tilik.performance.services import import_undo
from tilik.performance.services_import import import_apply, import_preview
from tilik.programs.models import Enrollment, JPEntry

from .conftest import csv_bytes, xlsx_bytes

EMP = BUILTIN_BY_KEY["tilik-pegawai"]["mapping"]
ENR = BUILTIN_BY_KEY["tilik-peserta"]["mapping"]
HEAD = [
    "nip",
    "nama",
    "golongan",
    "kategori_jabatan",
    "pendidikan",
    "status_kepegawaian",
    "jenis_kelamin",
    "kode_unit",
]


def test_employees_xlsx_create_update_idempotent_undo(evaluator, puskesmas):
    rows = [
        HEAD,
        [
            "199001012015032002",
            "Ni Made Baru",
            "III/b",
            "Jabatan Fungsional Tertentu",
            "S-1",
            "PNS",
            "P",
            puskesmas[0].code,
        ],
        ["199505052020121001", "I Ketut Baru", "IIIa", "pelaksana", "D-III", "PNS", "", ""],
    ]
    first = import_apply(kind="employees", content=xlsx_bytes(rows), filename="p.xlsx", mapping=EMP, by=evaluator)
    assert first.created == 2
    made = Employee.objects.get(nip="199001012015032002")
    assert (made.sex, made.golongan, made.jabatan_category, made.education) == (
        "P",
        "III/b",
        "fungsional",
        "S1",
    )
    assert made.memberships.get().unit == puskesmas[0]
    again = import_apply(kind="employees", content=xlsx_bytes(rows), filename="p.xlsx", mapping=EMP, by=evaluator)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[2][2] = "III/b"
    third = import_apply(kind="employees", content=xlsx_bytes(rows), filename="p.xlsx", mapping=EMP, by=evaluator)
    assert third.updated == 1 and Employee.objects.get(nip="199505052020121001").golongan == "III/b"
    import_undo(batch=third, by=evaluator)
    assert Employee.objects.get(nip="199505052020121001").golongan == "III/a"
    import_undo(batch=first, by=evaluator)
    assert Employee.objects.count() == 0


@pytest.mark.parametrize(
    ("nip", "sex", "reason"),
    [
        ("19900101201503100", "P", "18 digit"),
        ("199013012015031002", "P", "tanggal lahir"),
        ("199001012015031002", "P", "digit ke-15"),
        ("199001012015033000", "P", "digit ke-15"),
    ],
)
def test_employee_nip_rules_name_row_and_column(evaluator, nip, sex, reason):
    rows = [
        HEAD,
        ["199505052020121001", "I Ketut Baik", "III/a", "pelaksana", "S1", "PNS", "", ""],
        [nip, "Ni Made Salah", "III/b", "pelaksana", "S1", "PNS", sex, ""],
    ]
    with pytest.raises(ImportRejected) as info:
        import_apply(kind="employees", content=csv_bytes(rows), filename="p.csv", mapping=EMP, by=evaluator)
    error = info.value.preview.errors[0]
    assert error.row == 3 and reason in error.reason
    assert Employee.objects.count() == 0


def test_employee_nips_are_checked_for_the_whole_file_in_one_query(evaluator, employees, django_assert_max_num_queries):
    """Stored NIPs become updates and in-file duplicates are errors, without one query per row."""
    stored = employees[0]
    rows = [HEAD] + [
        [f"1990010120150310{i:02d}", f"Pegawai {i}", "III/a", "pelaksana", "S1", "PNS", "", ""] for i in range(1, 41)
    ]
    rows.append([stored.nip, stored.name, "III/c", "pelaksana", "S1", "PNS", "", ""])
    with django_assert_max_num_queries(3):  # units, stored NIPs (one chunk), nothing per row
        preview = import_preview(kind="employees", content=csv_bytes(rows), filename="p.csv", mapping=EMP)
    assert preview.ok and (preview.created, preview.updated) == (40, 1)

    rows[41][2] = "IX/z"  # the stored NIP's row: its other fields are still checked
    rows.append(list(rows[5]))  # the same NIP twice in one file
    preview = import_preview(kind="employees", content=csv_bytes(rows), filename="p.csv", mapping=EMP)
    reasons = {(e.row, e.column): e.reason for e in preview.errors}
    assert set(reasons) == {(42, "golongan"), (43, "nip")}
    assert "NIP ganda" in reasons[(43, "nip")] and "baris 6" in reasons[(43, "nip")]


def test_enrolments_follow_the_lifecycle(evaluator, employees):
    offering = OfferingFactory(start_date=dt.date(2025, 3, 3), end_date=dt.date(2025, 3, 6))
    slug, batch = offering.program.slug, offering.batch
    head = ["nip", "program", "angkatan", "status", "alasan", "kehadiran", "tanggal"]
    rows = [
        head,
        [employees[0].nip, slug, batch, "Lulus/selesai", "", "95", "2025-03-06"],
        [employees[1].nip, slug, batch, "terdaftar", "", "", ""],
    ]
    first = import_apply(kind="enrolments", content=csv_bytes(rows), filename="e.csv", mapping=ENR, by=evaluator)
    assert first.created == 2
    assert JPEntry.objects.filter(employee=employees[0]).count() == 1
    rows[2][3] = "no_show"
    with pytest.raises(ImportRejected) as info:  # no-show needs a reason
        import_apply(kind="enrolments", content=csv_bytes(rows), filename="e.csv", mapping=ENR, by=evaluator)
    assert info.value.preview.errors[0].column == "alasan"
    rows[2][4] = "beban_kerja"
    second = import_apply(kind="enrolments", content=csv_bytes(rows), filename="e.csv", mapping=ENR, by=evaluator)
    assert second.updated == 1 and Enrollment.objects.get(employee=employees[1]).status == "no_show"
    rows[2][3], rows[2][4] = "completed", ""
    with pytest.raises(ImportRejected) as info:  # no-show is final
        import_apply(kind="enrolments", content=csv_bytes(rows), filename="e.csv", mapping=ENR, by=evaluator)
    assert "tidak dapat diubah" in info.value.preview.errors[0].reason
    with pytest.raises(ValidationError):
        import_undo(batch=first, by=evaluator)  # the second import changed a row of the first
    import_undo(batch=second, by=evaluator)
    assert Enrollment.objects.get(employee=employees[1]).status == "registered"
    import_undo(batch=first, by=evaluator)
    assert Enrollment.objects.count() == 0 and JPEntry.objects.count() == 0
