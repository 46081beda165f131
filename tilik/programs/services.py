"""Writes for programmes, offerings, enrolments, the JP ledger and budget lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.core.audit import audit_record
from tilik.org.models import Employee
from tilik.programs.choices import REASON_STATUSES, SEAT_STATUSES, TRANSITIONS, EnrollmentStatus, JPSource
from tilik.programs.models import BudgetLine, Enrollment, JPEntry, Offering, Program


@transaction.atomic
def program_create(*, by: Any, **fields: Any) -> Program:
    program = Program(**fields)
    program.full_clean()
    program.save()
    audit_record(actor=by, action="program.create", target=program)
    return program


@transaction.atomic
def offering_create(*, program: Program, by: Any, **fields: Any) -> Offering:
    offering = Offering(program=program, **fields)
    offering.full_clean()
    offering.save()
    audit_record(actor=by, action="offering.create", target=offering)
    return offering


def _check_seat(offering: Offering) -> None:
    taken = Enrollment.objects.filter(offering=offering, status__in=SEAT_STATUSES).count()
    if taken >= offering.capacity:
        raise ValidationError(
            _("Kelas sudah penuh (%(taken)s dari %(capacity)s kursi terisi)."),
            code="offering_full",
            params={"taken": taken, "capacity": offering.capacity},
        )


@transaction.atomic
def enrollment_create(*, offering: Offering, employee: Employee, by: Any,
                      status: str = EnrollmentStatus.INVITED, on: dt.date | None = None) -> Enrollment:
    """Invite (default) or register an employee into an offering."""
    if not employee.active:
        raise ValidationError(_("Pegawai %(name)s tidak aktif dan tidak dapat didaftarkan."),
                              code="employee_inactive", params={"name": employee.name})
    if status not in (EnrollmentStatus.INVITED, EnrollmentStatus.REGISTERED):
        raise ValidationError(_("Pendaftaran baru harus berstatus diundang atau terdaftar."))
    # Lock the offering row so two registrations cannot both take the last seat.
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    existing = Enrollment.objects.filter(offering=offering, employee=employee).first()
    if existing is not None:
        # Not "terdaftar": that is one status (registered); an invited or declined person is on record too.
        raise ValidationError(_("Pegawai ini sudah tercatat di angkatan ini (status: %(status)s)."),
                              code="enrollment_duplicate", params={"status": existing.get_status_display()})
    if status in SEAT_STATUSES:
        _check_seat(offering)
    day = on or dt.date.today()
    enrollment = Enrollment(offering=offering, employee=employee, status=status, invited_on=day,
                            status_changed_on=day)
    enrollment.full_clean()
    enrollment.save()
    audit_record(actor=by, action="enrollment.create", target=enrollment, status=status)
    return enrollment


@transaction.atomic
def enrollment_set_status(*, enrollment: Enrollment, status: str, by: Any, reason_code: str = "",
                          reason_text: str = "", attendance_pct: Decimal | float | None = None,
                          on: dt.date | None = None) -> Enrollment:
    """Move an enrolment along its lifecycle; completion credits the programme's JP."""
    enrollment = Enrollment.objects.select_for_update().select_related("offering__program").get(pk=enrollment.pk)
    allowed = TRANSITIONS[enrollment.status]
    if status not in allowed:
        raise ValidationError(
            _("Status tidak dapat diubah dari %(old)s ke %(new)s."),
            code="enrollment_transition",
            params={"old": enrollment.get_status_display(), "new": EnrollmentStatus(status).label},
        )
    if status in REASON_STATUSES and not reason_code:
        raise ValidationError({"reason_code": _("Alasan wajib dipilih untuk status ini.")})
    if status in SEAT_STATUSES and enrollment.status not in SEAT_STATUSES:
        _check_seat(enrollment.offering)
    enrollment.status = status
    enrollment.reason_code = reason_code
    enrollment.reason_text = reason_text
    if attendance_pct is not None:
        enrollment.attendance_pct = Decimal(str(attendance_pct))
    enrollment.status_changed_on = on or dt.date.today()
    enrollment.full_clean()
    enrollment.save()
    if status == EnrollmentStatus.COMPLETED:
        entry = completion_jp_entry(enrollment)
        entry.full_clean()
        entry.save()
    audit_record(actor=by, action="enrollment.status", target=enrollment, status=status, reason=reason_code)
    return enrollment

def completion_jp_entry(enrollment: Enrollment) -> JPEntry:
    """The JP ledger entry a completed enrolment earns (built, not saved).

    Used by ``enrollment_set_status`` and the bulk writer alike: the programme's JP, in the
    year the offering ended, dated on its end date.
    """
    offering = enrollment.offering
    program = offering.program
    return JPEntry(
        employee=enrollment.employee,
        year=offering.end_date.year,
        jp=Decimal(program.jp),
        source=JPSource.ENROLLMENT,
        enrollment=enrollment,
        description=program.name,
        completed_on=offering.end_date,
    )


@transaction.atomic
def budget_line_save(*, program: Program, fiscal_year: int, category: str, pagu: Decimal, by: Any,
                     realisasi: Decimal = Decimal(0), source_of_funds: str = "apbd",
                     note: str = "") -> tuple[BudgetLine, list[str]]:
    """Create or update a budget line. Realisasi above pagu is stored but returned as a warning.

    Checked before anything is written (no get_or_create: it would insert unchecked values first).
    """
    if pagu is None:
        raise ValidationError({"pagu": _("Realisasi tanpa pagu: isi pagu baris anggaran ini.")})
    line = BudgetLine.objects.filter(
        program=program, fiscal_year=fiscal_year, category=category, source_of_funds=source_of_funds
    ).first() or BudgetLine(program=program, fiscal_year=fiscal_year, category=category,
                            source_of_funds=source_of_funds)
    if line.pk and line.months.exists() and Decimal(realisasi) != line.realisasi:
        # The monthly rows are the record; a yearly figure that disagrees would silently contradict them.
        raise ValidationError({"realisasi": _("Realisasi baris %(line)s dicatat per bulan (jumlah %(sum)s); "
                                              "ubah per bulan di halaman baris anggaran.")
                               % {"line": line, "sum": fmt.rupiah(line.realisasi)}})
    line.pagu, line.realisasi, line.note = Decimal(pagu), Decimal(realisasi), note
    line.full_clean()
    line.save()
    warnings = budget_line_warnings(line)
    audit_record(actor=by, action="budget.save", target=line, pagu=str(line.pagu), realisasi=str(line.realisasi))
    return line, warnings


def budget_line_warnings(line: BudgetLine) -> list[str]:
    if line.over_pagu:
        return [_("Realisasi (%(r)s) melebihi pagu (%(p)s).") % {"r": fmt.rupiah(line.realisasi),
                                                                 "p": fmt.rupiah(line.pagu)}]
    return []
