"""Rows in and out without the ORM's per-query compilation: for hot paths only.

The survey submission (bench/survey_submissions.py) is the one place where this pays: through the ORM
its token lookup (four joined tables) took about 1.6 ms of CPU to compile and load, and the response
with its 26 answers about 2.3 ms (a model instance and a prepared value per answer field), against
0.1-0.3 ms as fixed SQL. The SQL is built once per model and field list from the model's ``_meta``, so
table and column names follow the migrations.

Many rows travel to PostgreSQL as ONE JSON text parameter (an array of rows, read with
``jsonb_array_elements``, parsed once, and cast per column; plain ``json`` re-parsed each row's text
for every column): psycopg's client-side quoting of one parameter per value
(or of one array per column) cost more CPU than the rest of the insert. On SQLite the rows are
multi-row VALUES, each value adapted by its field's ``get_db_prep_save``.

No signals are sent and no model validation runs: callers pass values they have checked.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

CHUNK = 5000  # rows per statement on PostgreSQL: bounds the size of one query text


def _conn() -> Any:
    # One lookup of this thread's connection: every attribute read through django.db.connection
    # (a proxy) looks it up again, which on the hot path cost more than the SQL text handling.
    return connections[DEFAULT_DB_ALIAS]


@contextmanager
def cursor() -> Iterator[Any]:
    """A Django cursor whose statements PostgreSQL plans once per connection (prepared statements).

    Django's cursors bind parameters on the client, so PostgreSQL parses and plans every statement
    anew: for the token lookup (four joined tables) planning took 0.7 ms, ten times its execution.
    This cursor binds on the server, and psycopg prepares a statement on its first use (the
    ``prepare_threshold`` of 0 in the settings, which Django's own cursors ignore). It is wrapped by
    Django as any cursor: errors become django.db errors and tests see its queries. Other databases
    get Django's ordinary cursor. Pass it to ``insert_rows`` to write several statements with it.
    """
    conn = _conn()
    if conn.vendor != "postgresql":
        with conn.cursor() as cur:
            yield cur
        return
    import psycopg

    conn.ensure_connection()
    wrapper = _LoggedCursor if conn.queries_logged else CursorWrapper
    with wrapper(psycopg.Cursor(conn.connection), conn) as cur:
        yield cur


class _LoggedCursor(CursorDebugWrapper):
    """Logs the statement as written: Django renders only client-bound parameters into its log."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _fields(model: type[models.Model], names: tuple[str, ...]) -> tuple[models.Field[Any, Any], ...]:
    return tuple(model._meta.get_field(n) for n in names)  # type: ignore[misc]


def column_list(model: type[models.Model], names: Sequence[str]) -> str:
    """The quoted columns of the fields ``names``, comma-separated (for an INSERT's column list)."""
    return ", ".join(_q(f.column) for f in _fields(model, tuple(names)))


def json_casts(model: type[models.Model], names: Sequence[str], element: str = "e") -> str:
    """The fields ``names`` read from a jsonb array ``element`` (one row) and cast to their column types:
    with ``jsonb_array_elements(%s::jsonb) AS e`` the rows of one JSON parameter (PostgreSQL)."""
    fields = _fields(model, tuple(names))
    return ", ".join(f"({element}->>{i})::{f.db_type(connection)}" for i, f in enumerate(fields))


@cache
def _insert_sql(model: type[models.Model], names: tuple[str, ...], vendor: str, rows: int) -> str:
    """INSERT of ``rows`` rows: on PostgreSQL from one JSON array (rows > 1), else rows of VALUES."""
    head = f"INSERT INTO {_q(model._meta.db_table)} ({column_list(model, names)})"  # noqa: S608 - names from _meta
    if vendor == "postgresql" and rows > 1:
        return f"{head} SELECT {json_casts(model, names)} FROM jsonb_array_elements(%s::jsonb) AS e"  # noqa: S608
    row = "(" + ", ".join(["%s"] * len(names)) + ")"
    return f"{head} VALUES {', '.join([row] * rows)}"


def json_value(value: object) -> str:
    # Text PostgreSQL casts back exactly: canonical UUIDs, Decimal digits, ISO dates.
    if isinstance(value, uuid.UUID | decimal.Decimal | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    raise TypeError(f"rawsql cannot send {type(value).__name__}")


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]], cur: Any = None
) -> int:
    """Insert rows (values in the order of ``names``, attribute names such as ``question_id``) at once.

    PostgreSQL: one statement per CHUNK rows. SQLite: one per as many rows as its parameter limit
    allows (a survey response's answers fit in one). ``cur``: an open ``cursor()`` to use.
    """
    if cur is None:
        with cursor() as own:
            return insert_rows(model, names, rows, own)
    key = tuple(names)
    rows = list(rows)
    conn = cur.db
    pg = conn.vendor == "postgresql"
    if not pg:
        fields = _fields(model, key)
        rows = [[f.get_db_prep_save(v, conn) for f, v in zip(fields, row, strict=True)] for row in rows]
    size = CHUNK if pg else max(1, (conn.features.max_query_params or CHUNK) // len(key))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        as_json = pg and len(chunk) > 1
        sql = _insert_sql(model, key, conn.vendor, 2 if as_json else len(chunk))
        if as_json:
            cur.execute(sql, [json.dumps(chunk, default=json_value)])
        else:
            cur.execute(sql, [value for row in chunk for value in row])
    return len(rows)


def insert_row(model: type[models.Model], cur: Any = None, /, **values: Any) -> None:
    """Insert one row; an IntegrityError (unique key, foreign key) propagates as with ``save()``."""
    insert_rows(model, tuple(values), [tuple(values.values())], cur)


def columns(model: type[models.Model], alias: str) -> str:
    """The select list of all of a model's concrete columns, for ``instance`` to read back."""
    return ", ".join(f"{_q(alias)}.{_q(f.column)}" for f in model._meta.concrete_fields)


@cache
def _converters(model: type[models.Model], vendor: str) -> tuple[tuple[int, Any, tuple[Any, ...]], ...]:
    """(position, column, converters) of the fields whose database values need converting."""
    conn = _conn()  # per vendor: the converters take the connection they convert for as an argument
    out = []
    for i, f in enumerate(model._meta.concrete_fields):
        col = f.get_col(model._meta.db_table)
        converters = tuple(conn.ops.get_db_converters(col)) + tuple(f.get_db_converters(conn))  # type: ignore[attr-defined]
        if converters:
            out.append((i, col, converters))
    return tuple(out)


def instance(model: type[models.Model], values: Sequence[Any]) -> Any:
    """A model instance from the values of ``columns(model, ...)``, converted as the ORM would."""
    conn = _conn()
    converted = list(values)
    for i, col, converters in _converters(model, conn.vendor):
        for convert in converters:
            converted[i] = convert(converted[i], col, conn)
    return model.from_db(conn.alias, _attnames(model), converted)


@cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def analyze_tables(*model_classes: type[models.Model]) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load (no-op on SQLite).

    Without it the planner may still believe freshly filled tables are empty (autovacuum has not run,
    or ran while they were) and pick nested loops over every row: a survey-results query on the demo
    data once took minutes instead of seconds. ANALYZE inside a transaction counts the rows that
    transaction inserted, so it also helps inside tests.
    """
    conn = _conn()
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {conn.ops.quote_name(model._meta.db_table)}")
