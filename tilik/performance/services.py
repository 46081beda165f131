"""Writes for indicators, saved source layouts, and undoing an import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.models import Employee, UnitMembership
from tilik.org.services import employee_update
from tilik.performance.catalogue import SHIPPED_INDICATORS
from tilik.performance.choices import ChangeAction, ImportKind, ImportStatus
from tilik.performance.models import ImportBatch, ImportChange, Indicator, Measurement, SourceLayout
from tilik.programs.models import Enrollment, JPEntry


@transaction.atomic
def indicators_ensure_shipped(*, by: Any) -> int:
    """Create the shipped indicators that are missing (never overwrites local edits); returns how many."""
    existing = set(Indicator.objects.values_list("code", flat=True))
    created = 0
    for spec in SHIPPED_INDICATORS:
        if spec["code"] in existing:
            continue
        indicator = Indicator(shipped=True, **spec)
        indicator.full_clean()
        indicator.save()
        created += 1
    if created:
        audit_record(actor=by, action="indicator.ensure_shipped", count=created)
    return created


@transaction.atomic
def indicator_create(*, by: Any, **fields: Any) -> Indicator:
    indicator = Indicator(**fields)
    indicator.full_clean()
    indicator.save()
    audit_record(actor=by, action="indicator.create", target=indicator)
    return indicator


@transaction.atomic
def layout_save(*, name: str, kind: str, mapping: dict[str, Any], by: Any) -> SourceLayout:
    """Create or replace the saved column mapping called ``name``."""
    layout = SourceLayout.objects.filter(name=name).first() or SourceLayout(name=name)
    layout.kind, layout.mapping = kind, mapping
    layout.full_clean()
    layout.save()
    audit_record(actor=by, action="layout.save", target=layout, kind=kind)
    return layout


def _touched_later(batch: ImportBatch, model: str, ids: Any) -> bool:
    return ImportChange.objects.filter(
        model=model, object_id__in=ids, batch__status=ImportStatus.APPLIED, batch_id__gt=batch.pk
    ).exists()


@transaction.atomic
def import_undo(*, batch: ImportBatch, by: Any) -> ImportBatch:
    """Reverse an import: delete what it created and restore what it changed.

    Refused when a later import (not undone) changed the same rows: undo that one first.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.APPLIED:
        raise ValidationError(_("Impor ini sudah dibatalkan."), code="import_already_undone")
    changes = ImportChange.objects.filter(batch=batch)
    if batch.kind == ImportKind.MEASUREMENTS:
        _undo_measurements(batch, changes)
    elif batch.kind == ImportKind.EMPLOYEES:
        _undo_employees(batch, changes, by)
    else:
        _undo_enrolments(batch, changes)
    batch.status = ImportStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.undone_by_label = (by.get_username() if getattr(by, "is_authenticated", False) else str(by or "sistem"))[:150]
    batch.save(update_fields=["status", "undone_at", "undone_by_label"])
    audit_record(actor=by, action="import.undo", target=batch, kind=batch.kind)
    return batch


def _later_error() -> ValidationError:
    return ValidationError(
        _("Data dari impor ini sudah diubah lagi oleh impor yang lebih baru; batalkan impor itu lebih dahulu."),
        code="import_touched_later",
    )


def _undo_measurements(batch: ImportBatch, changes: Any) -> None:
    created = Measurement.objects.filter(import_batch=batch).values("pk")
    updated = changes.filter(model="measurement").values("object_id")
    if ImportChange.objects.filter(
        Q(object_id__in=created) | Q(object_id__in=updated),
        model="measurement",
        batch__status=ImportStatus.APPLIED,
        batch_id__gt=batch.pk,
    ).exists():
        raise _later_error()
    Measurement.objects.filter(import_batch=batch).delete()
    restore = [Measurement(pk=c.object_id, value=c.previous["value"]) for c in changes.filter(model="measurement")]
    Measurement.objects.bulk_update(restore, ["value"], batch_size=500)


def _undo_employees(batch: ImportBatch, changes: Any, by: Any) -> None:
    ids = list(changes.filter(model="employee").values_list("object_id", flat=True))
    if _touched_later(batch, "employee", ids):
        raise _later_error()
    created = list(changes.filter(model="employee", action=ChangeAction.CREATED).values_list("object_id", flat=True))
    if (
        Enrollment.objects.filter(employee_id__in=created).exists()
        or Measurement.objects.filter(employee_id__in=created).exists()
    ):
        raise ValidationError(
            _("Pegawai dari impor ini sudah punya data pelatihan atau kinerja; batalkan impor data itu lebih dahulu."),
            code="import_employees_in_use",
        )
    for change in changes.filter(model="employee", action=ChangeAction.UPDATED):
        employee = Employee.objects.get(pk=change.object_id)
        employee_update(employee=employee, by=by, **change.previous)
    UnitMembership.objects.filter(employee_id__in=created).delete()
    Employee.objects.filter(pk__in=created).delete()


def _undo_enrolments(batch: ImportBatch, changes: Any) -> None:
    ids = list(changes.filter(model="enrollment").values_list("object_id", flat=True))
    if _touched_later(batch, "enrollment", ids):
        raise _later_error()
    for change in changes.filter(model="enrollment", action=ChangeAction.UPDATED):
        enrollment = Enrollment.objects.get(pk=change.object_id)
        prev = change.previous
        if prev["status"] != "completed":
            JPEntry.objects.filter(enrollment=enrollment).delete()
        enrollment.status = prev["status"]
        enrollment.reason_code = prev["reason_code"]
        enrollment.attendance_pct = Decimal(prev["attendance_pct"]) if prev["attendance_pct"] else None
        enrollment.status_changed_on = prev["status_changed_on"]
        enrollment.full_clean()
        enrollment.save()
    created = changes.filter(model="enrollment", action=ChangeAction.CREATED).values_list("object_id", flat=True)
    Enrollment.objects.filter(pk__in=list(created)).delete()


@transaction.atomic
def measurements_bulk_create(*, measurements: list[Measurement], by: Any, batch_size: int = 5000) -> int:
    """Insert new measurements (demo generator, integrations); one audit event for the batch.

    Each row is checked with the rules of the importer (one entity of the indicator's kind, a period
    start that begins a period of an allowed frequency, the indicator's value range); the database's
    unique constraints reject a natural key that is already stored.
    """
    from tilik.performance.periods import is_period_start

    indicators = {i.pk: i for i in Indicator.objects.all()}
    for index, m in enumerate(measurements):
        indicator = indicators[m.indicator_id]
        problems = []
        if (m.employee_id is None) == (m.unit_id is None):
            problems.append(_("tepat satu entitas (pegawai atau unit) wajib diisi"))
        elif (m.employee_id is not None) != (indicator.entity_kind == "employee"):
            problems.append(_("jenis entitas tidak cocok dengan indikator"))
        if m.frequency not in indicator.frequencies or not is_period_start(m.period_start, m.frequency):
            problems.append(_("periode tidak sah untuk indikator ini"))
        if (indicator.min_value is not None and m.value < indicator.min_value) or (
            indicator.max_value is not None and m.value > indicator.max_value
        ):
            problems.append(_("nilai di luar rentang indikator"))
        if problems:
            raise ValidationError(_("Baris %(row)s: %(p)s") % {"row": index + 1, "p": "; ".join(problems)})
    Measurement.objects.bulk_create(measurements, batch_size=batch_size)
    audit_record(actor=by, action="measurement.bulk_create", count=len(measurements))
    return len(measurements)
