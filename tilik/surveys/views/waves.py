"""Evaluator screens for waves: create, publish, close, invitations, response rate, poster, exports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tilik.core import listing
from tilik.core.audit import audit_export, audit_view
from tilik.core.models import Role
from tilik.core.permissions import READERS, evaluator_required, role_required
from tilik.core.roles import is_evaluator, role_of
from tilik.jobs.services import job_enqueue, job_similar_pending
from tilik.org.scope import visible_units
from tilik.surveys import export_jobs, exports, published
from tilik.surveys import jobs as invitation_jobs
from tilik.surveys.choices import Audience
from tilik.surveys.forms_builder import WaveForm
from tilik.surveys.models import InstrumentVersion, Response, Wave
from tilik.surveys.poster import poster_pdf
from tilik.surveys.selectors.bursts import exclusions, exclusions_by_wave
from tilik.surveys.selectors.raters import is_360, raters_overview
from tilik.surveys.selectors.waves import response_rate_by_group, response_rate_by_unit, waves_list
from tilik.surveys.services import waves as svc
from tilik.surveys.services.raters import supervisors_invite_proposed
from tilik.surveys.services.responses import wave_state


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@evaluator_required
def wave_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/waves/list.html", {"waves": waves_list()})


@evaluator_required
def wave_create(request: HttpRequest, version_pk: int) -> HttpResponse:
    version = get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=version_pk)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = WaveForm(
        request.POST or None,
        initial={
            "title": version.instrument.title,
            "opens_at": now,
            "closes_at": now + dt.timedelta(days=14),
            "audience": Audience.PUBLIC if version.instrument.kind == "ikm" else Audience.INVITED,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            wave = svc.wave_create(version=version, by=request.user, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("surveys:wave", pk=wave.pk)
    return render(request, "surveys/waves/create.html", {"form": form, "version": version})


@evaluator_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("version__instrument", "unit", "offering__program"), pk=pk)
    public_url = (
        request.build_absolute_uri(reverse("surveys:public", args=[wave.public_slug])) if wave.public_slug else ""
    )
    audit_view(request, what="surveys.wave", target=wave)  # invitees and raters by name
    return render(
        request,
        "surveys/waves/detail.html",
        {
            "wave": wave,
            "state": wave_state(wave),
            "rates": response_rate_by_unit(wave),
            "public_url": public_url,
            "n_responses": wave.responses.count(),
            "exclusions": exclusions(wave) if wave.audience == Audience.PUBLIC else None,
            "locked": svc.wave_has_responses(wave),
            "is_360": is_360(wave),
            "raters": raters_overview(wave, on=timezone.localdate()) if is_360(wave) else None,
            "group_rates": response_rate_by_group(wave) if is_360(wave) else None,
        },
    )


@evaluator_required
@require_POST
def wave_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=pk)
    try:
        if action == "publish":
            svc.wave_publish(wave=wave, by=request.user)
            messages.success(request, _("Gelombang diterbitkan."))
        elif action == "close":
            svc.wave_close(wave=wave, by=request.user)
            messages.success(request, _("Gelombang ditutup."))
        elif action == "invite-offering":
            n = svc.invitations_for_offering(wave=wave, by=request.user)
            messages.success(request, _("%(n)s undangan dibuat.") % {"n": n})
        elif action == "invite-supervisors":
            n = supervisors_invite_proposed(wave=wave, by=request.user)
            messages.success(request, _("%(n)s atasan langsung yang diusulkan diundang.") % {"n": n})
        elif action in ("send", "remind"):
            # Mailed by the background worker (issue 18): the request returns at once, the job page shows
            # the mails going out.
            reminder = action == "remind"
            title = _("Pengingat: %(title)s") if reminder else _("Undangan mengisi: %(title)s")
            job = job_enqueue(
                owner=request.user,
                kind=invitation_jobs.KIND,
                title=title % {"title": wave.title},
                params={"wave": wave.pk, "reminder": reminder, "base_url": _base_url(request)},
            )
            return redirect("jobs:detail", pk=job.pk)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:wave", pk=wave.pk)


def _download(export: exports.Export, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(export.content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@evaluator_required
def whatsapp_list(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=pk)
    export = exports.whatsapp_xlsx(wave, base_url=_base_url(request))
    audit_export(actor=request.user, what=f"surveys.whatsapp:wave={wave.pk}", rows=export.rows, fmt="xlsx")
    return _download(export, filename=f"whatsapp-gelombang-{wave.pk}.xlsx", content_type=exports.XLSX)


@evaluator_required
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=pk)
    export = exports.invitations_xlsx(wave)
    audit_export(actor=request.user, what=f"surveys.invitations:wave={wave.pk}", rows=export.rows, fmt="xlsx")
    return _download(export, filename=f"undangan-gelombang-{wave.pk}.xlsx", content_type=exports.XLSX)


@evaluator_required
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("unit"), pk=pk, audience=Audience.PUBLIC)
    url = request.build_absolute_uri(reverse("surveys:public", args=[wave.public_slug]))
    pdf = poster_pdf(
        url=url,
        unit_name=wave.unit.name if wave.unit else wave.title,
        period=wave.period,
        region=settings.TILIK_REGION_NAME,
        closes=timezone.localtime(wave.closes_at).strftime("%d-%m-%Y"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-skm-{wave.pk}.pdf"'
    return response


@evaluator_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    access = published.access_for(request.user, wave)
    # Live rows for rahasia waves; the published batch (k or more, quasi-identifiers recoded) for anonymous ones.
    ids = None if access.live else published.published_ids(wave)
    if not access.rows or (not access.live and ids is None):
        messages.error(
            request,
            _("Respons gelombang anonim belum dapat diunduh: kurang dari %(k)s respons yang diterbitkan.")
            % {"k": published.k()},
        )
        return redirect("surveys:wave", pk=wave.pk)
    count = len(ids) if ids is not None else Response.objects.counted().filter(wave=wave).count()
    if count > listing.background_rows():
        # A large wave is written by the background worker (issue 18): its page offers the download.
        params = {"wave": wave.pk, "fmt": fmt}
        job = job_similar_pending(owner=request.user, kind=export_jobs.KIND, params=params)
        if job is None:
            title = _("Ekspor respons: %(title)s (%(fmt)s)") % {"title": wave.title, "fmt": fmt.upper()}
            job = job_enqueue(owner=request.user, kind=export_jobs.KIND, title=title, params=params)
        return redirect("jobs:detail", pk=job.pk)
    if fmt == "csv":
        data, content_type = exports.responses_csv(wave, response_ids=ids), "text/csv; charset=utf-8"
    else:
        data, content_type = exports.responses_xlsx(wave, response_ids=ids), exports.XLSX
    audit_export(actor=request.user, what=f"surveys.responses:wave={wave.pk}", rows=data.rows, fmt=fmt)
    return _download(data, filename=f"respons-gelombang-{wave.pk}.{fmt}", content_type=content_type)


def _wave_for_reader(user: object, pk: int) -> Wave:
    wave = get_object_or_404(Wave.objects.select_related("version__instrument", "unit"), pk=pk)
    if role_of(user) == Role.UNIT_HEAD and (
        wave.unit_id is None or not visible_units(user).filter(pk=wave.unit_id).exists()
    ):
        raise Http404
    return wave


@role_required(*READERS, Role.UNIT_HEAD)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave_for_reader(request.user, pk)
    full = is_evaluator(request.user)  # response rates per unit and group: invitations, not answers
    access = published.access_for(request.user, wave)
    return render(
        request,
        "surveys/waves/results.html",
        {
            "wave": wave,
            "res": published.results_for(wave, access),
            "exclusions": exclusions(wave),
            "full": access.cells,
            "rows_access": access.rows,
            "rates": response_rate_by_unit(wave) if full else None,
            "group_rates": response_rate_by_group(wave) if full and is_360(wave) else None,
        },
    )


@role_required(*READERS, Role.UNIT_HEAD)
def ikm_overview(request: HttpRequest) -> HttpResponse:
    units = None if role_of(request.user) in READERS else visible_units(request.user)
    # Public IKM answers are anonymous: published batches, cells below k hidden, for every role.
    rows = published.ikm_rows(units=units)
    excluded = exclusions_by_wave(r["wave"].pk for r in rows)
    for row in rows:
        row["exclusions"] = excluded.get(row["wave"].pk)
    return render(request, "surveys/waves/ikm.html", {"rows": rows, "k": published.k()})
