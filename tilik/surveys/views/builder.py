"""Evaluator screens for instruments: list, create, load a template, import XLSForm, edit questions."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tilik.core.audit import audit_export
from tilik.core.form_errors import add_errors
from tilik.core.permissions import evaluator_required
from tilik.surveys import exports
from tilik.surveys.forms_builder import (
    InstrumentForm,
    QuestionForm,
    SectionForm,
    TemplateForm,
    XLSFormUploadForm,
)
from tilik.surveys.models import InstrumentVersion, Question
from tilik.surveys.selectors.waves import instruments_list
from tilik.surveys.services import instruments as svc
from tilik.surveys.services.library import instrument_load_template, shipped_templates
from tilik.surveys.services.xlsform import XLSFormError, instrument_from_xlsform
from tilik.surveys.xlsform_export import version_xlsform as version_xlsform_bytes

PENDING_XLSFORM = "surveys.pending_xlsform"



@evaluator_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    names = list(shipped_templates())
    create_form = InstrumentForm(request.POST if request.POST.get("form") == "create" else None, prefix="new")
    template_form = TemplateForm(
        request.POST if request.POST.get("form") == "template" else None, names=names, prefix="tpl"
    )
    upload_form = XLSFormUploadForm(
        request.POST if request.POST.get("form") == "xlsform" else None, request.FILES or None, prefix="xls"
    )
    problems: list[Any] = []
    can_import_rest = False
    preview = None
    if request.method == "POST":
        try:
            if request.POST.get("form") == "xlsform_cancel":
                request.session.pop(PENDING_XLSFORM, None)
                return redirect("surveys:instruments")
            if request.POST.get("form") == "xlsform_confirm" and PENDING_XLSFORM in request.session:
                pending = request.session[PENDING_XLSFORM]
                instrument = instrument_from_xlsform(
                    fileobj=io.BytesIO(base64.b64decode(pending["data"])),
                    code=pending["code"],
                    by=request.user,
                    accept_changes=True,
                    attachments={k: base64.b64decode(v) for k, v in pending.get("attachments", {}).items()},
                )
                request.session.pop(PENDING_XLSFORM, None)
                return redirect("surveys:version", pk=instrument.versions.get().pk)
            if request.POST.get("form") == "create" and create_form.is_valid():
                instrument = svc.instrument_create(by=request.user, **create_form.cleaned_data)
                return redirect("surveys:version", pk=instrument.versions.get().pk)
            if request.POST.get("form") == "template" and template_form.is_valid():
                instrument = instrument_load_template(
                    name=template_form.cleaned_data["template"],
                    code=template_form.cleaned_data["code"],
                    by=request.user,
                )
                return redirect("surveys:version", pk=instrument.versions.get().pk)
            if request.POST.get("form") == "xlsform" and upload_form.is_valid():
                data = upload_form.cleaned_data["file"].read()
                attachments = upload_form.cleaned_data["attachments"]
                try:
                    instrument = instrument_from_xlsform(
                        fileobj=io.BytesIO(data),
                        code=upload_form.cleaned_data["code"],
                        by=request.user,
                        attachments=attachments,
                    )
                except XLSFormError as exc:
                    # Kept so "Impor sisanya" imports exactly the files whose problems were shown.
                    if exc.can_import_rest:
                        request.session[PENDING_XLSFORM] = {
                            "data": base64.b64encode(data).decode("ascii"),
                            "code": upload_form.cleaned_data["code"],
                            "attachments": {k: base64.b64encode(v).decode("ascii") for k, v in attachments.items()},
                        }
                    raise
                return redirect("surveys:version", pk=instrument.versions.get().pk)
        except XLSFormError as exc:
            problems, can_import_rest, preview = exc.problems, exc.can_import_rest, exc.preview
            upload_form.add_error(
                "file", _("Formulir belum diimpor: %(n)s masalah, lihat tabel di bawah.") % {"n": len(problems)}
            )
        except ValidationError as exc:
            target = {"create": create_form, "template": template_form}.get(request.POST.get("form", ""), upload_form)
            add_errors(target, exc)
    return render(
        request,
        "surveys/builder/instrument_list.html",
        {
            "instruments": instruments_list(),
            "create_form": create_form,
            "template_form": template_form,
            "upload_form": upload_form,
            "xlsform_problems": problems,
            "xlsform_can_import_rest": can_import_rest,
            "xlsform_preview": preview,
        },
    )


def _version(pk: int) -> InstrumentVersion:
    return get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=pk)


def _question_form(version: InstrumentVersion, data: object = None, initial: dict | None = None) -> QuestionForm:
    sections = [(s.pk, s.title) for s in version.sections.order_by("order")]
    return QuestionForm(data, sections=sections, initial=initial, prefix="q")


@evaluator_required
def version_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as an XLSForm workbook (for KoboToolbox/ODK or to edit in a spreadsheet and re-import)."""
    version = _version(pk)
    body = version_xlsform_bytes(version)
    what = f"surveys.xlsform:{version.instrument.code}"
    audit_export(actor=request.user, what=what, rows=version.questions.count(), fmt="xlsx")
    response = HttpResponse(body, content_type=exports.XLSX)
    name = f"{version.instrument.code}-v{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@evaluator_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    section_form = SectionForm(request.POST if request.POST.get("form") == "section" else None, prefix="s")
    question_form = _question_form(version, request.POST if request.POST.get("form") == "question" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "section" and section_form.is_valid():
                section = svc.section_create(version=version, by=request.user, **section_form.cleaned_data)
                return redirect("surveys:version", pk=section.version_id)
            if request.POST.get("form") == "question" and question_form.is_valid():
                section = get_object_or_404(version.sections, pk=question_form.cleaned_data["section"])
                question = svc.question_create(section=section, by=request.user, **question_form.service_kwargs())
                if question.version_id != version.pk:
                    messages.info(request, _("Versi ini sudah berisi respons; perubahan disimpan sebagai versi baru."))
                return redirect("surveys:version", pk=question.version_id)
        except ValidationError as exc:
            add_errors(section_form if request.POST.get("form") == "section" else question_form, exc)
    instrument = version.instrument
    return render(
        request,
        "surveys/builder/version.html",
        {
            "version": version,
            "instrument": instrument,
            "latest": instrument.versions.order_by("-number").first(),
            "frozen": svc.version_is_frozen(version),
            "sections": version.sections.prefetch_related("questions__choices").order_by("order"),
            "section_form": section_form,
            "question_form": question_form,
        },
    )


def _choice_line(choice: Any) -> str:
    score = "" if choice.score is None else choice.score
    return f"{choice.value} | {choice.label} | {score}" + (" | benar" if choice.is_correct else "")


@evaluator_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("version__instrument", "show_if_question", "section"), pk=pk
    )
    version = question.version
    initial = {
        "section": question.section_id,
        "code": question.code,
        "qtype": question.qtype,
        "text": question.text,
        "text_en": question.text_en,
        "required": question.required,
        "scale_points": question.scale_points,
        "construct": question.construct,
        "reverse_keyed": question.reverse_keyed,
        "ikm_unsur": question.ikm_unsur,
        "points": question.points,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "choices_text": "\n".join(_choice_line(c) for c in question.choices.all()),
        "show_if_code": question.show_if_question.code if question.show_if_question else "",
        "show_if_values": ", ".join(question.show_if_values or []),
    }
    form = _question_form(version, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        show_code = kwargs.pop("show_if_code")
        show_values = kwargs.pop("show_if_values")
        choices = kwargs.pop("choices")
        if question.qtype == "likert" and kwargs["qtype"] == "likert" and not choices:
            choices = None
        # The form edits value, label, score and key; filter columns and other languages stay with their value.
        kept = {c.value: c for c in question.choices.all()}
        for choice in choices or []:
            if str(choice.get("value")) in kept:
                choice.setdefault("filters", kept[str(choice["value"])].filters)
                choice.setdefault("other_languages", kept[str(choice["value"])].other_languages)
        try:
            condition = version.questions.filter(code=show_code).first() if show_code else None
            if show_code and condition is None:
                raise ValidationError({"show_if_code": _("Kode butir syarat tidak ditemukan.")})
            updated = svc.question_update(question=question, by=request.user, choices=choices, **kwargs)
            if condition is not None or question.show_if_question_id:
                target = updated.version.questions.filter(code=show_code).first() if show_code else None
                updated = svc.question_set_show_if(
                    question=updated, condition=target, values=show_values, by=request.user
                )
            if updated.version_id != version.pk:
                messages.info(request, _("Versi ini sudah berisi respons; perubahan disimpan sebagai versi baru."))
            return redirect("surveys:version", pk=updated.version_id)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "surveys/builder/question_edit.html",
        {"question": question, "form": form, "version": version},
    )


@evaluator_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    version = svc.question_delete(question=question, by=request.user)
    return redirect("surveys:version", pk=version.pk)
