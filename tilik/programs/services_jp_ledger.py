"""The evaluator records an ASN's external training into the JP ledger.

With the certificate file, it is stored like an ASN's own upload and verified at once by the
evaluator who recorded it (services_certificates: both steps audited). Without a file (e.g. from a
provider's paper list) the ledger entry is written directly, with the same checks on JP and date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tilik.core.audit import audit_record
from tilik.org.models import Employee
from tilik.programs.choices import JPSource
from tilik.programs.models import JPEntry
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
