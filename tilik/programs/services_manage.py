"""Writes behind the programme, angkatan and enrolment pages that services.py does not already have.

Changing a programme or an angkatan, moving an enrolment to another angkatan of the same programme,
and cancelling one with a reason (the lifecycle of choices.TRANSITIONS: an invitation is declined, a
registration withdrawn). Each runs in one transaction, calls full_clean and is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.programs.choices import SEAT_STATUSES, EnrollmentStatus
from tilik.programs.models import Enrollment, Offering, Program
from tilik.programs.services import _check_seat, enrollment_set_status

PROGRAM_FIELDS = {"name", "slug", "objective", "competency_type", "method", "jp", "provider", "target_group",
                  "fiscal_year", "organiser"}
OFFERING_FIELDS = {"batch", "start_date", "end_date", "place", "capacity", "mode", "facilitators"}
# Only enrolments not yet under way move; attendance and completion belong to the angkatan they happened in.
MOVABLE = {EnrollmentStatus.INVITED, EnrollmentStatus.REGISTERED}
CANCEL_TO: dict[str, str] = {EnrollmentStatus.INVITED: EnrollmentStatus.DECLINED,
             EnrollmentStatus.REGISTERED: EnrollmentStatus.WITHDRAWN,
             EnrollmentStatus.ATTENDED: EnrollmentStatus.WITHDRAWN}


def _changed(obj: Any, fields: dict[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = [k for k, v in fields.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, fields[key])
    return sorted(changed)


@transaction.atomic
def program_update(*, program: Program, by: Any, **fields: Any) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    changed = _changed(program, fields, PROGRAM_FIELDS)
    program.full_clean()
    program.save()
    audit_record(actor=by, action="program.update", target=program, fields=changed)
    return program


@transaction.atomic
def offering_update(*, offering: Offering, by: Any, **fields: Any) -> Offering:
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    changed = _changed(offering, fields, OFFERING_FIELDS)
    taken = Enrollment.objects.filter(offering=offering, status__in=SEAT_STATUSES).count()
    if offering.capacity < taken:
        raise ValidationError({"capacity": _("Kapasitas tidak boleh kurang dari kursi yang sudah terisi "
                                             "(%(taken)s).") % {"taken": taken}})
    offering.full_clean()
    offering.save()
    audit_record(actor=by, action="offering.update", target=offering, fields=changed)
    return offering


@transaction.atomic
def enrollment_move(*, enrollment: Enrollment, to: Offering, by: Any, on: dt.date | None = None) -> Enrollment:
    """Move an invited or registered participant to another angkatan of the same programme."""
    enrollment = Enrollment.objects.select_for_update().select_related("offering", "employee").get(pk=enrollment.pk)
    source = enrollment.offering
    if enrollment.status not in MOVABLE:
        raise ValidationError(
            _("Hanya peserta berstatus diundang atau terdaftar yang dapat dipindah (status sekarang: %(status)s).")
            % {"status": enrollment.get_status_display()}, code="enrollment_not_movable")
    to = Offering.objects.select_for_update().get(pk=to.pk)
    if to.pk == source.pk:
        raise ValidationError({"to": _("Pilih angkatan lain dari angkatan sekarang.")})
    if to.program_id != source.program_id:
        raise ValidationError({"to": _("Peserta hanya dapat dipindah ke angkatan lain dari program yang sama.")})
    if Enrollment.objects.filter(offering=to, employee=enrollment.employee).exists():
        raise ValidationError(
            {"to": _("%(name)s sudah tercatat sebagai peserta angkatan %(batch)s.")
             % {"name": enrollment.employee.name, "batch": to.batch}}, code="enrollment_duplicate")
    if enrollment.status in SEAT_STATUSES:
        _check_seat(to)
    enrollment.offering = to
    enrollment.status_changed_on = on or dt.date.today()
    enrollment.full_clean()
    enrollment.save(update_fields=["offering", "status_changed_on"])
    audit_record(actor=by, action="enrollment.move", target=enrollment, source=source.pk, to=to.pk)
    return enrollment


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, reason_code: str, reason_text: str, by: Any,
                      on: dt.date | None = None) -> Enrollment:
    """Cancel with a reason: an invitation becomes *menolak*, a registration *mengundurkan diri*."""
    target = CANCEL_TO.get(enrollment.status)
    if target is None:
        raise ValidationError(
            _("Keikutsertaan berstatus %(status)s tidak dapat dibatalkan.")
            % {"status": enrollment.get_status_display()}, code="enrollment_not_cancellable")
    return enrollment_set_status(enrollment=enrollment, status=target, by=by, reason_code=reason_code,
                                 reason_text=reason_text, on=on)
