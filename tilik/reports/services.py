"""Writes for reports: the evaluator's edits and uploaded Word templates (audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.reports.models import ReportEdit, ReportTemplate


@transaction.atomic
def report_edit_save(*, key: str, recommendations: dict[str, str], conclusion: str = "", by: Any) -> ReportEdit:
    edit, _created = ReportEdit.objects.get_or_create(key=key)
    edit.recommendations = {str(k): str(v) for k, v in recommendations.items()}
    edit.conclusion = conclusion
    edit.updated_by = by if getattr(by, "is_authenticated", False) else None
    edit.full_clean()
    edit.save()
    audit_record(actor=by, action="report.edit", target=edit, n=len(recommendations))
    return edit


@transaction.atomic
def report_template_upload(*, name: str, file: Any, by: Any) -> ReportTemplate:
    from docx import Document

    try:
        Document(file)
    except Exception as exc:  # python-docx raises several types for a broken file
        raise ValidationError(_("Berkas bukan dokumen Word (.docx) yang sah.")) from exc
    file.seek(0)
    tpl = ReportTemplate(name=name, file=file, uploaded_by=by if getattr(by, "is_authenticated", False) else None)
    tpl.full_clean()
    tpl.save()
    audit_record(actor=by, action="report.template_upload", target=tpl)
    return tpl
