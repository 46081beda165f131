"""Writes for reports: the evaluator's edits and uploaded Word templates (audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from tilik.core.audit import audit_record
from tilik.reports.docx_policy import check_template
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


def report_template_check(*, name: str, file: Any, by: Any) -> None:
    """Refuse a broken file or Jinja beyond the report's placeholders (tilik.reports.docx_policy).

    A refusal is audited outside any transaction: a template that tries to reach Python is worth knowing of.
    """
    try:
        check_template(file)
    except ValidationError as exc:
        audit_record(actor=by, action="report.template_refused", name=name[:200], reason="; ".join(exc.messages)[:500])
        raise


def report_template_upload(*, name: str, file: Any, by: Any) -> ReportTemplate:
    report_template_check(name=name, file=file, by=by)
    with transaction.atomic():
        tpl = ReportTemplate(name=name, file=file, uploaded_by=by if getattr(by, "is_authenticated", False) else None)
        tpl.full_clean()
        tpl.save()
        audit_record(actor=by, action="report.template_upload", target=tpl, size=getattr(file, "size", None))
    return tpl


@transaction.atomic
def report_template_set_active(*, template: ReportTemplate, active: bool, by: Any) -> ReportTemplate:
    """Use (or stop using) an uploaded Word template; the newest active one renders the reports."""
    if template.active != active:
        template.active = active
        template.save(update_fields=["active"])
        audit_record(actor=by, action="report.template_active", target=template, active=active)
    return template
