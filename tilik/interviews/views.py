"""Interviews, transcripts, audio and guides. Transcripts are personal data: evaluators and admins read
all of them; a pengode opens the list and the coding page of the interviews assigned to them, nothing else."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.audit import audit_export, audit_view
from tilik.core.form_errors import add_errors
from tilik.core.permissions import coding_required, evaluator_required, manages_interviews
from tilik.interviews import selectors, services
from tilik.interviews.forms import AudioForm, CoderBulkForm, CodersForm, InterviewForm, TranscriptForm
from tilik.interviews.guides import GUIDES, GUIDES_BY_KEY
from tilik.interviews.models import Codebook, Interview, IntervieweeRole
from tilik.interviews.scope import interviews_in_scope
from tilik.org.models import Unit


@coding_required
def interview_list(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("peran", "")
    role = role if role in IntervieweeRole.values else ""
    unit = (
        Unit.objects.filter(pk=int(request.GET.get("unit", "0"))).first()
        if request.GET.get("unit", "").isdigit()
        else None
    )
    in_scope = interviews_in_scope(request.user).values("pk")
    manager = manages_interviews(request.user)
    listed = selectors.interviews(role=role, unit=unit, coder=None if manager else request.user)
    if manager:
        listed = listed.prefetch_related("coders")
    context = {
        "interviews": listed.filter(pk__in=in_scope),
        "manager": manager,
        "bulk": CoderBulkForm() if manager else None,
        "roles": IntervieweeRole.choices,
        "role": role,
        "unit": unit,
        "units": Unit.objects.filter(active=True),
        "codebooks": Codebook.objects.all(),
    }
    return render(request, "interviews/interview_list.html", context)


@evaluator_required
@require_http_methods(["GET", "POST"])
def interview_create(request: HttpRequest) -> HttpResponse:
    form = InterviewForm(request.POST or None, initial={"interviewer": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Wawancara tersimpan. Tambahkan transkripnya."))
            return redirect("interviews:transcript", pk=interview.pk)
    return render(request, "interviews/interview_form.html", {"form": form})


@evaluator_required
@require_http_methods(["GET", "POST"])
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview, pk=pk)
    initial = {f: getattr(interview, f) for f in services.INTERVIEW_FIELDS}
    initial["programs"] = list(interview.programs.all())
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programs = data.pop("programs")
        try:
            services.interview_update(interview=interview, by=request.user, programs=programs, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Wawancara diperbarui."))
            return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/interview_form.html", {"form": form, "interview": interview})


@evaluator_required
@require_http_methods(["GET", "POST"])
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview, pk=pk)
    if request.method == "POST":
        services.interview_delete(interview=interview, by=request.user)
        messages.success(request, _("Wawancara beserta transkrip, segmen dan rekamannya telah dihapus."))
        return redirect("interviews:list")
    return render(request, "interviews/interview_delete.html", {"interview": interview})


@evaluator_required
@require_http_methods(["GET", "POST"])
def transcript_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview, pk=pk)
    transcript = selectors.transcript_of(interview)
    form = TranscriptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text, upload = form.cleaned_data["text"], form.cleaned_data["upload"]
        try:
            services.transcript_set(
                interview=interview, by=request.user, text=text if upload is None else None, upload=upload
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Transkrip tersimpan."))
            return redirect("interviews:detail", pk=interview.pk)
    return render(
        request,
        "interviews/transcript_form.html",
        {"form": form, "interview": interview, "transcript": transcript},
    )


@evaluator_required
@require_http_methods(["GET", "POST"])
def audio_upload(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview, pk=pk)
    form = AudioForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.audio_set(interview=interview, by=request.user, upload=form.cleaned_data["upload"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Rekaman tersimpan."))
            return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/audio_form.html", {"form": form, "interview": interview})


@evaluator_required
def interview_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """Serve an uploaded transcript or recording after the role check (MEDIA_ROOT is never served)."""
    interview = get_object_or_404(Interview, pk=pk)
    if kind == "audio" and interview.audio:
        field_file, name, attachment = interview.audio, interview.audio_name, False
    elif kind == "transkrip" and (t := selectors.transcript_of(interview)) is not None and t.original:
        field_file, name, attachment = t.original, t.original_name, True
    else:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=attachment, filename=name or "")
    extension = (name or "").rsplit(".", 1)[-1] if "." in (name or "") else ""
    audit_export(actor=request.user, what=f"interviews.{kind}:interview={interview.pk}", rows=1, fmt=extension)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@coding_required
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The coding page: transcript with highlights, the code picker and this interview's segments."""
    from tilik.interviews.views_coding import coding_context

    scope = interviews_in_scope(request.user).select_related("unit", "interviewer")
    interview = get_object_or_404(scope, pk=pk)
    audit_view(request, what="interviews.interview", target=interview)  # transcript: personal data
    return render(request, "interviews/interview_detail.html", coding_context(request, interview))


@evaluator_required
@require_http_methods(["GET", "POST"])
def interview_coders(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign pengode accounts to an interview: they may then read its transcript and code it."""
    interview = get_object_or_404(Interview, pk=pk)
    # Not `request.POST or None`: unticking every coder posts nothing but must still save.
    data = request.POST if request.method == "POST" else None
    form = CodersForm(data, initial={"coders": list(interview.coders.all())})
    if request.method == "POST" and form.is_valid():
        try:
            coders = list(form.cleaned_data["coders"])
            services.interview_coders_set(interview=interview, coders=coders, by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Penugasan pengode tersimpan."))
            return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/interview_coders.html", {"form": form, "interview": interview})


@evaluator_required
def guide_list(request: HttpRequest) -> HttpResponse:
    return render(request, "interviews/guide_list.html", {"guides": GUIDES})


@evaluator_required
def guide_detail(request: HttpRequest, key: str) -> HttpResponse:
    guide = GUIDES_BY_KEY.get(key)
    if guide is None:
        raise Http404
    return render(request, "interviews/guide_detail.html", {"guide": guide})


@evaluator_required
@require_POST
def interview_coders_bulk(request: HttpRequest) -> HttpResponse:
    """From the list: one pengode assigned to, or withdrawn from, the ticked interviews."""
    form = CoderBulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("interviews:list")
    data = form.cleaned_data
    try:
        n = services.interviews_coder_assign(
            interviews=list(data["interviews"]),
            coder=data["coder"],
            assign=data["action"] == CoderBulkForm.ASSIGN,
            by=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Penugasan pengode diperbarui pada %(n)d wawancara.") % {"n": n})
    return redirect("interviews:list")
