"""Writes for external certificates: an ASN uploads one, an evaluator verifies (credits JP) or rejects it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.permissions import own_employee
from tilik.core.roles import is_evaluator
from tilik.org.models import Employee
from tilik.programs.choices import JPSource
from tilik.programs.choices_participation import CertificateStatus
from tilik.programs.models import MAX_CERTIFICATE_JP, Certificate, JPEntry

# Extension -> (content type, magic prefixes). The content is checked, not the browser's claim.
ALLOWED_FILES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
EARLIEST_DATE = dt.date(2000, 1, 1)


def certificate_file_check(upload: UploadedFile) -> str:
    """The checked content type of an upload; a ValidationError in Indonesian otherwise."""
    limit = settings.TILIK_CERTIFICATE_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("Berkas kosong.")})
    if upload.size > limit:
        raise ValidationError(
            {"file": _("Berkas terlalu besar (maksimum %(mb)s MB).") % {"mb": limit // 2**20}}
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_FILES:
        raise ValidationError({"file": _("Berkas harus PDF atau gambar (JPG/PNG).")})
    content_type, magics = ALLOWED_FILES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError({"file": _("Isi berkas bukan PDF atau gambar JPG/PNG yang sah.")})
    return content_type


def _check_jp_and_date(*, employee: Employee, jp: Any, completed_on: dt.date, today: dt.date) -> Decimal:
    errors: dict[str, str] = {}
    try:
        value = Decimal(str(jp))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value > MAX_CERTIFICATE_JP:
        errors["jp"] = _("JP harus lebih dari 0 dan paling banyak %(max)s.") % {"max": MAX_CERTIFICATE_JP}
    if completed_on > today:
        errors["completed_on"] = _("Tanggal selesai tidak boleh di masa depan.")
    elif completed_on < EARLIEST_DATE:
        errors["completed_on"] = _("Tanggal selesai terlalu lampau (sebelum tahun 2000).")
    elif completed_on < employee.birth_date + dt.timedelta(days=365 * 17):
        errors["completed_on"] = _("Tanggal selesai tidak mungkin: pegawai belum berusia 17 tahun.")
    if errors:
        raise ValidationError(errors)
    return value


@transaction.atomic
def certificate_upload(
    *,
    employee: Employee,
    file: UploadedFile,
    title: str,
    provider: str,
    jp: Any,
    completed_on: dt.date,
    by: Any,
    competency_type: str = "",
    today: dt.date | None = None,
) -> Certificate:
    """Store an uploaded certificate as pending; nothing is stored when any check fails."""
    value = _check_jp_and_date(
        employee=employee, jp=jp, completed_on=completed_on, today=today or timezone.localdate()
    )
    content_type = certificate_file_check(file)
    certificate = Certificate(
        employee=employee,
        title=title.strip(),
        provider=provider.strip(),
        jp=value,
        completed_on=completed_on,
        competency_type=competency_type,
        file=file,
        original_name=(file.name or "")[:255],
        content_type=content_type,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    certificate.full_clean()
    certificate.save()
    stored = certificate.file.name
    try:  # the file is on disk now: remove it if the audit (and so the transaction) fails
        audit_record(actor=by, action="certificate.upload", target=certificate, jp=str(value))
    except Exception:
        certificate.file.storage.delete(stored)
        raise
    return certificate


def _locked_pending(certificate: Certificate) -> Certificate:
    locked = Certificate.objects.select_for_update().select_related("employee").get(pk=certificate.pk)
    if locked.status != CertificateStatus.PENDING:
        raise ValidationError(
            _("Sertifikat ini sudah diverifikasi atau ditolak."), code="certificate_decided"
        )
    return locked


@transaction.atomic
def certificate_verify(*, certificate: Certificate, by: Any, note: str = "") -> Certificate:
    """Accept a pending certificate: its JP enter the ledger in the year it was completed."""
    certificate = _locked_pending(certificate)
    entry = JPEntry(
        employee=certificate.employee,
        year=certificate.completed_on.year,
        jp=certificate.jp,
        source=JPSource.CERTIFICATE,
        description=f"{certificate.title} ({certificate.provider})"[:255],
        completed_on=certificate.completed_on,
    )
    entry.full_clean()
    entry.save()
    certificate.status = CertificateStatus.VERIFIED
    certificate.jp_entry = entry
    certificate.reviewed_by = by if getattr(by, "is_authenticated", False) else None
    certificate.reviewed_at = timezone.now()
    certificate.review_note = note
    certificate.full_clean()
    certificate.save()
    audit_record(actor=by, action="certificate.verify", target=certificate, jp=str(certificate.jp))
    return certificate


@transaction.atomic
def certificate_reject(*, certificate: Certificate, by: Any, note: str) -> Certificate:
    if not note.strip():
        raise ValidationError({"review_note": _("Alasan penolakan wajib diisi.")})
    certificate = _locked_pending(certificate)
    certificate.status = CertificateStatus.REJECTED
    certificate.reviewed_by = by if getattr(by, "is_authenticated", False) else None
    certificate.reviewed_at = timezone.now()
    certificate.review_note = note.strip()[:255]
    certificate.full_clean()
    certificate.save()
    audit_record(actor=by, action="certificate.reject", target=certificate)
    return certificate


# --- changes after upload: the owner while unverified, an evaluator at any time ---------------------


def _check_may_change(certificate: Certificate, by: Any) -> bool:
    """True for an evaluator; the owning ASN may change only an unverified certificate."""
    if is_evaluator(by):
        return True
    mine = own_employee(by)
    if mine is None or mine.pk != certificate.employee_id:
        raise PermissionDenied
    if certificate.status == CertificateStatus.VERIFIED:
        raise ValidationError(
            _("Sertifikat yang sudah diverifikasi hanya dapat diubah atau dihapus oleh evaluator BKPSDM."),
            code="certificate_verified",
        )
    return False


def may_change_certificate(certificate: Certificate, user: Any) -> bool:
    """Whether ``user`` may edit or delete ``certificate`` now (for showing the links)."""
    try:
        _check_may_change(certificate, user)
    except (PermissionDenied, ValidationError):
        return False
    return True


@transaction.atomic
def certificate_update(
    *,
    certificate: Certificate,
    by: Any,
    title: str,
    provider: str,
    jp: Any,
    completed_on: dt.date,
    competency_type: str = "",
    file: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Certificate:
    """Change a certificate's details (and optionally its file); the same checks as an upload.

    The owner's edit of a rejected certificate sends it back for verification. An evaluator's edit of a
    verified certificate also corrects its JP ledger entry. Nothing is stored when any check fails.
    """
    certificate = Certificate.objects.select_for_update().select_related("employee").get(pk=certificate.pk)
    evaluator = _check_may_change(certificate, by)
    value = _check_jp_and_date(
        employee=certificate.employee, jp=jp, completed_on=completed_on, today=today or timezone.localdate()
    )
    tracked = ("title", "provider", "competency_type", "jp", "completed_on")
    before = {f: str(getattr(certificate, f)) for f in tracked}
    old_file = certificate.file.name
    if file is not None:
        certificate.content_type = certificate_file_check(file)
        certificate.file = file
        certificate.original_name = (file.name or "")[:255]
    certificate.title = title.strip()
    certificate.provider = provider.strip()
    certificate.competency_type = competency_type
    certificate.jp = value
    certificate.completed_on = completed_on
    resubmitted = not evaluator and certificate.status == CertificateStatus.REJECTED
    if resubmitted:
        certificate.status = CertificateStatus.PENDING
        certificate.reviewed_by = None
        certificate.reviewed_at = None
        certificate.review_note = ""
    if certificate.status == CertificateStatus.VERIFIED and certificate.jp_entry_id:
        entry = JPEntry.objects.select_for_update().get(pk=certificate.jp_entry_id)
        entry.jp = value
        entry.year = completed_on.year
        entry.completed_on = completed_on
        entry.description = f"{certificate.title} ({certificate.provider})"[:255]
        entry.full_clean()
        entry.save()
    certificate.full_clean()
    certificate.save()
    after = {f: str(getattr(certificate, f)) for f in tracked}
    changes = {f: [before[f], after[f]] for f in tracked if before[f] != after[f]}
    stored = certificate.file.name
    try:  # a new file is on disk now: remove it if the audit (and so the transaction) fails
        audit_record(
            actor=by,
            action="certificate.update",
            target=certificate,
            changes=changes,
            new_file=file is not None,
            resubmitted=resubmitted,
        )
    except Exception:
        if file is not None:
            certificate.file.storage.delete(stored)
        raise
    if file is not None and old_file and old_file != stored:
        storage = certificate.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return certificate


@transaction.atomic
def certificate_delete(*, certificate: Certificate, by: Any) -> None:
    """Delete a certificate and its file (and, for a verified one deleted by an evaluator, its JP)."""
    certificate = Certificate.objects.select_for_update().select_related("employee").get(pk=certificate.pk)
    _check_may_change(certificate, by)
    audit_record(
        actor=by,
        action="certificate.delete",
        target=certificate,
        status=certificate.status,
        jp=str(certificate.jp),
        jp_entry_removed=certificate.jp_entry_id is not None,
    )
    entry_id, name, storage = certificate.jp_entry_id, certificate.file.name, certificate.file.storage
    certificate.delete()
    if entry_id is not None:
        JPEntry.objects.filter(pk=entry_id).delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
