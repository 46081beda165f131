"""Coding: apply codes to a selection or to ticked sentences, memos and stars, segment lists, suggestions.

A pengode opens only the coding pages of interviews assigned to them (404 for others), sees and changes
only their own segments there (independent coding keeps inter-coder agreement honest), and never stars:
quotes for the report are the evaluation team's choice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tilik.core.permissions import coding_required, evaluator_required, manages_interviews
from tilik.core.roles import role_of
from tilik.interviews import selectors, services_coding
from tilik.interviews.forms import SegmentForm, SegmentUpdateForm, SentenceCodingForm
from tilik.interviews.models import (
    Code,
    Codebook,
    Interview,
    IntervieweeRole,
    Segment,
    Suggestion,
    Transcript,
)
from tilik.interviews.scope import interviews_in_scope
from tilik.org.models import Unit


def _codebook_from(request: HttpRequest) -> Codebook | None:
    raw = request.GET.get("buku") or request.POST.get("codebook") or ""
    if raw.isdigit():
        return get_object_or_404(Codebook, pk=int(raw))
    return Codebook.objects.order_by("name").first()


def _coding_url(interview: Interview, codebook: Codebook | None, only_mine: bool = False) -> str:
    params: dict[str, str | int] = {"buku": codebook.pk} if codebook else {}
    if only_mine:
        params["tampil"] = "saya"
    return reverse("interviews:detail", args=[interview.pk]) + ("?" + urlencode(params) if params else "")


def coding_context(request: HttpRequest, interview: Interview) -> dict[str, Any]:
    transcript = selectors.transcript_of(interview)
    codebook = _codebook_from(request)
    manager = manages_interviews(request.user)
    only_mine = request.GET.get("tampil") == "saya" or not manager
    ctx: dict[str, Any] = {
        "manager": manager,
        "interview": interview,
        "transcript": transcript,
        "codebook": codebook,
        "codebooks": Codebook.objects.all(),
        "only_mine": only_mine,
        "attribution": selectors.attribution(interview),
    }
    if transcript is None or codebook is None:
        return ctx
    segs = list(
        selectors.segments(
            codebook=codebook, transcript=transcript, coder=request.user if only_mine else None
        )
    )
    tree = selectors.code_tree(codebook)
    ctx.update(
        {
            "segments": segs,
            "chunks": selectors.transcript_chunks(transcript, segs),
            "tree": [(code, depth, i + 1) for i, (code, depth) in enumerate(tree)],
            "form": SegmentForm(initial={"codebook": codebook.pk}),
            "url_mine": _coding_url(interview, codebook, True),
            "url_all": _coding_url(interview, codebook),
        }
    )
    return ctx


def _back(interview: Interview, request: HttpRequest) -> HttpResponse:
    codebook_id = request.POST.get("codebook") or request.GET.get("buku")
    codebook = Codebook.objects.filter(pk=int(codebook_id or 0)).first() if str(codebook_id or "").isdigit() else None
    return redirect(_coding_url(interview, codebook, request.POST.get("tampil") == "saya"))


def _transcript(request: HttpRequest, pk: int) -> Transcript:
    """The transcript of an interview in the user's scope (404 otherwise, as if it did not exist)."""
    transcript = (
        Transcript.objects.select_related("interview")
        .filter(interview_id=pk, interview__in=interviews_in_scope(request.user))
        .first()
    )
    if transcript is None:
        raise Http404
    return transcript


@coding_required
@require_POST
def segment_create(request: HttpRequest, pk: int) -> HttpResponse:
    transcript = _transcript(request, pk)
    form = SegmentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(transcript.interview, request)
    data = form.cleaned_data
    try:
        services_coding.segment_create(
            by=request.user,
            transcript=transcript,
            codebook=data["codebook"],
            start=data["start"],
            end=data["end"],
            codes=list(data["codes"]),
            memo=data["memo"],
            quote=data["quote"] or None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kode diterapkan."))
    return _back(transcript.interview, request)


@coding_required
def sentence_picker(request: HttpRequest, pk: int) -> HttpResponse:
    """The no-JavaScript coding path: tick sentences, pick codes, submit."""
    transcript = _transcript(request, pk)
    codebook = _codebook_from(request)
    if codebook is None:
        raise Http404
    sentences = selectors.sentences_of(transcript)
    form = SentenceCodingForm(
        initial={"codebook": codebook.pk}, sentence_spans=[(s, e) for s, e, _ in sentences]
    )
    return render(
        request,
        "interviews/sentence_picker.html",
        {
            "interview": transcript.interview,
            "codebook": codebook,
            "sentences": sentences,
            "form": form,
            "tree": selectors.code_tree(codebook),
        },
    )


@coding_required
@require_POST
def segment_create_sentences(request: HttpRequest, pk: int) -> HttpResponse:
    transcript = _transcript(request, pk)
    spans = [(s, e) for s, e, _ in selectors.sentences_of(transcript)]
    form = SentenceCodingForm(request.POST, sentence_spans=spans)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        codebook_id = request.POST.get("codebook", "")
        url = reverse("interviews:sentences", args=[pk]) + (
            f"?buku={codebook_id}" if codebook_id.isdigit() else ""
        )
        return redirect(url)
    try:
        created = services_coding.segments_create_from_sentences(
            by=request.user,
            transcript=transcript,
            codebook=form.cleaned_data["codebook"],
            spans=form.spans(),
            codes=list(form.cleaned_data["codes"]),
            memo=form.cleaned_data["memo"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)d segmen dikode.") % {"n": len(created)})
    return _back(transcript.interview, request)


def _segment(request: HttpRequest, pk: int) -> Segment:
    in_scope = interviews_in_scope(request.user)
    segments = Segment.objects.select_related("transcript__interview").filter(transcript__interview__in=in_scope)
    return get_object_or_404(segments, pk=pk)


def _own_segment(request: HttpRequest, pk: int) -> Segment:
    segment = _segment(request, pk)
    if segment.coder_id != request.user.pk and role_of(request.user) != "admin":
        raise PermissionDenied
    return segment


@coding_required
@require_POST
def segment_update(request: HttpRequest, pk: int) -> HttpResponse:
    form = SegmentUpdateForm(request.POST)
    segment = _segment(request, pk)
    if form.is_valid():
        action = form.cleaned_data["action"]
        if action == "memo":  # memos belong to their coder; stars are the evaluation team's choice
            segment = _own_segment(request, pk)
            services_coding.segment_update(segment=segment, by=request.user, memo=form.cleaned_data["memo"])
            messages.success(request, _("Memo tersimpan."))
        else:
            if not manages_interviews(request.user):
                raise PermissionDenied
            services_coding.segment_update(segment=segment, by=request.user, starred=action == "star")
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return _back(segment.transcript.interview, request)


@coding_required
@require_POST
def segment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    segment = _own_segment(request, pk)
    interview = segment.transcript.interview
    services_coding.segment_delete(segment=segment, by=request.user)
    messages.success(request, _("Segmen dihapus."))
    return _back(interview, request)


@evaluator_required
def segment_list(request: HttpRequest) -> HttpResponse:
    codebook = _codebook_from(request)
    ctx: dict[str, Any] = {
        "codebook": codebook,
        "codebooks": Codebook.objects.all(),
        "roles": IntervieweeRole.choices,
        "units": Unit.objects.filter(active=True),
    }
    if codebook is not None:
        get = request.GET
        code = codebook.codes.filter(pk=get["kode"]).first() if get.get("kode", "").isdigit() else None
        unit = Unit.objects.filter(pk=get["unit"]).first() if get.get("unit", "").isdigit() else None
        role = get.get("peran", "") if get.get("peran", "") in IntervieweeRole.values else ""
        coder = (
            get_user_model().objects.filter(pk=get["pengode"]).first()
            if get.get("pengode", "").isdigit()
            else None
        )
        segs = selectors.segments(codebook=codebook, code=code, unit=unit, role=role, coder=coder)
        ctx.update(
            {
                "segments": segs,
                "tree": selectors.code_tree(codebook),
                "coders": selectors.coders(codebook),
                "code": code,
                "unit": unit,
                "role": role,
                "coder": coder,
                "n_interviews": len({s.transcript.interview_id for s in segs}),
            }
        )
    return render(request, "interviews/segment_list.html", ctx)


@evaluator_required
def suggestion_list(request: HttpRequest, pk: int) -> HttpResponse:
    from tilik.interviews.selectors_analysis import suggestion_precision

    codebook = get_object_or_404(Codebook, pk=pk)
    code = (
        codebook.codes.filter(pk=request.GET["kode"]).first()
        if request.GET.get("kode", "").isdigit()
        else None
    )
    pending = list(selectors.suggestions(codebook=codebook, code=code)[:200])
    for s in pending:
        s.sentence = s.transcript.text[s.start : s.end]  # type: ignore[attr-defined]
        s.attribution = selectors.attribution(s.transcript.interview)  # type: ignore[attr-defined]
    return render(
        request,
        "interviews/suggestions.html",
        {
            "codebook": codebook,
            "code": code,
            "pending": pending,
            "precision": suggestion_precision(codebook),
            "counts": selectors.suggestion_counts(codebook),
            "tree": selectors.code_tree(codebook),
        },
    )


@evaluator_required
@require_POST
def suggestion_generate(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    n = services_coding.suggestions_generate(codebook=codebook, by=request.user)
    messages.success(request, _("%(n)d saran baru dibuat. Terima atau tolak satu per satu.") % {"n": n})
    return redirect("interviews:suggestions", pk=codebook.pk)


@evaluator_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.select_related("code__codebook", "transcript"), pk=pk)
    try:
        if decision == "terima":
            services_coding.suggestion_accept(suggestion=suggestion, by=request.user)
        elif decision == "tolak":
            services_coding.suggestion_reject(suggestion=suggestion, by=request.user)
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    url = reverse("interviews:suggestions", args=[suggestion.code.codebook_id])
    code_id = request.POST.get("kode", "")
    return redirect(url + (f"?kode={code_id}" if code_id.isdigit() else ""))


def codes_for(codebook: Codebook) -> list[Code]:
    return [c for c, _ in selectors.code_tree(codebook)]
