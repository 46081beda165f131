"""Bulk writers for employees and unit memberships (imports, the demo generator).

Every object is validated with the rules of the single-object services in tilik.org.services
(``employee_build`` for employees; ``full_clean`` plus the membership rules of ``employee_transfer``),
then written with ``bulk_create`` in one transaction, and the batch gets ONE audit event.
Uniqueness and cross-row rules are checked for the whole batch at once instead of one query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.org.services import employee_build

BATCH_SIZE = 500


def _row_error(index: int, exc: ValidationError) -> ValidationError:
    messages = "; ".join(exc.messages)
    return ValidationError(
        _("Baris %(row)s: %(messages)s"), code="bulk_row", params={"row": index + 1, "messages": messages}
    )


@transaction.atomic
def employees_bulk_create(
    *, rows: Sequence[Mapping[str, Any]], by: Any, today: dt.date | None = None, batch_size: int = BATCH_SIZE
) -> list[Employee]:
    """Validate every row with ``employee_build`` and insert them all; one audit event for the batch.

    Each row holds the keyword arguments of ``employee_build`` (nip, name, golongan, ...). Raises
    ValidationError naming the first bad row; nothing is written then.
    """
    employees: list[Employee] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        try:
            employee = employee_build(**row, today=today, check_db=False)
        except ValidationError as exc:
            raise _row_error(index, exc) from None
        if employee.nip in seen:
            raise ValidationError(
                _("Baris %(row)s: NIP %(nip)s sudah dipakai di baris %(other)s."),
                code="nip_duplicate_in_batch",
                params={"row": index + 1, "nip": employee.nip, "other": seen[employee.nip] + 1},
            )
        seen[employee.nip] = index
        employees.append(employee)
    nips = list(seen)
    taken = sorted(  # chunks keep each query under SQLite's parameter limit
        nip for i in range(0, len(nips), 900)
        for nip in Employee.objects.filter(nip__in=nips[i : i + 900]).values_list("nip", flat=True)
    )
    if taken:
        raise ValidationError(
            _("Baris %(row)s: NIP %(nip)s sudah terdaftar."),
            code="nip_exists",
            params={"row": seen[taken[0]] + 1, "nip": taken[0]},
        )
    created = Employee.objects.bulk_create(employees, batch_size=batch_size)
    audit_record(actor=by, action="employee.bulk_create", count=len(created))
    return created


@dataclass(frozen=True)
class MembershipRow:
    """One period of an employee in a unit; ``end_date`` None is the current unit."""

    employee: Employee
    unit: Unit
    start_date: dt.date
    end_date: dt.date | None = None


@transaction.atomic
def memberships_bulk_create(
    *, rows: Sequence[MembershipRow], by: Any, batch_size: int = BATCH_SIZE
) -> list[UnitMembership]:
    """Insert unit-membership history for saved employees; one audit event for the batch.

    Rules (as ``employee_transfer`` keeps them): end on or after start; at most one current (open)
    membership per employee, counting those already stored; an employee's periods do not overlap.
    """
    memberships: list[UnitMembership] = []
    by_employee: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.employee.pk is None or row.unit.pk is None:
            raise ValidationError(
                _("Baris %(row)s: pegawai dan unit harus sudah tersimpan."),
                code="bulk_unsaved",
                params={"row": index + 1},
            )
        membership = UnitMembership(
            employee=row.employee, unit=row.unit, start_date=row.start_date, end_date=row.end_date
        )
        try:
            membership.full_clean(
                exclude=["employee", "unit"], validate_unique=False, validate_constraints=False
            )
            if row.end_date is not None and row.end_date < row.start_date:
                raise ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        except ValidationError as exc:
            raise _row_error(index, exc) from None
        by_employee[row.employee.pk].append((row.start_date, row.end_date))
        memberships.append(membership)
    stored = UnitMembership.objects.filter(employee_id__in=list(by_employee)).values_list(
        "employee_id", "start_date", "end_date"
    )
    for employee_id, start, end in stored:
        by_employee[employee_id].append((start, end))
    for employee_id, periods in by_employee.items():
        periods.sort(key=lambda p: p[0])
        if sum(1 for _start, end in periods if end is None) > 1:
            raise ValidationError(
                _("Pegawai #%(id)s punya lebih dari satu unit saat ini."),
                code="membership_two_current",
                params={"id": employee_id},
            )
        for (_s1, end1), (start2, _e2) in zip(periods, periods[1:], strict=False):
            if end1 is None or end1 >= start2:
                raise ValidationError(
                    _("Riwayat unit pegawai #%(id)s tumpang tindih."),
                    code="membership_overlap",
                    params={"id": employee_id},
                )
    created = UnitMembership.objects.bulk_create(memberships, batch_size=batch_size)
    audit_record(actor=by, action="membership.bulk_create", count=len(created))
    return created
