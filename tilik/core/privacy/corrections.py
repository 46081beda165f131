"""Correction requests: an ASN asks, an evaluator resolves. Both steps are audited.

Resolving records the decision; the evaluator makes the correction itself through the owning app
(e.g. the employee admin), which audits that write too.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models import CorrectionRequest


@transaction.atomic
def correction_request_create(
    *, employee: Any, by: Any, field: str, requested_value: str, current_value: str = "", reason: str = ""
) -> CorrectionRequest:
    request = CorrectionRequest(
        employee=employee,
        requested_by=by,
        field=field.strip(),
        current_value=current_value.strip(),
        requested_value=requested_value.strip(),
        reason=reason.strip(),
    )
    request.full_clean()
    request.save()
    audit_record(actor=by, action="correction.request", target=request, field=request.field)
    return request


@transaction.atomic
def correction_request_resolve(
    *, request: CorrectionRequest, by: Any, accepted: bool, note: str = ""
) -> CorrectionRequest:
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != CorrectionRequest.Status.OPEN:
        raise ValidationError(_("Permohonan ini sudah diselesaikan."))
    if not accepted and not note.strip():
        raise ValidationError({"resolution_note": _("Tuliskan alasan penolakan.")})
    locked.status = CorrectionRequest.Status.DONE if accepted else CorrectionRequest.Status.REJECTED
    locked.resolution_note = note.strip()
    locked.resolved_by = by
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(actor=by, action="correction.resolve", target=locked, status=locked.status)
    return locked


def open_correction_requests() -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(status=CorrectionRequest.Status.OPEN).select_related("employee")
