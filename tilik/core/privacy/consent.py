"""Consent records for voluntary processing (surveys of ASN or citizens rest on explicit consent).

Surveys call ``consent_give`` when a respondent ticks the consent box, with the exact text shown.
For an anonymous survey pass neither ``employee`` nor ``subject_key``: the record proves that consent
was given without linking anyone to an answer.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models import ConsentRecord


def consent_text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


@transaction.atomic
def consent_give(
    *,
    purpose: str,
    text: str,
    by: Any,
    given: bool = True,
    employee: Any = None,
    subject_key: str = "",
) -> ConsentRecord:
    if not text.strip():
        raise ValidationError({"text": _("Teks persetujuan wajib diisi.")})
    record = ConsentRecord(
        purpose=purpose,
        text=text.strip(),
        text_sha256=consent_text_hash(text),
        given=given,
        employee=employee,
        subject_key=subject_key,
    )
    record.full_clean()
    record.save()
    # Anonymous consent: the audit event carries the purpose only, never a person.
    linked = employee is not None or bool(subject_key)
    audit_record(
        actor=by,
        action="consent.give" if given else "consent.refuse",
        target=record if linked else None,
        purpose=purpose,
    )
    return record


@transaction.atomic
def consent_withdraw(*, record: ConsentRecord, by: Any) -> ConsentRecord:
    """Withdraw a consent; the callers must then stop processing and delete or anonymise (UU PDP art. 9)."""
    if record.withdrawn_at is not None:
        return record
    record.withdrawn_at = timezone.now()
    record.save(update_fields=["withdrawn_at"])
    audit_record(actor=by, action="consent.withdraw", target=record, purpose=record.purpose)
    return record


def consent_current(*, purpose: str, employee: Any = None, subject_key: str = "") -> ConsentRecord | None:
    """The latest consent record of this subject for this purpose, or None; withdrawn counts as none."""
    if employee is None and not subject_key:
        return None
    records = ConsentRecord.objects.filter(purpose=purpose)
    records = (
        records.filter(employee=employee) if employee is not None else records.filter(subject_key=subject_key)
    )
    latest = records.order_by("-at", "-id").first()
    if latest is None or not latest.given or latest.withdrawn_at is not None:
        return None
    return latest
