"""An ASN leaving service (pensiun, pindah ke luar pemda, berhenti): marked inactive, never deleted.

The current unit membership is closed on the given date, so the unit history keeps where the person
was and until when; their enrolments, JP and survey records stay as they were.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.core.audit import audit_record
from tilik.org.models import Employee, Unit, UnitMembership


@transaction.atomic
def employee_deactivate(*, employee: Employee, on: dt.date, reason: str, by: Any) -> Employee:
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if not employee.active:
        raise ValidationError(_("Pegawai ini sudah tidak aktif."), code="employee_inactive")
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasannya, mis. pensiun atau pindah ke luar daerah.")})
    current = UnitMembership.objects.select_for_update().filter(employee=employee, end_date__isnull=True).first()
    if current is not None:
        if on < current.start_date:
            raise ValidationError(
                {"on": _("Tanggal tidak boleh sebelum tanggal mulai di unit sekarang (%(start)s).")
                 % {"start": fmt.date(current.start_date)}}
            )
        current.end_date = on
        current.full_clean()
        current.save(update_fields=["end_date"])
    employee.active = False
    employee.full_clean()
    employee.save(update_fields=["active"])
    audit_record(actor=by, action="employee.deactivate", target=employee, on=on.isoformat(), reason=reason.strip())
    return employee


@transaction.atomic
def employee_reactivate(*, employee: Employee, unit: Unit, on: dt.date, by: Any) -> Employee:
    """Back in service (e.g. a wrongly recorded departure): active again, in ``unit`` from ``on``."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.active:
        raise ValidationError(_("Pegawai ini masih aktif."), code="employee_active")
    last = employee.memberships.order_by("-start_date").first()
    if last is not None and last.end_date is not None and on <= last.end_date:
        raise ValidationError(
            {"on": _("Tanggal harus setelah akhir riwayat unit terakhir (%(end)s).")
             % {"end": fmt.date(last.end_date)}}
        )
    membership = UnitMembership(employee=employee, unit=unit, start_date=on)
    membership.full_clean()
    membership.save()
    employee.active = True
    employee.full_clean()
    employee.save(update_fields=["active"])
    audit_record(actor=by, action="employee.reactivate", target=employee, unit=unit.code, on=on.isoformat())
    return employee
