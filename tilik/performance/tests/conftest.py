"""Fixtures for the performance app: users by role, puskesmas, employees, file builders."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import Workbook

from tilik.core.models import Role
from tilik.core.tests.factories import UserFactory, make_employee, make_unit, make_user  # noqa: F401 - re-exported for the tests here


@pytest.fixture
def evaluator(db: Any) -> Any:
    return make_user(Role.EVALUATOR, username="evaluator_kinerja")


@pytest.fixture
def participant(db: Any) -> Any:
    return make_user(Role.PARTICIPANT, username="peserta_kinerja")


@pytest.fixture
def puskesmas(db: Any) -> list[Any]:
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    return [make_unit(f"Puskesmas {i}", code=f"pkm-{i}", unit_type="puskesmas", parent=dinkes) for i in (1, 2)]


@pytest.fixture
def employees(db: Any) -> list[Any]:
    return [make_employee(name="I Made Satu"), make_employee(name="Ni Luh Dua", sex_digit="2")]


def csv_bytes(rows: list[list[Any]], *, sep: str = ",", encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def long_rows(employees: list[Any], puskesmas: list[Any]) -> list[list[Any]]:
    return [
        ["nip", "kode_unit", "periode", "indikator", "nilai"],
        [employees[0].nip, "", "2025-03", "waktu-penyelesaian-tugas", "7,5"],
        [employees[1].nip, "", "Maret 2025", "waktu-penyelesaian-tugas", "8.25"],
        ["", puskesmas[0].code, "2025-03", "waktu-registrasi", "18"],
        ["", puskesmas[1].name, "2025-04", "waktu-registrasi", "21.5"],
        [employees[0].nip, "", "Triwulan I 2025", "skp-predikat", "Baik"],
    ]
