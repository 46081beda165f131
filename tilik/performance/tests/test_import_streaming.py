"""The fast measurement import: XLSX read row by row, prefetch during CLI start-up, writing while checking.

Files larger than one write chunk (5,000 rows) so that rows really are written before a late bad row is
found; the end state is compared with the plain path (check everything, then write) on the same data.
"""

from __future__ import annotations

import random
import struct
from typing import Any

import pytest
from django.core.management import call_command

from tilik.performance import services_import
from tilik.performance.catalogue import BUILTIN_BY_KEY
from tilik.performance.importing import prefetch
from tilik.performance.importing.common import ImportRejected
from tilik.performance.importing.measurements import CHUNK
from tilik.performance.importing.reader import read_table
from tilik.performance.models import ImportBatch, ImportChange, Measurement
from tilik.performance.services import import_undo
from tilik.performance.services_import import import_apply

from .conftest import csv_bytes, xlsx_bytes

LONG = BUILTIN_BY_KEY["tilik-kinerja"]["mapping"]
HEADER = ["nip", "kode_unit", "periode", "indikator", "nilai"]
N = 6 * 1332  # rows of big_rows(): 111 years x 12 months x (2 x 2 employee + 2 unit values)


def months(first: int = 1990, last: int = 2100) -> list[str]:
    return [f"{y}-{m:02d}" for y in range(first, last + 1) for m in range(1, 13)]


def big_rows(employees: list[Any], puskesmas: list[Any], value: Any = None) -> list[list[Any]]:
    """N valid rows: two employee indicators for two people and one unit indicator for two units."""
    rows: list[list[Any]] = [HEADER]
    for i, period in enumerate(months()):
        for e in employees:
            rows.append([e.nip, "", period, "tugas-tepat-waktu", value if value is not None else (i * 7) % 100])
            rows.append([e.nip, "", period, "waktu-penyelesaian-tugas", round(1 + (i % 9) * 0.75, 2)])
        for p in puskesmas:
            rows.append(["", p.code, period, "waktu-registrasi", 10 + i % 13])
    assert len(rows) - 1 == N > CHUNK
    return rows


def apply(content: bytes, name: str = "data.csv", by: Any = None) -> ImportBatch:
    return import_apply(kind="measurements", content=content, filename=name, mapping=LONG, by=by)


def state() -> list[tuple[Any, ...]]:
    return list(
        Measurement.objects.order_by("pk").values_list(
            "pk", "indicator_id", "employee_id", "unit_id", "frequency", "period_start", "value", "import_batch_id"
        )
    )


def test_late_bad_row_after_written_chunks_writes_nothing(employees, puskesmas):
    rows = big_rows(employees, puskesmas)
    rows[-1][4] = "cepat"  # the very last row, after more than one chunk went to the database
    sent: list[int] = []
    with pytest.raises(ImportRejected) as info:
        import_apply(
            kind="measurements", content=csv_bytes(rows), filename="a.csv", mapping=LONG, by=None, progress=sent.append
        )
    assert sent and sent[0] == CHUNK  # a chunk went to the database before the bad row was reached
    assert (Measurement.objects.count(), ImportBatch.objects.count(), ImportChange.objects.count()) == (0, 0, 0)
    errors = info.value.preview.errors
    assert [(e.row, e.column, e.value) for e in errors] == [(len(rows), "nilai", "cepat")]
    assert "bukan angka" in errors[0].reason


def test_streaming_and_plain_paths_end_in_the_same_state(evaluator, employees, puskesmas, monkeypatch):
    first = csv_bytes(big_rows(employees, puskesmas))
    changed = big_rows(employees, puskesmas)
    for row in changed[1::5]:
        if row[3] == "tugas-tepat-waktu":
            row[4] = (row[4] + 1) % 100
    changed.append([employees[0].nip, "", "Triwulan I 2025", "skp-predikat", "Baik"])  # one new key
    second = csv_bytes(changed)

    def run() -> list[Any]:
        a = apply(first, by=evaluator)
        again = apply(first, by=evaluator)
        b = apply(second, by=evaluator)
        counts = [(x.rows, x.created, x.updated, x.unchanged) for x in (a, again, b)]
        after_b = state()
        changes = list(ImportChange.objects.filter(batch=b).order_by("pk").values_list("object_id", "previous"))
        import_undo(batch=b, by=evaluator)
        after_undo = state()
        import_undo(batch=again, by=evaluator)
        import_undo(batch=a, by=evaluator)
        return [counts, after_b, after_undo, changes, Measurement.objects.count()]

    streamed = run()
    assert streamed[0][0] == (N, N, 0, 0) and streamed[0][1] == (N, 0, 0, N)
    assert streamed[0][2][2] > 0 and streamed[4] == 0
    monkeypatch.setattr(services_import, "streaming_supported", lambda: False)
    plain = run()
    # Same counts, values, undo records; ids differ only by the rows the first run created and deleted.
    shift = plain[1][0][0] - streamed[1][0][0]
    assert shift > 0 and plain[0] == streamed[0] and plain[4] == 0
    assert [(r[0] - shift, *r[1:7]) for r in plain[1]] == [r[:7] for r in streamed[1]]
    assert [(r[0] - shift, *r[1:7]) for r in plain[2]] == [r[:7] for r in streamed[2]]
    assert [(pk - shift, prev) for pk, prev in plain[3]] == streamed[3]


def test_reimport_spends_no_ids_and_floats_round_trip_exactly(employees, puskesmas):
    rng = random.Random(7)
    rows = big_rows(employees, puskesmas)
    for row in rows[1:]:
        if row[3] == "waktu-penyelesaian-tugas":  # full-precision doubles, some tiny, some large
            row[4] = abs(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(62)))[0]) % 1e6
    content = xlsx_bytes(rows)
    apply(content, name="presisi.xlsx")
    wanted = {  # exactly the doubles the reader got from the file
        (cells[0], cells[2]): cells[4]
        for _n, cells in read_table(content, "presisi.xlsx").rows
        if cells[3] == "waktu-penyelesaian-tugas"
    }
    got = {
        (nip, f"{start:%Y-%m}"): value
        for nip, start, value in Measurement.objects.filter(indicator__code="waktu-penyelesaian-tugas").values_list(
            "employee__nip", "period_start", "value"
        )
    }
    assert len(got) == 2 * len(months()) and got == wanted
    top = Measurement.objects.order_by("-pk").values_list("pk", flat=True).first()
    again = apply(content, name="presisi.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, N)
    new = apply(csv_bytes([HEADER, [employees[0].nip, "", "Triwulan I 2025", "skp-predikat", "Baik"]]))
    assert new.created == 1
    # The re-import skipped N stored keys without spending an id on them.
    assert Measurement.objects.get(import_batch=new).pk == top + 1


def test_xlsx_rows_keep_excel_numbers_and_blank_cells_become_empty():
    grid = [
        [None, None, None],
        [None, "nip", " periode ", None, "nilai", None],
        [None, "1", "2025-01", None, 5.5],
        [None, "  ", None, None, ""],  # a blank row: skipped
        [None, "2", "2025-02", None, "  "],
    ]
    table = read_table(xlsx_bytes(grid), "a.xlsx")
    assert table.headers == ["", "nip", "periode", "", "nilai"]
    assert table.rows == [(3, [None, "1", "2025-01", None, 5.5]), (5, [None, "2", "2025-02", None, None])]


def test_prefetch_is_used_only_for_the_same_bytes(tmp_path, settings):
    path = tmp_path / "kinerja.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ["1", None, "2025-01", "x", 1.5], ["2", None, "2025-02", "x", 2]]))
    prefetch.start_from_argv(["import", "measurements", str(path), "--no-progress"])
    assert len(prefetch._jobs) == 1
    assert read_table(path.read_bytes() + b"", "kinerja.xlsx").rows[1] == (3, ["2", None, "2025-02", "x", 2.0])
    assert prefetch._jobs == []  # taken once
    prefetch.start_from_argv(["import", "measurements", str(path)])
    other = xlsx_bytes([HEADER, ["9", None, "2025-03", "y", 3]])
    assert read_table(other, "lain.xlsx").rows == [(2, ["9", None, "2025-03", "y", 3.0])]  # parsed itself
    assert prefetch._jobs == []
    settings.TILIK_IMPORT_MAX_BYTES = 100  # over the limit: not parsed ahead of the refusal
    prefetch.start_from_argv(["import", "measurements", str(path)])
    prefetch._jobs[0].done.wait()
    assert prefetch._jobs[0].parsed is None
    prefetch._jobs.clear()


def test_cli_imports_xlsx_through_the_prefetch(tmp_path, employees, puskesmas, capsys):
    path = tmp_path / "kinerja.xlsx"
    path.write_bytes(xlsx_bytes(big_rows(employees, puskesmas)))
    args = ["import", "measurements", str(path), "--no-progress"]
    # What tilik.cli.main does before Django starts (run_from_argv would close the test's connection).
    prefetch.start_from_argv(args)
    job = prefetch._jobs[0]
    call_command(*args)
    assert job.parsed is not None and prefetch._jobs == []
    assert f"{N} dibuat" in capsys.readouterr().out
    assert Measurement.objects.count() == N


def test_xlsx_without_data_rows_is_refused_when_read_lazily(employees):
    with pytest.raises(ImportRejected) as info:
        apply(xlsx_bytes([HEADER, [None, None, "  ", None, None]]), name="kosong.xlsx")
    assert "tidak berisi baris data" in info.value.preview.errors[0].reason
    assert (Measurement.objects.count(), ImportBatch.objects.count()) == (0, 0)
