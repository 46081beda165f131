"""Importing measurements: CSV and XLSX, idempotent upsert, undo, and every class of bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tilik.core.models import AuditEvent
from tilik.performance.catalogue import BUILTIN_BY_KEY
from tilik.performance.importing.common import ImportRejected
from tilik.performance.models import ImportBatch, Measurement
from tilik.performance.services import import_undo
from tilik.performance.services_import import import_apply, import_preview

from .conftest import csv_bytes, long_rows, xlsx_bytes

LONG = BUILTIN_BY_KEY["tilik-kinerja"]["mapping"]
REGISTER = BUILTIN_BY_KEY["register-puskesmas"]["mapping"]


def apply(content: bytes, name: str = "data.csv", mapping: dict[str, Any] | None = None, by: Any = None):
    return import_apply(kind="measurements", content=content, filename=name, mapping=mapping or LONG, by=by)


def test_csv_happy_path(evaluator, employees, puskesmas):
    batch = apply(csv_bytes(long_rows(employees, puskesmas)), by=evaluator)
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (5, 5, 0, 0)
    assert len(batch.sha256) == 64 and batch.by == evaluator
    m = Measurement.objects.get(indicator__code="waktu-penyelesaian-tugas", employee=employees[0])
    assert (m.value, m.frequency, m.period_start) == (7.5, "monthly", dt.date(2025, 3, 1))
    skp = Measurement.objects.get(indicator__code="skp-predikat")
    assert (skp.value, skp.frequency, skp.period_label) == (4.0, "quarterly", "Triwulan I 2025")
    assert Measurement.objects.get(unit=puskesmas[1]).value == 21.5
    assert AuditEvent.objects.filter(action="import.measurements").count() == 1


def test_xlsx_happy_path_and_wide_layout(evaluator, puskesmas):
    rows = [
        ["Kode Puskesmas", "Bulan", "Rata-rata Waktu Registrasi (menit)", "Jumlah Pengaduan"],
        [puskesmas[0].code, dt.date(2025, 1, 1), 19.5, 2],
        [puskesmas[0].code, dt.date(2025, 2, 1), 18.0, None],
        [puskesmas[1].code, "2025-01", 22, 0],
    ]
    batch = apply(xlsx_bytes(rows), name="register.xlsx", mapping=REGISTER, by=evaluator)
    assert batch.created == 5  # the empty complaints cell is no value, not an error
    assert Measurement.objects.filter(indicator__code="pengaduan").count() == 2


def test_reimport_changes_nothing_then_update_and_undo(evaluator, employees, puskesmas):
    content = csv_bytes(long_rows(employees, puskesmas))
    first = apply(content, by=evaluator)
    before = list(Measurement.objects.order_by("pk").values_list("pk", "value"))
    second = apply(content, by=evaluator)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert list(Measurement.objects.order_by("pk").values_list("pk", "value")) == before
    assert any("sudah diimpor" in n for n in second.notices)

    rows = long_rows(employees, puskesmas)
    rows[3][4] = "17"
    rows.append(["", puskesmas[0].code, "2025-05", "waktu-registrasi", "16"])
    third = apply(csv_bytes(rows), by=evaluator)
    assert (third.created, third.updated, third.unchanged) == (1, 1, 4)
    assert Measurement.objects.get(unit=puskesmas[0], period_start=dt.date(2025, 3, 1)).value == 17

    with pytest.raises(ValidationError):  # the first import's rows were changed later
        import_undo(batch=first, by=evaluator)
    import_undo(batch=third, by=evaluator)
    assert list(Measurement.objects.order_by("pk").values_list("pk", "value")) == before
    import_undo(batch=first, by=evaluator)
    assert Measurement.objects.count() == 0
    first.refresh_from_db()
    assert first.status == "undone"
    with pytest.raises(ValidationError):
        import_undo(batch=first, by=evaluator)


def _rejected(content: bytes, name: str = "data.csv", mapping: dict[str, Any] | None = None) -> ImportRejected:
    before = (Measurement.objects.count(), ImportBatch.objects.count())
    with pytest.raises(ImportRejected) as info:
        apply(content, name=name, mapping=mapping)
    assert (Measurement.objects.count(), ImportBatch.objects.count()) == before
    return info.value


def test_one_bad_row_writes_nothing_and_names_row_column_reason(employees, puskesmas):
    rows = long_rows(employees, puskesmas)
    rows[4][4] = "cepat"
    err = _rejected(csv_bytes(rows)).preview.errors
    assert len(err) == 1
    assert (err[0].row, err[0].column, err[0].value) == (5, "nilai", "cepat")
    assert "bukan angka" in err[0].reason
    assert "Baris 5, kolom 'nilai'" in str(err[0])


def test_unknown_nips_are_listed(employees, puskesmas):
    rows = long_rows(employees, puskesmas)
    rows[1][0] = "199001012015011001"
    preview = _rejected(csv_bytes(rows)).preview
    assert preview.errors[0].row == 2 and "tidak terdaftar" in preview.errors[0].reason
    assert any("199001012015011001" in n for n in preview.notices)


def test_duplicate_rows_in_file(employees, puskesmas):
    rows = long_rows(employees, puskesmas)
    rows.append(list(rows[1]))
    err = _rejected(csv_bytes(rows)).preview.errors
    assert err[0].row == 7 and "baris 2" in err[0].reason


@pytest.mark.parametrize("period", ["Maret-2025", "2025-13", "Triwulan V 2025", "kemarin"])
def test_wrong_period_format(employees, puskesmas, period):
    rows = long_rows(employees, puskesmas)
    rows[1][2] = period
    err = _rejected(csv_bytes(rows)).preview.errors
    assert err[0].column == "periode" and "format periode" in err[0].reason


def test_period_not_allowed_for_indicator_and_out_of_range(employees, puskesmas):
    rows = long_rows(employees, puskesmas)
    rows[1][2] = "2025"  # task time is monthly
    rows[3][4] = "-3"
    err = _rejected(csv_bytes(rows)).preview.errors
    assert "bulanan" in err[0].reason and "rentang" in err[1].reason


def test_file_above_size_setting_is_refused(settings, employees, puskesmas):
    settings.TILIK_IMPORT_MAX_BYTES = 100
    err = _rejected(csv_bytes(long_rows(employees, puskesmas))).preview.errors
    assert "melebihi batas" in err[0].reason


def test_missing_column_and_unknown_extension(employees, puskesmas):
    rows = [r[:4] for r in long_rows(employees, puskesmas)]
    assert "tidak ada di berkas" in _rejected(csv_bytes(rows)).preview.errors[0].reason
    assert ".xlsx" in _rejected(b"abc", name="data.xls").preview.errors[0].reason
    assert "tidak dikenal" in _rejected(b"abc", name="data.pdf").preview.errors[0].reason


def test_numeric_nip_in_xlsx_is_refused(employees, puskesmas):
    rows = long_rows(employees, puskesmas)
    rows[1][0] = int(employees[0].nip)
    err = _rejected(xlsx_bytes(rows), name="x.xlsx").preview.errors
    assert err[0].row == 2 and "sebagai angka" in err[0].reason


def test_encodings_bom_cp1252_semicolon(evaluator, puskesmas):
    rows = [
        ["kode_unit", "periode", "indikator", "nilai"],
        [puskesmas[0].name, "Mei 2025", "waktu-registrasi", "18,5"],
    ]
    mapping = {**LONG, "nip_column": ""}
    batch = apply(b"\xef\xbb\xbf" + csv_bytes(rows, sep=";"), mapping=mapping, by=evaluator)
    assert batch.created == 1 and Measurement.objects.get().value == 18.5
    puskesmas[1].name = "Puskesmas Sanglah Café"
    puskesmas[1].save()
    rows[1][0] = "Puskesmas Sanglah Café"
    preview = import_preview(
        kind="measurements",
        content=csv_bytes(rows, sep=";", encoding="cp1252"),
        filename="a.csv",
        mapping=mapping,
    )
    assert preview.ok and preview.created == 1
    assert any("Windows-1252" in n for n in preview.notices)
    utf16 = "\ufeffa,b\n1,2".encode("utf-16")
    assert "UTF-16" in _rejected(utf16, mapping=mapping).preview.errors[0].reason


def test_cli_import_dry_run_and_apply(tmp_path, employees, puskesmas, capsys):
    path = tmp_path / "kinerja.csv"
    path.write_bytes(csv_bytes(long_rows(employees, puskesmas)))
    call_command("import", "measurements", str(path), "--dry-run")
    assert Measurement.objects.count() == 0
    call_command("import", "measurements", str(path), "--no-progress")
    assert Measurement.objects.count() == 5
    out = capsys.readouterr().out
    assert "5 dibuat" in out
    bad = tmp_path / "rusak.csv"
    rows = long_rows(employees, puskesmas)
    rows[2][3] = "tidak-ada"
    bad.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError):
        call_command("import", "measurements", str(bad), "--no-progress")
    assert "Baris 3" in capsys.readouterr().err
