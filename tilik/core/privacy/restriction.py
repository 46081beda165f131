"""Right to restrict processing (UU PDP art. 11): an ASN asks, it applies at once, an evaluator lifts it.

While a restriction is active the data stays stored but is not used: the employee gets no survey
invitations and is left out of analysis frames and personal-data exports. The central places filter
with one call::

    queryset.exclude(employee_id__in=restricted_employee_ids())
    frame = frame[~frame["entity"].isin(set(restricted_employee_ids()))]

Both steps are audited. Lifting needs a note (why processing may resume).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models_privacy import CorrectionRequest, ProcessingRestriction


def restricted_employee_ids() -> QuerySet[ProcessingRestriction, int]:
    """Ids of employees whose processing is restricted now; lazy, so ``__in`` runs it as a subquery."""
    return ProcessingRestriction.objects.filter(status=ProcessingRestriction.Status.ACTIVE).values_list(
        "employee_id", flat=True
    )


def is_restricted(employee: Any) -> bool:
    return ProcessingRestriction.objects.filter(employee=employee, status=ProcessingRestriction.Status.ACTIVE).exists()


@transaction.atomic
def restriction_request(
    *, employee: Any, by: Any, reason: str, correction: CorrectionRequest | None = None
) -> ProcessingRestriction:
    if correction is not None and correction.employee_id != employee.pk:
        raise ValidationError({"correction": _("Permohonan koreksi itu bukan milik pegawai ini.")})
    if is_restricted(employee):
        raise ValidationError(_("Pemrosesan data Anda sudah dibatasi; tunggu keputusan BKPSDM."))
    restriction = ProcessingRestriction(
        employee=employee, requested_by=by, reason=reason.strip(), correction=correction
    )
    restriction.full_clean()
    try:
        with transaction.atomic():
            restriction.save()
    except IntegrityError as exc:  # a concurrent request won the race (one active per employee)
        raise ValidationError(_("Pemrosesan data Anda sudah dibatasi; tunggu keputusan BKPSDM.")) from exc
    audit_record(actor=by, action="restriction.request", target=restriction, employee=employee.pk)
    return restriction


@transaction.atomic
def restriction_lift(*, restriction: ProcessingRestriction, by: Any, note: str) -> ProcessingRestriction:
    locked = ProcessingRestriction.objects.select_for_update().get(pk=restriction.pk)
    if locked.status != ProcessingRestriction.Status.ACTIVE:
        raise ValidationError(_("Pembatasan ini sudah dicabut."))
    if not note.strip():
        raise ValidationError({"resolution_note": _("Tuliskan alasan pencabutan pembatasan.")})
    locked.status = ProcessingRestriction.Status.LIFTED
    locked.resolution_note = note.strip()
    locked.resolved_by = by
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(actor=by, action="restriction.lift", target=locked, employee=locked.employee_id)
    return locked


def active_restrictions() -> QuerySet[ProcessingRestriction]:
    return ProcessingRestriction.objects.filter(status=ProcessingRestriction.Status.ACTIVE).select_related(
        "employee", "correction"
    )
