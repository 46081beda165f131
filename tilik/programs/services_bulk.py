"""Bulk writers for enrolments and the JP ledger (imports of past cohorts, the demo generator).

The rules are those of tilik.programs.services: an enrolment starts ``invited`` or ``registered`` and
moves only along ``TRANSITIONS``; declined / no-show / withdrawn need a reason; seat-holding statuses may
not exceed the offering's capacity; inactive employees cannot be enrolled; one enrolment per employee
per offering; completion credits the programme's JP (``completion_jp_entry``, the same entry
``enrollment_set_status`` writes). Each object gets ``full_clean``; uniqueness, foreign keys and seats
are checked for the whole batch with a few queries; rows are written with ``bulk_create`` in one
transaction and the batch gets ONE audit event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.models import Employee
from tilik.programs.choices import REASON_STATUSES, SEAT_STATUSES, TRANSITIONS, EnrollmentStatus, JPSource
from tilik.programs.models import BudgetLine, Enrollment, JPEntry, Offering
from tilik.programs.services import budget_line_warnings, completion_jp_entry  # noqa: F401 (re-exported)

BATCH_SIZE = 500
INITIAL_STATUSES = (EnrollmentStatus.INVITED, EnrollmentStatus.REGISTERED)




def check_status_path(path: Sequence[str]) -> None:
    """Raise ValidationError unless ``path`` starts as a new enrolment and follows TRANSITIONS."""
    if not path or path[0] not in INITIAL_STATUSES:
        raise ValidationError(
            _("Pendaftaran baru harus berstatus diundang atau terdaftar."), code="enrollment_initial_status"
        )
    for old, new in zip(path, path[1:], strict=False):
        if new not in TRANSITIONS[old]:
            raise ValidationError(
                _("Status tidak dapat diubah dari %(old)s ke %(new)s."),
                code="enrollment_transition",
                params={"old": EnrollmentStatus(old).label, "new": EnrollmentStatus(new).label},
            )


@dataclass(frozen=True)
class EnrollmentPlan:
    """One enrolment and the statuses it went through, from creation to its current status."""

    offering: Offering
    employee: Employee
    path: tuple[str, ...]
    invited_on: dt.date
    status_changed_on: dt.date
    reason_code: str = ""
    reason_text: str = ""
    attendance_pct: Decimal | None = None

    @property
    def status(self) -> str:
        return self.path[-1]


@transaction.atomic
def enrollments_bulk_create(
    *, plans: Sequence[EnrollmentPlan], by: Any, batch_size: int = BATCH_SIZE
) -> list[Enrollment]:
    """Validate and insert enrolments with their lifecycle; completed ones get their JP entry.

    Raises ValidationError naming the first bad row; nothing is written then.
    """
    enrollments: list[Enrollment] = []
    pairs: set[tuple[int, int]] = set()
    new_seats: Counter[int] = Counter()
    offerings: dict[int, Offering] = {}
    for index, plan in enumerate(plans):
        row = index + 1
        try:
            if plan.offering.pk is None or plan.employee.pk is None:
                raise ValidationError(_("Angkatan dan pegawai harus sudah tersimpan."), code="bulk_unsaved")
            if not plan.employee.active:
                raise ValidationError(
                    _("Pegawai %(name)s tidak aktif dan tidak dapat didaftarkan."),
                    code="employee_inactive",
                    params={"name": plan.employee.name},
                )
            check_status_path(plan.path)
            if plan.status in REASON_STATUSES and not plan.reason_code:
                raise ValidationError({"reason_code": _("Alasan wajib dipilih untuk status ini.")})
            pair = (plan.offering.pk, plan.employee.pk)
            if pair in pairs:
                raise ValidationError(
                    _("Pegawai ini muncul lebih dari sekali untuk angkatan yang sama."), code="enrollment_duplicate"
                )
            pairs.add(pair)
            enrollment = Enrollment(
                offering=plan.offering,
                employee=plan.employee,
                status=plan.status,
                reason_code=plan.reason_code,
                reason_text=plan.reason_text,
                attendance_pct=plan.attendance_pct,
                invited_on=plan.invited_on,
                status_changed_on=plan.status_changed_on,
            )
            enrollment.full_clean(
                exclude=["offering", "employee"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Baris %(row)s: %(messages)s"),
                code="bulk_row",
                params={"row": row, "messages": "; ".join(exc.messages)},
            ) from None
        offerings[plan.offering.pk] = plan.offering
        if plan.status in SEAT_STATUSES:
            new_seats[plan.offering.pk] += 1
        enrollments.append(enrollment)

    _check_batch_against_store(pairs, new_seats, offerings)
    created = Enrollment.objects.bulk_create(enrollments, batch_size=batch_size)
    entries = []
    for enrollment in created:
        if enrollment.status == EnrollmentStatus.COMPLETED:
            entry = completion_jp_entry(enrollment)
            entry.full_clean(
                exclude=["employee", "enrollment"], validate_unique=False, validate_constraints=False
            )
            entries.append(entry)
    JPEntry.objects.bulk_create(entries, batch_size=batch_size)
    statuses = Counter(str(e.status) for e in created)
    audit_record(
        actor=by,
        action="enrollment.bulk_create",
        count=len(created),
        statuses=dict(sorted(statuses.items())),
        jp_entries=len(entries),
    )
    return created


def _check_batch_against_store(
    pairs: set[tuple[int, int]], new_seats: Counter[int], offerings: dict[int, Offering]
) -> None:
    offering_ids = list(offerings)
    stored_pairs: dict[int, set[int]] = defaultdict(set)
    for offering_id, employee_id in Enrollment.objects.filter(offering_id__in=offering_ids).values_list(
        "offering_id", "employee_id"
    ):
        stored_pairs[offering_id].add(employee_id)
    for offering_id, employee_id in pairs:
        if employee_id in stored_pairs[offering_id]:
            raise ValidationError(
                _("Pegawai #%(employee)s sudah tercatat di angkatan %(offering)s."),
                code="enrollment_duplicate",
                params={"employee": employee_id, "offering": offerings[offering_id]},
            )
    taken = dict(
        Enrollment.objects.filter(offering_id__in=offering_ids, status__in=SEAT_STATUSES)
        .values_list("offering_id")
        .annotate(n=Count("id"))
        .values_list("offering_id", "n")
    )
    for offering_id, extra in new_seats.items():
        offering = offerings[offering_id]
        total = taken.get(offering_id, 0) + extra
        if total > offering.capacity:
            raise ValidationError(
                _("Kelas %(offering)s sudah penuh (%(taken)s dari %(capacity)s kursi)."),
                code="offering_full",
                params={"offering": offering, "taken": total, "capacity": offering.capacity},
            )


@dataclass(frozen=True)
class CertificateRow:
    """JP earned outside Tilik's own offerings (e-learning, seminars), evidenced by a certificate."""

    employee: Employee
    jp: Decimal
    description: str
    completed_on: dt.date


@transaction.atomic
def certificates_bulk_create(
    *, rows: Sequence[CertificateRow], by: Any, batch_size: int = BATCH_SIZE
) -> list[JPEntry]:
    """Credit external certificates to the JP ledger (year = year of ``completed_on``); one audit event."""
    entries = []
    for index, row in enumerate(rows):
        entry = JPEntry(
            employee=row.employee,
            year=row.completed_on.year,
            jp=Decimal(row.jp),
            source=JPSource.CERTIFICATE,
            description=row.description,
            completed_on=row.completed_on,
        )
        try:
            if row.employee.pk is None:
                raise ValidationError(_("Pegawai harus sudah tersimpan."), code="bulk_unsaved")
            if entry.jp <= 0:
                raise ValidationError({"jp": _("JP harus lebih dari nol.")})
            entry.full_clean(
                exclude=["employee", "enrollment"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Baris %(row)s: %(messages)s"),
                code="bulk_row",
                params={"row": index + 1, "messages": "; ".join(exc.messages)},
            ) from None
        entries.append(entry)
    created = JPEntry.objects.bulk_create(entries, batch_size=batch_size)
    audit_record(actor=by, action="jp.bulk_create", count=len(created), source=JPSource.CERTIFICATE.value)
    return created


@transaction.atomic
def budget_lines_bulk_create(
    *, lines: Sequence[BudgetLine], by: Any, batch_size: int = BATCH_SIZE
) -> tuple[list[BudgetLine], list[str]]:
    """Insert new budget lines (unsaved BudgetLine objects); returns them and the over-pagu warnings.

    Same rules as ``budget_line_save``: field validation, one line per programme, year, category and
    source of funds; realisasi above pagu is stored but reported (``budget_line_warnings``).
    """
    keys: set[tuple[int, int, str, str]] = set()
    warnings: list[str] = []
    for index, line in enumerate(lines):
        try:
            if line.program.pk is None:
                raise ValidationError(_("Program harus sudah tersimpan."), code="bulk_unsaved")
            key = (line.program.pk, line.fiscal_year, line.category, line.source_of_funds)
            if key in keys:
                raise ValidationError(_("Baris anggaran ini sudah ada."), code="budgetline_duplicate")
            keys.add(key)
            line.full_clean(exclude=["program"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError(
                _("Baris %(row)s: %(messages)s"),
                code="bulk_row",
                params={"row": index + 1, "messages": "; ".join(exc.messages)},
            ) from None
        warnings.extend(f"{line.program}: {warning}" for warning in budget_line_warnings(line))
    stored = BudgetLine.objects.filter(program_id__in={k[0] for k in keys}).values_list(
        "program_id", "fiscal_year", "category", "source_of_funds"
    )
    if keys.intersection(stored):
        raise ValidationError(
            _("Sebagian baris anggaran sudah tersimpan; gunakan budget_line_save untuk mengubahnya."),
            code="budgetline_duplicate",
        )
    created = BudgetLine.objects.bulk_create(lines, batch_size=batch_size)
    audit_record(actor=by, action="budget.bulk_create", count=len(created), over_pagu=len(warnings))
    return created, warnings
