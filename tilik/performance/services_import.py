"""Imports: preview (dry run), apply (all or nothing) and undo. The only writers of imported data.

``import_preview`` parses and validates without writing. ``import_apply`` does the same validation and,
when there is no error, writes every row in ONE transaction with an ``ImportBatch`` record (who, when,
file SHA-256, counts) and one audit event; otherwise it raises ``ImportRejected`` carrying the row-level
messages. Upserts are keyed on the natural key, so importing the same file twice changes nothing.
Measurements are written while the file is still being checked (importing/measurement_writer.py) in
that same transaction, which a bad row rolls back.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.models import UnitMembership
from tilik.org.services import employee_update
from tilik.org.services_bulk import MembershipRow, employees_bulk_create, memberships_bulk_create
from tilik.performance.choices import ChangeAction, ImportKind
from tilik.performance.importing.common import ImportRejected, Preview
from tilik.performance.importing.employees import employee_snapshot, validate_employees
from tilik.performance.importing.enrolments import validate_enrolments
from tilik.performance.importing.measurement_writer import MeasurementWriter, streaming_supported
from tilik.performance.importing.measurements import Key, plan_measurements, validate_measurements
from tilik.performance.importing.reader import FileRefused, Table, read_table
from tilik.performance.models import ImportBatch, ImportChange, Measurement
from tilik.programs.services import enrollment_set_status
from tilik.programs.services_bulk import EnrollmentPlan, enrollments_bulk_create

BATCH_SIZE = 5000
Progress = Callable[[int], None]


def _read(content: bytes, filename: str, preview: Preview, *, lazy: bool = False) -> Table | None:
    limit = settings.TILIK_IMPORT_MAX_BYTES
    if len(content) > limit:
        preview.add_error(
            0,
            "",
            filename,
            _("berkas %(size)s MB melebihi batas %(limit)s MB (TILIK_IMPORT_MAX_BYTES)")
            % {
                "size": f"{len(content) / 1e6:.1f}".replace(".", ","),
                "limit": f"{limit / 1e6:.1f}".replace(".", ","),
            },
        )
        return None
    if not content:
        preview.add_error(0, "", filename, _("berkas kosong"))
        return None
    try:
        table = read_table(content, filename, lazy=lazy)
    except FileRefused as exc:
        preview.add_error(0, "", filename, str(exc))
        return None
    preview.notices.extend(table.notices)
    return table


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read, checked and written.

    A 200,000-row file makes millions of small lists and tuples (no reference cycles); each allocation
    burst triggers a collection that rescans all of them, which doubled the time to read the file.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate(kind: str, content: bytes, filename: str, mapping: dict[str, Any]) -> tuple[Preview, Any]:
    if kind not in ImportKind.values:
        raise ValueError(f"unknown import kind {kind!r}")
    with _gc_paused():
        return _validate_kind(kind, content, filename, mapping)


def _validate_kind(kind: str, content: bytes, filename: str, mapping: dict[str, Any]) -> tuple[Preview, Any]:
    preview = Preview(kind=kind)
    table = _read(content, filename, preview)
    if table is None:
        return preview, None
    if kind == ImportKind.MEASUREMENTS:
        items = validate_measurements(table, mapping, preview)
        plan = plan_measurements(items) if preview.ok else None
        if plan is not None:
            preview.created, preview.updated = len(plan.creates), len(plan.updates)
            preview.unchanged = len(items) - preview.created - preview.updated
        return preview, plan
    if kind == ImportKind.EMPLOYEES:
        eplan = validate_employees(table, mapping, preview)
        preview.created, preview.updated = len(eplan.creates), len(eplan.updates)
    else:
        eplan = validate_enrolments(table, mapping, preview)  # type: ignore[assignment]
        preview.created, preview.updated = len(eplan.creates), len(eplan.updates)
    preview.unchanged = preview.rows - preview.created - preview.updated
    return preview, eplan


def import_preview(*, kind: str, content: bytes, filename: str, mapping: dict[str, Any]) -> Preview:
    """Dry run: what the import would do, with every row-level problem. Writes nothing."""
    preview, _plan = _validate(kind, content, filename, mapping)
    return preview


@transaction.atomic
def import_apply(
    *,
    kind: str,
    content: bytes,
    filename: str,
    mapping: dict[str, Any],
    by: Any,
    layout: str = "",
    progress: Progress | None = None,
) -> ImportBatch:
    """Validate and write; raise ImportRejected (nothing written) when any row is bad."""
    if kind == ImportKind.MEASUREMENTS:
        batch, preview = _apply_measurements(content, filename, mapping, by, layout, progress)
    else:
        preview, plan = _validate(kind, content, filename, mapping)
        if not preview.ok:
            raise ImportRejected(preview)
        sha = hashlib.sha256(content).hexdigest()
        notice = _earlier_notice(kind, sha)
        if notice:
            preview.notices.append(notice)
        batch = _new_batch(kind, content, sha, filename, mapping, by, layout, preview)
        try:
            if kind == ImportKind.EMPLOYEES:
                _write_employees(batch, plan, by)
            else:
                _write_enrolments(batch, plan, by)
        except ValidationError as exc:  # a rule only the bulk writers check (e.g. a full class)
            preview.add_error(0, "", "", "; ".join(exc.messages))
            raise ImportRejected(preview) from exc
    audit_record(
        actor=by,
        action=f"import.{kind}",
        target=batch,
        sha256=batch.sha256,
        rows=preview.rows,
        created=preview.created,
        updated=preview.updated,
        unchanged=preview.unchanged,
    )
    return batch


def _earlier_notice(kind: str, sha: str) -> str | None:
    earlier = ImportBatch.objects.filter(sha256=sha, kind=kind, status="applied").order_by("-at").first()
    if earlier is None:
        return None
    return _("Berkas yang sama persis sudah diimpor pada %(at)s (impor #%(id)s).") % {
        "at": earlier.at.strftime("%d-%m-%Y %H.%M"),
        "id": earlier.pk,
    }


def _new_batch(
    kind: str,
    content: bytes,
    sha: str,
    filename: str,
    mapping: dict[str, Any],
    by: Any,
    layout: str,
    preview: Preview,
) -> ImportBatch:
    """The ImportBatch record (who, when, file SHA-256, counts so far), saved."""
    actor = by if getattr(by, "is_authenticated", False) else None
    batch = ImportBatch(
        kind=kind,
        layout=layout[:100],
        mapping=mapping,
        file_name=filename[:255],
        sha256=sha,
        size_bytes=len(content),
        by=actor,
        by_label=(by.get_username() if actor else str(by or "sistem"))[:150],
        rows=preview.rows,
        created=preview.created,
        updated=preview.updated,
        unchanged=preview.unchanged,
        notices=preview.notices,
    )
    batch.full_clean()
    batch.save()
    return batch


def _apply_measurements(
    content: bytes, filename: str, mapping: dict[str, Any], by: Any, layout: str, progress: Progress | None
) -> tuple[ImportBatch, Preview]:
    """Check the file and insert its rows at the same time; any bad row rolls the whole import back.

    The batch record is saved first (the inserted rows point at it) and gets its counts at the end.
    Rows of the natural key that are already stored are left alone by the insert; those whose value
    differs are updated afterwards with the previous value kept for undo.
    """
    kind = ImportKind.MEASUREMENTS
    preview = Preview(kind=kind)
    with _gc_paused():
        stream = streaming_supported()
        table = _read(content, filename, preview, lazy=stream)  # XLSX rows are read as they are checked
        if table is None:
            raise ImportRejected(preview)
        sha = hashlib.sha256(content).hexdigest()
        earlier = _earlier_notice(kind, sha)  # looked up before this import's own batch exists
        batch = _new_batch(kind, content, sha, filename, mapping, by, layout, Preview(kind=kind))
        with connection.cursor() as cursor, _sqlite_tuning(cursor):
            if stream:
                try:
                    with MeasurementWriter(batch_id=batch.pk, accept=lambda: preview.ok, progress=progress) as writer:
                        items = validate_measurements(table, mapping, preview, sink=writer.put)
                        valid = len(items)
                        del table, items  # freed while the last chunks are still being written
                except FileRefused as exc:  # found while reading on (a broken cell, no data row)
                    preview.add_error(0, "", filename, str(exc))
                if not preview.ok:
                    raise ImportRejected(preview)
                inserted, updates = writer.inserted, writer.updates
            else:  # check everything, then plan against the store, then write
                items = validate_measurements(table, mapping, preview)
                if not preview.ok:
                    raise ImportRejected(preview)
                plan = plan_measurements(items)
                valid = len(items)
                _insert_measurements(cursor, batch, plan.creates, progress)
                inserted, updates = len(plan.creates), plan.updates
            _update_measurements(cursor, batch, updates, progress)
    if earlier:
        preview.notices.append(earlier)
    preview.created, preview.updated = inserted, len(updates)
    preview.unchanged = valid - inserted - len(updates)
    batch.rows, batch.created, batch.updated, batch.unchanged = (
        preview.rows,
        preview.created,
        preview.updated,
        preview.unchanged,
    )
    batch.notices = preview.notices
    batch.save(update_fields=["rows", "created", "updated", "unchanged", "notices"])
    return batch, preview


def _insert_measurements(
    cursor: Any, batch: ImportBatch, creates: list[tuple[Key, float]], progress: Progress | None
) -> None:
    """New rows with a plain parameterised ``executemany`` (no ORM objects: 200,000 of them cost more
    than reading the file); the database constraints still guard every row."""
    meta = Measurement._meta
    qn = connection.ops.quote_name
    fields = ("indicator", "employee", "unit", "frequency", "period_start", "value", "import_batch")
    columns = ", ".join(qn(cast(Any, meta.get_field(f)).column) for f in fields)
    insert = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    adapt = connection.ops.adapt_datefield_value
    for i in range(0, len(creates), BATCH_SIZE):
        chunk = creates[i : i + BATCH_SIZE]
        cursor.executemany(
            insert,
            [(ind, emp, unit, freq, adapt(start), value, batch.pk) for (ind, emp, unit, freq, start), value in chunk],
        )
        if progress:
            progress(len(chunk))


def _update_measurements(
    cursor: Any, batch: ImportBatch, updates: list[tuple[int, float, float]], progress: Progress | None
) -> None:
    """Changed values: the previous value goes to ImportChange (for undo), then a plain UPDATE by pk."""
    if not updates:
        return
    ImportChange.objects.bulk_create(
        [
            ImportChange(
                batch=batch,
                model="measurement",
                object_id=pk,
                action=ChangeAction.UPDATED,
                previous={"value": old},
            )
            for pk, old, _new in updates
        ],
        batch_size=BATCH_SIZE,
    )
    meta = Measurement._meta
    qn = connection.ops.quote_name
    table, value_col, pk_col = qn(meta.db_table), qn(meta.get_field("value").column), qn(meta.pk.column)
    update = f"UPDATE {table} SET {value_col} = %s WHERE {pk_col} = %s"  # noqa: S608
    for i in range(0, len(updates), BATCH_SIZE):
        chunk = updates[i : i + BATCH_SIZE]
        cursor.executemany(update, [(new, pk) for pk, _old, new in chunk])
        if progress:
            progress(len(chunk))


@contextmanager
def _sqlite_tuning(cursor: Any) -> Iterator[None]:
    """On SQLite, for the bulk write only: a larger page cache (with the default 2 MB the table's B-trees
    spill to disk mid-transaction and 200,000 inserts take twice as long) and temporary tables in memory
    (each chunk's rows are materialised once). Neither touches durability; both are restored."""
    if connection.vendor != "sqlite":
        yield
        return

    cursor.execute("PRAGMA cache_size")
    cache_size = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA temp_store")
    temp_store = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA cache_size = -131072")  # KiB: at most 128 MiB, only as pages are read
    try:
        cursor.execute("PRAGMA temp_store = MEMORY")
    except OperationalError:  # refused once this transaction has used temporary storage: only slower
        temp_store = -1
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {cache_size}")
        if temp_store >= 0:
            cursor.execute(f"PRAGMA temp_store = {temp_store}")


def _write_employees(batch: ImportBatch, plan: Any, by: Any) -> None:
    rows = [fields for _row, fields, _unit, _start in plan.creates]
    created = employees_bulk_create(rows=rows, by=by) if rows else []
    memberships = []
    for employee, (_row, _fields, unit_id, start) in zip(created, plan.creates, strict=True):
        if unit_id is not None:
            from tilik.org.models import Unit

            memberships.append(
                MembershipRow(
                    employee=employee,
                    unit=Unit(pk=unit_id),
                    start_date=start or employee.tmt_cpns or batch.at.date(),
                )
            )
    if memberships:
        memberships_bulk_create(rows=memberships, by=by)
    changes = [
        ImportChange(batch=batch, model="employee", object_id=e.pk, action=ChangeAction.CREATED) for e in created
    ]
    for _row, employee, fields in plan.updates:
        changes.append(
            ImportChange(
                batch=batch,
                model="employee",
                object_id=employee.pk,
                action=ChangeAction.UPDATED,
                previous=employee_snapshot(employee),
            )
        )
        employee_update(employee=employee, by=by, **fields)
    ImportChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)


def _write_enrolments(batch: ImportBatch, plan: Any, by: Any) -> None:
    plans = [
        EnrollmentPlan(
            offering=item.offering,
            employee=item.employee,
            path=path,
            invited_on=min(item.on, item.offering.start_date),
            status_changed_on=item.on,
            reason_code=item.reason_code,
            attendance_pct=item.attendance_pct,
        )
        for item, path in plan.creates
    ]
    created = enrollments_bulk_create(plans=plans, by=by) if plans else []
    changes = [
        ImportChange(batch=batch, model="enrollment", object_id=e.pk, action=ChangeAction.CREATED) for e in created
    ]
    for item, enrollment, steps in plan.updates:
        changes.append(
            ImportChange(
                batch=batch,
                model="enrollment",
                object_id=enrollment.pk,
                action=ChangeAction.UPDATED,
                previous={
                    "status": enrollment.status,
                    "reason_code": enrollment.reason_code,
                    "attendance_pct": str(enrollment.attendance_pct) if enrollment.attendance_pct is not None else None,
                    "status_changed_on": enrollment.status_changed_on.isoformat()
                    if enrollment.status_changed_on
                    else None,
                },
            )
        )
        for step in steps:
            last = step == steps[-1]
            enrollment_set_status(
                enrollment=enrollment,
                status=step,
                by=by,
                reason_code=item.reason_code if last else "",
                attendance_pct=item.attendance_pct if last else None,
                on=item.on,
            )
    ImportChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)


def memberships_of(employee_ids: list[int]) -> Any:
    return UnitMembership.objects.filter(employee_id__in=employee_ids)
