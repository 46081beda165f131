"""The evaluator records an ASN's external training into the JP ledger, and corrects ledger entries.

With the certificate file, it is stored like an ASN's own upload and verified at once by the
evaluator who recorded it (services_certificates: both steps audited). Without a file (e.g. from a
provider's paper list) the ledger entry is written directly, with the same checks on JP and date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.models import Employee
from tilik.programs.choices import JPSource
from tilik.programs.models import JPEntry
from tilik.programs.models_jp import JPCorrection
from tilik.programs.services_certificates import _check_jp_and_date, certificate_upload, certificate_verify


@transaction.atomic
def jp_external_record(*, employee: Employee, title: str, provider: str, jp: Any, completed_on: dt.date, by: Any,
                       competency_type: str = "", file: UploadedFile | None = None,
                       today: dt.date | None = None) -> JPEntry:
    if file is not None:
        certificate = certificate_upload(employee=employee, file=file, title=title, provider=provider, jp=jp,
                                         completed_on=completed_on, by=by, competency_type=competency_type,
                                         today=today)
        verified = certificate_verify(certificate=certificate, by=by, note="dicatat evaluator")
        assert verified.jp_entry is not None  # noqa: S101 - set by certificate_verify
        return verified.jp_entry
    value = _check_jp_and_date(employee=employee, jp=jp, completed_on=completed_on,
                               today=today or timezone.localdate())
    entry = JPEntry(employee=employee, year=completed_on.year, jp=value, source=JPSource.CERTIFICATE,
                    description=f"{title.strip()} ({provider.strip()})"[:255], completed_on=completed_on)
    entry.full_clean()
    entry.save()
    audit_record(actor=by, action="jp.record_external", target=entry, jp=str(value), with_file=False)
    return entry


@transaction.atomic
def jp_entry_correct(*, entry: JPEntry, jp: Any, completed_on: dt.date, description: str, reason: str, by: Any,
                     today: dt.date | None = None) -> JPEntry:
    """Correct a ledger entry (JP, date, description) with a reason; the old values stay in JPCorrection.

    The year follows the date. The same checks as a new entry apply (JP above 0 and at most the maximum,
    a date neither in the future nor impossible for the ASN). An unchanged entry is refused.
    """
    entry = JPEntry.objects.select_for_update().select_related("employee").get(pk=entry.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan koreksi.")})
    value = _check_jp_and_date(employee=entry.employee, jp=jp, completed_on=completed_on,
                               today=today or timezone.localdate())
    before = {"jp": str(entry.jp), "completed_on": entry.completed_on.isoformat(), "description": entry.description,
              "year": entry.year}
    entry.jp, entry.completed_on, entry.year = value, completed_on, completed_on.year
    entry.description = description.strip()
    after = {"jp": str(entry.jp), "completed_on": completed_on.isoformat(), "description": entry.description,
             "year": entry.year}
    if Decimal(str(before["jp"])) == value and all(before[k] == after[k] for k in ("completed_on", "description")):
        raise ValidationError(_("Tidak ada yang berubah: ubah JP, tanggal atau uraian, atau batalkan."))
    entry.full_clean()
    entry.save(update_fields=["jp", "completed_on", "year", "description"])
    correction = JPCorrection(entry=entry, by=by if getattr(by, "is_authenticated", False) else None,
                              reason=reason[:300], before=before, after=after)
    correction.full_clean()
    correction.save()
    audit_record(actor=by, action="jp.correct", target=entry, reason=reason, before=before, after=after)
    return entry
