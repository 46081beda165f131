"""The import wizard (upload → preview → apply; the write runs as a background job), import history with undo,
and the indicator catalogue."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tilik.core.permissions import evaluator_required
from tilik.jobs.services import job_enqueue, job_similar_pending
from tilik.performance import jobs as import_jobs
from tilik.performance import selectors
from tilik.performance.forms import UploadForm
from tilik.performance.models import ImportBatch
from tilik.performance.pending import pending_dir
from tilik.performance.services import import_undo, layout_save
from tilik.performance.services_import import import_preview

SESSION_KEY = "tilik_import_pending"


@evaluator_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("jenis", "measurements")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        if upload.size > settings.TILIK_IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("Berkas melebihi batas %(mb)s MB.") % {"mb": settings.TILIK_IMPORT_MAX_BYTES // 10**6},
            )
        else:
            kind = data["kind"]
            layout = (
                data["layout"]
                or {
                    "measurements": "tilik-kinerja",
                    "employees": "tilik-pegawai",
                    "enrolments": "tilik-peserta",
                }[kind]
            )
            mapping = data["mapping"] or selectors.layout_mapping(layout, kind=kind)
            if mapping is None:
                form.add_error("layout", _("Tata letak tidak dikenal."))
            else:
                if data["save_as"]:
                    layout_save(name=data["save_as"], kind=kind, mapping=mapping, by=request.user)
                    layout = data["save_as"]
                content = upload.read()
                token = hashlib.sha256(content).hexdigest()
                (pending_dir() / token).write_bytes(content)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "name": upload.name,
                    "kind": kind,
                    "layout": layout,
                    "mapping": mapping,
                }
                return redirect("performance:import_preview")
    layouts = {kind: selectors.layout_choices(kind) for kind in ("measurements", "employees", "enrolments")}
    return render(request, "performance/import_upload.html", {"form": form, "layouts": layouts})


def _pending(request: HttpRequest) -> tuple[dict[str, object], Path]:
    pending = request.session.get(SESSION_KEY)
    if not pending:
        raise Http404
    path = pending_dir() / str(pending["token"])
    if not path.is_file():
        raise Http404
    return pending, path


@evaluator_required
def import_preview_view(request: HttpRequest) -> HttpResponse:
    pending, path = _pending(request)
    preview = import_preview(
        kind=str(pending["kind"]),
        content=path.read_bytes(),
        filename=str(pending["name"]),
        mapping=dict(pending["mapping"]),  # type: ignore[call-overload]
    )
    return render(
        request,
        "performance/import_preview.html",
        {
            "pending": pending,
            "preview": preview,
            "mapping_json": json.dumps(pending["mapping"], ensure_ascii=False, indent=1),
        },
    )


@evaluator_required
@require_POST
def import_apply_view(request: HttpRequest) -> HttpResponse:
    """Queue the write (tilik/performance/jobs.py) and show its job page; the request returns at once."""
    pending, _path = _pending(request)
    rows = request.POST.get("rows", "")
    params = import_jobs.import_params(pending, rows=int(rows) if rows.isdigit() else 0)
    job = job_similar_pending(owner=request.user, kind=import_jobs.KIND, params=params)
    if job is None:
        job = job_enqueue(
            owner=request.user,
            kind=import_jobs.KIND,
            title=_("Impor %(name)s") % {"name": pending["name"]},
            params=params,
        )
    del request.session[SESSION_KEY]  # the job keeps the upload until it has written it
    return redirect("jobs:detail", pk=job.pk)


@evaluator_required
def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "performance/import_list.html", {"batches": selectors.import_history()})


@evaluator_required
@require_POST
def import_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        import_undo(batch=batch, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Impor #%(id)s dibatalkan.") % {"id": batch.pk})
    return redirect("performance:imports")


@evaluator_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(request, "performance/indicator_list.html", {"rows": selectors.indicator_coverage()})
