"""Write validated measurements on a thread while the importer keeps checking the file.

The database does most of the work of an import (for 200,000 rows about 1.5 s of CPU in SQLite's
B-trees, foreign-key and unique checks) and the drivers release the GIL while it works, so that work can
overlap the Python that reads and checks the rows. Each chunk is ONE statement that inserts the rows
whose natural key is not stored yet (NOT EXISTS: no id is spent on the others) and, when some were
stored, one query that returns the stored rows whose value differs (pk, old value, new value) for the
caller to update and record for undo. When none of a chunk's people or units had a stored row before
the import began (a first import), a plain INSERT skips the per-row check. Rows are written before the
whole file is known to be good: the caller runs this inside the import's transaction and rolls it back
when any row fails.

A chunk travels as one parameter: on SQLite a JSON array read with ``json_each``, on PostgreSQL one
array per column read with ``unnest``. ``executemany`` would release and retake the GIL around every
row's ``sqlite3_step``: 200,000 hand-offs with the checking thread instead of a few per chunk. JSON
carries each float as its shortest round-trip text; ``streaming_supported`` checks once that this
SQLite reads such text back to the same double (the caller otherwise writes without a thread).
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import random
import sqlite3
import struct
import sys
import threading
from collections.abc import Callable
from functools import cache
from types import TracebackType
from typing import Any

from django.db import connection

from tilik.performance.importing.measurements import Key
from tilik.performance.models import Measurement

FIELDS = ("indicator", "employee", "unit", "frequency", "period_start", "value")  # + import_batch
PG_TYPES = ("bigint", "bigint", "bigint", "text", "date", "double precision")
_STOP = object()


@cache
def _sqlite_json_floats_exact() -> bool:
    """Whether this SQLite turns Python's float reprs inside JSON back into the same doubles."""
    rng = random.Random(20261128)  # noqa: S311 - test values, not secrets
    values = [0.1, 1 / 3, 2 / 3, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993.0]
    values += [round(rng.uniform(0, 1000), rng.randint(0, 4)) for _ in range(500)]
    values += [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(62)))[0] for _ in range(1500)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT json_extract(value, '$[1]') FROM json_each(%s) ORDER BY key",
            [json.dumps([[i, v] for i, v in enumerate(values)])],
        )
        back = [row[0] for row in cursor.fetchall()]
    return back == values


def streaming_supported() -> bool:
    if connection.vendor == "sqlite":
        return _sqlite_json_floats_exact()
    return connection.vendor == "postgresql"


class MeasurementWriter:
    """``put`` chunks of (key, value); leaving the ``with`` block waits for the last one.

    Afterwards ``inserted`` counts the new rows and ``updates`` lists (pk, old value, new value) of the
    stored rows whose value differs, in file order. ``accept()`` is asked before each chunk: once it
    says no (a row failed), nothing more is sent.
    """

    def __init__(self, *, batch_id: int, accept: Callable[[], bool], progress: Callable[[int], None] | None) -> None:
        connection.ensure_connection()
        self.batch_id, self.accept, self.progress = batch_id, accept, progress
        self.sqlite = connection.vendor == "sqlite"
        self.raw = connection.connection  # the DB-API connection of this transaction
        self.plain_sql, self.insert_sql, self.changed_sql, self.stored_sql = self._sql()
        # Entities that had no stored measurement when this import began: their keys cannot collide.
        self.fresh: tuple[set[int], set[int]] = (set(), set())
        self.dates: dict[dt.date, Any] = {}
        self.queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="tilik-measurement-writer", daemon=True)
        self.inserted = 0
        self.updates: list[tuple[int, float, float]] = []

    def _sql(self) -> tuple[str, str, str, str]:
        """A chunk's plain INSERT, its INSERT that skips stored keys, the query for stored rows whose value
        differs, and the query for which of a list of entities (employees, then units) have any stored
        row. Identifiers come from the model's metadata and values are parameters: nothing from the file
        is put into SQL."""
        meta = Measurement._meta
        qn = connection.ops.quote_name
        col = {f.name: qn(f.column) for f in meta.concrete_fields}
        table = qn(meta.db_table)
        names = [f"f{i}" for i in range(len(FIELDS))]
        f0, f1, f2, f3, f4, f5 = names
        if self.sqlite:
            picks = ", ".join(f"json_extract(value, '$[{i}]') AS {n}" for i, n in enumerate(names))
            hint = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""  # read each row's JSON once
            cte = f"WITH r AS {hint}(SELECT key AS k, {picks} FROM json_each(?)) "  # noqa: S608
            source, batch = "r", "?"
            greatest = "max"
            ids = "(SELECT value AS e FROM json_each(?)) AS x"
        else:
            arrays = ", ".join(f"%s::{t}[]" for t in PG_TYPES)
            cte, source, batch = "", f"unnest({arrays}) WITH ORDINALITY AS r({', '.join(names)}, k)", "%s"
            greatest = "greatest"
            ids = "unnest(%s::bigint[]) AS x(e)"
        key = f"m.{col['indicator']} = r.{f0} AND m.{col['frequency']} = r.{f3} AND m.{col['period_start']} = r.{f4}"
        by_employee = f"m.{col['employee']} = r.{f1} AND {key}"
        by_unit = f"m.{col['unit']} = r.{f2} AND {key}"
        columns = ", ".join(col[f] for f in (*FIELDS, "import_batch"))
        plain = (
            f"INSERT INTO {table} ({columns}) {cte}SELECT {', '.join(f'r.{n}' for n in names)}, {batch} "  # noqa: S608
            f"FROM {source}"
        )
        insert = (
            f"{plain} WHERE CASE WHEN r.{f1} IS NOT NULL "  # noqa: S608
            f"THEN NOT EXISTS (SELECT 1 FROM {table} m WHERE {by_employee}) "
            f"ELSE NOT EXISTS (SELECT 1 FROM {table} m WHERE {by_unit}) END"
        )
        # Same test as measurements.changed(), in the same IEEE doubles.
        differs = f"abs(m.{col['value']} - r.{f5}) > 1e-9 * {greatest}(1.0, abs(r.{f5}))"
        pick = f"SELECT r.k, m.{col['id']}, m.{col['value']}, r.{f5} FROM {source} JOIN {table} m"  # noqa: S608
        changed = (
            f"{cte}{pick} ON {by_employee} WHERE {differs} "
            f"UNION ALL {pick} ON {by_unit} WHERE r.{f1} IS NULL AND {differs} ORDER BY 1"
        )
        stored = (
            f"SELECT 'e', x.e FROM {ids} WHERE EXISTS (SELECT 1 FROM {table} m WHERE m.{col['employee']} = x.e) "  # noqa: S608
            f"UNION ALL SELECT 'u', x.e FROM {ids} WHERE EXISTS (SELECT 1 FROM {table} m WHERE m.{col['unit']} = x.e)"
        )
        return plain, insert, changed, stored

    def __enter__(self) -> MeasurementWriter:
        # The writer needs the GIL for a moment after each statement; by default it may wait up to 5 ms
        # for the checking thread to give it up, several times per chunk.
        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self.switch, 0.0005))
        self.thread.start()
        return self

    def put(self, chunk: list[tuple[Key, float]]) -> None:
        if self.error is not None or not self.accept():
            return
        days = self.dates
        try:
            rows = [(ind, emp, unit, freq, days[start], value) for (ind, emp, unit, freq, start), value in chunk]
        except KeyError:  # a period not seen before: adapt each new date once
            adapt = connection.ops.adapt_datefield_value
            for (_i, _e, _u, _f, start), _v in chunk:
                if start not in days:
                    days[start] = adapt(start)
            rows = [(ind, emp, unit, freq, days[start], value) for (ind, emp, unit, freq, start), value in chunk]
        entities = {key[1] for key, _v in chunk} - {None}, {key[2] for key, _v in chunk} - {None}
        if self.sqlite:
            payload = json.dumps(rows, check_circular=False)  # C-speed; the thread then holds no GIL
            self.queue.put((len(rows), (payload,), entities))
        else:
            self.queue.put((len(rows), tuple(list(column) for column in zip(*rows, strict=True)), entities))
        if self.progress:
            self.progress(len(chunk))

    def _run(self) -> None:
        cursor = self.raw.cursor()
        try:
            while (item := self.queue.get()) is not _STOP:
                count, params, entities = item
                sql = self.plain_sql if self._all_fresh(cursor, entities) else self.insert_sql
                cursor.execute(sql, (*params, self.batch_id) if self.sqlite else (self.batch_id, *params))
                self.inserted += cursor.rowcount
                if cursor.rowcount < count:  # some keys were stored already
                    cursor.execute(self.changed_sql, params if self.sqlite else params + params)
                    self.updates.extend((pk, old, new) for _k, pk, old, new in cursor.fetchall())
        except BaseException as exc:  # re-raised on the caller's thread in __exit__
            self.error = exc
            while self.queue.get() is not _STOP:  # drain; the caller rolls the transaction back
                pass
        finally:
            cursor.close()

    def _all_fresh(self, cursor: Any, entities: tuple[set[int], set[int]]) -> bool:
        """Whether no entity of the chunk had a stored row before this import: then the plain INSERT is
        safe and the per-row check for a stored key can be skipped (a first import of these people)."""
        unknown = [list(wanted - fresh) for wanted, fresh in zip(entities, self.fresh, strict=True)]
        if not unknown[0] and not unknown[1]:
            return True
        cursor.execute(self.stored_sql, [json.dumps(ids) for ids in unknown] if self.sqlite else unknown)
        stored = cursor.fetchall()
        for kind, ids, fresh in zip("eu", unknown, self.fresh, strict=True):
            fresh.update(set(ids).difference(e for k, e in stored if k == kind))
        return not stored

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.queue.put(_STOP)
        self.thread.join()
        sys.setswitchinterval(self.switch)
        if self.error is not None and exc is None:
            with connection.wrap_database_errors:  # the same exception types as the ORM raises
                raise self.error
