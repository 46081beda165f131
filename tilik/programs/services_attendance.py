"""Attendance per session: record the grid of an angkatan (from the page or an XLSX), all or nothing.

The sessions of an angkatan are its working days (Monday to Friday) from start to end date — all its
days if it meets only at a weekend — created when attendance is first recorded. A participant's
attendance % is (sessions present) / (sessions) × 100, stored on the enrolment, which the status page
(completion) and the reports read. The grid also moves the status where the lifecycle
(choices.TRANSITIONS) allows: a registered participant present at least once becomes *hadir*; one
absent from every session with a reason becomes *tidak hadir* (no-show) with that reason. Each absent
day may carry its own reason (sakit, izin, dinas luar, tanpa keterangan, lainnya — the last with a note),
stored as ``SessionAbsence`` rows. Refusals are collected per participant; if any, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.programs.choices import TRANSITIONS, AbsenceReason, DayAbsenceReason, EnrollmentStatus
from tilik.programs.models import Enrollment, Offering
from tilik.programs.models_attendance import Attendance, Session, SessionAbsence

# Who appears in the grid: people holding a seat, and no-shows (so their reason can be corrected).
GRID_STATUSES = (EnrollmentStatus.REGISTERED, EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED,
                 EnrollmentStatus.NO_SHOW)
PRESENT_NEEDED = {EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED}


def session_days(offering: Offering) -> list[dt.date]:
    days = [offering.start_date + dt.timedelta(n) for n in range((offering.end_date - offering.start_date).days + 1)]
    weekdays = [d for d in days if d.weekday() < 5]
    return weekdays or days


@dataclass(frozen=True)
class AttendanceRow:
    """One participant's line of the grid: the session days present, a reason if absent from all, and
    per absent day its reason and note (``absences``: day → (DayAbsenceReason code, note))."""

    enrollment_id: int
    present: frozenset[dt.date]
    reason_code: str = ""
    reason_text: str = ""
    absences: Mapping[dt.date, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class AttendanceResult:
    sessions: int
    rows: int
    marks: int
    status_changes: dict[str, int] = field(default_factory=dict)


class AttendanceRefused(ValidationError):
    """Nothing was written; ``by_row`` maps each refused enrolment's id to its messages."""

    def __init__(self, by_row: Mapping[int, list[str]]) -> None:
        self.by_row = dict(by_row)
        super().__init__([m for messages in self.by_row.values() for m in messages])


@transaction.atomic
def sessions_ensure(*, offering: Offering, by: Any) -> list[Session]:
    """The angkatan's sessions, in step with its dates (audited when they change).

    Days of the angkatan without a session get one; a stored session outside the dates (the
    angkatan was moved) is removed when nobody was recorded present, and kept otherwise (the
    attendance happened), so the evaluator sees it in the grid.
    """
    stored = {s.date: s for s in Session.objects.filter(offering=offering)}
    wanted = set(session_days(offering))
    created = [Session(offering=offering, date=day) for day in sorted(wanted - set(stored))]
    for session in created:
        session.full_clean(exclude=["offering"], validate_unique=False, validate_constraints=False)
    stale = [s.pk for day, s in stored.items() if day not in wanted]
    removed = list(Session.objects.filter(pk__in=stale, attendances__isnull=True).values_list("date", flat=True))
    if created or removed:
        Session.objects.bulk_create(created)
        Session.objects.filter(pk__in=stale, attendances__isnull=True).delete()
        audit_record(actor=by, action="session.sync", target=offering,
                     added=[s.date.isoformat() for s in created], removed=[d.isoformat() for d in removed])
    return list(Session.objects.filter(offering=offering).order_by("date"))


def _check_absences(row: AttendanceRow, days: set[dt.date]) -> list[str]:
    problems = []
    for day, (reason, note) in sorted(row.absences.items()):
        when = day.isoformat()
        if day not in days:
            problems.append(_("tanggal %(d)s bukan tanggal sesi angkatan ini") % {"d": when})
        elif day in row.present:
            problems.append(_("%(d)s: alasan tidak hadir diisi untuk hari yang ditandai hadir") % {"d": when})
        if reason not in DayAbsenceReason.values:
            problems.append(_("%(d)s: alasan '%(r)s' tidak dikenal") % {"d": when, "r": reason})
        elif reason == DayAbsenceReason.OTHER and not note.strip():
            problems.append(_("%(d)s: alasan “Lainnya” wajib diberi keterangan") % {"d": when})
        if len(note) > 200:
            problems.append(_("%(d)s: keterangan paling panjang 200 karakter") % {"d": when})
    return problems


def _check_row(enrollment: Enrollment, row: AttendanceRow, days: set[dt.date]) -> tuple[list[str], str]:
    """(problems, new status) for one line of the grid."""
    problems = []
    unknown = sorted(row.present - days)
    if unknown:
        problems.append(_("tanggal %(d)s bukan tanggal sesi angkatan ini") % {"d": ", ".join(map(str, unknown))})
    if row.reason_code and row.reason_code not in AbsenceReason.values:
        problems.append(_("alasan '%(r)s' tidak dikenal") % {"r": row.reason_code})
    problems.extend(_check_absences(row, days))
    status = enrollment.status
    new = status
    if row.present:
        if row.reason_code:
            problems.append(_("alasan tidak hadir hanya diisi untuk peserta yang tidak hadir di semua sesi"))
        if status == EnrollmentStatus.NO_SHOW:
            problems.append(_("sudah tercatat tidak hadir; status ini tidak dapat diubah menjadi hadir"))
        elif status == EnrollmentStatus.REGISTERED:
            new = EnrollmentStatus.ATTENDED
    elif status in PRESENT_NEEDED:
        problems.append(_("berstatus %(s)s: tandai minimal satu sesi hadir") % {"s": enrollment.get_status_display()})
    elif row.reason_code and status == EnrollmentStatus.REGISTERED:
        new = EnrollmentStatus.NO_SHOW
    elif status == EnrollmentStatus.NO_SHOW and not row.reason_code:
        problems.append(_("peserta yang tidak hadir wajib diberi alasan"))
    if new != status and new not in TRANSITIONS[status]:  # guards the rules above against the lifecycle
        problems.append(_("Status tidak dapat diubah dari %(old)s ke %(new)s.")
                        % {"old": enrollment.get_status_display(), "new": EnrollmentStatus(new).label})
    return problems, new


@transaction.atomic
def attendance_record(*, offering: Offering, rows: Sequence[AttendanceRow], by: Any,
                      on: dt.date | None = None) -> AttendanceResult:
    """Replace the attendance of the given participants; raise AttendanceRefused (nothing written) on any error."""
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    enrollments = {e.pk: e for e in Enrollment.objects.select_for_update().select_related("employee")
                   .filter(offering=offering, status__in=GRID_STATUSES)}
    errors: dict[int, list[str]] = {}
    plan: list[tuple[Enrollment, AttendanceRow, str]] = []
    sessions = sessions_ensure(offering=offering, by=by)
    by_day = {s.date: s for s in sessions}
    seen: set[int] = set()
    for row in rows:
        enrollment = enrollments.get(row.enrollment_id)
        if enrollment is None or row.enrollment_id in seen:
            errors[row.enrollment_id] = [_("bukan peserta angkatan ini yang kehadirannya dapat dicatat, "
                                           "atau tercantum dua kali")]
            continue
        seen.add(row.enrollment_id)
        problems, new = _check_row(enrollment, row, set(by_day))
        if problems:
            errors[enrollment.pk] = problems
        else:
            plan.append((enrollment, row, new))
    if errors:
        raise AttendanceRefused(errors)
    day = on or dt.date.today()
    changes: dict[str, int] = {}
    moved: dict[str, str] = {}
    marks: list[Attendance] = []
    absences: list[SessionAbsence] = []
    for enrollment, row, new in plan:
        enrollment.attendance_pct = (Decimal(len(row.present) * 100) / Decimal(len(sessions))).quantize(
            Decimal("0.01"))
        if new != enrollment.status:
            changes[new] = changes.get(new, 0) + 1
            enrollment.status = new
            enrollment.status_changed_on = day
            moved[str(enrollment.pk)] = new
        if not row.present:
            enrollment.reason_code, enrollment.reason_text = row.reason_code, row.reason_text
        enrollment.full_clean(exclude=["offering", "employee"], validate_unique=False)
        marks.extend(Attendance(session=by_day[d], enrollment=enrollment) for d in sorted(row.present))
        absences.extend(SessionAbsence(session=by_day[d], enrollment=enrollment, reason=reason, note=note.strip())
                        for d, (reason, note) in sorted(row.absences.items()))
    ids = [e.pk for e, _row, _new in plan]
    Attendance.objects.filter(enrollment_id__in=ids).delete()
    Attendance.objects.bulk_create(marks)
    SessionAbsence.objects.filter(enrollment_id__in=ids).delete()
    SessionAbsence.objects.bulk_create(absences)
    Enrollment.objects.bulk_update([e for e, _row, _new in plan],
                                   ["attendance_pct", "status", "status_changed_on", "reason_code", "reason_text"])
    audit_record(actor=by, action="attendance.record", target=offering, sessions=len(sessions), rows=len(plan),
                 marks=len(marks), absences=len(absences), status_changes=moved)
    return AttendanceResult(sessions=len(sessions), rows=len(plan), marks=len(marks), status_changes=changes)
