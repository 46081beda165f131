"""Large list exports as a background job (issue 18): the list's own view, run again by the worker.

``listing.xlsx_response`` queues an export of more than TILIK_EXPORT_BACKGROUND_ROWS rows with the page's
path and query. The worker resolves that path and calls the same view as the job's owner, so the filters,
the sort, the columns and the owner's access are exactly those of the page (checked again at run time);
``xlsx_response`` sees the job on the request and writes the workbook here, with progress, instead of
answering. The file is published by an atomic rename (JobProgress.publish_file); the download from the job
page is the audited export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tilik.core import fmt, listing
from tilik.jobs.errors import JobError
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.jobs.services import job_enqueue, job_similar_pending

KIND = "core.list_export"
STEP = gettext_noop("Menulis baris ke berkas XLSX")
WRITTEN = gettext_noop("%(n)s baris diekspor.")
REFUSED = gettext_noop(
    "Daftar ini tidak dapat diekspor lagi dengan akun Anda (hak akses atau filternya berubah sejak diminta)."
)


def list_export_enqueue(request: HttpRequest, *, filename: str, total: int | None) -> HttpResponse:
    """Queue the export of the list the request shows (same path and query) and open the job page."""
    params = {
        "path": request.path,
        "query": request.GET.urlencode(),
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
    }
    job = job_similar_pending(owner=request.user, kind=KIND, params=params)
    if job is None:
        if total is None:
            title = _("Ekspor %(name)s.xlsx (lebih dari %(n)s baris)") % {
                "name": filename,
                "n": _count(listing.background_rows()),
            }
        else:
            title = _("Ekspor %(name)s.xlsx (%(n)s baris)") % {"name": filename, "n": _count(total)}
        job = job_enqueue(owner=request.user, kind=KIND, title=title, params=params)
    return redirect("jobs:detail", pk=job.pk)


def _count(n: int) -> str:
    return fmt.integer(n)  # 100.000 in Indonesian, 100,000 in English


class _Writer:
    """Handed to ``xlsx_response`` on the worker's request: writes the workbook and publishes it."""

    def __init__(self, job: Job, progress: JobProgress) -> None:
        self.job, self.progress, self.published = job, progress, False

    def __call__(
        self, *, filename: str, sheet: str, columns: Sequence[listing.Column], rows: Iterable[Any], what: str
    ) -> HttpResponse:
        # The list's keys first (its membership and order at this moment), then the rows chunk by chunk, so
        # progress can be written between chunks; a plain iterator is not read twice (percent unknown then).
        total: int | None = None
        if isinstance(rows, QuerySet):
            pks = list(rows.values_list("pk", flat=True))
            total, rows = len(pks), listing.in_chunks(rows, pks)
        elif isinstance(rows, Sequence):
            total = len(rows)
        self.progress.step(1, STEP)

        def on_row(done: int) -> None:
            self.progress.step(round(95 * done / total) if total else 1, STEP)

        content, count = listing.xlsx_bytes(sheet=sheet, columns=columns, rows=rows, on_row=on_row)
        self.progress.publish_file(
            content,
            name=f"{filename}.xlsx",
            summary={
                "content_type": listing.XLSX,
                # What the download's audit event records (as the immediate download does).
                "audit": {"what": what, "rows": count, "fmt": "xlsx", "query": self.job.params.get("query", "")},
                "lines": [{"text": WRITTEN, "values": {"n": count}}],
                "rows": count,
            },
        )
        self.published = True
        return HttpResponse(status=204)


def _request_as_owner(job: Job) -> HttpRequest:
    path, query = str(job.params["path"]), str(job.params.get("query", ""))
    request = RequestFactory().get(f"{path}?{query}" if query else path)
    request.user = job.owner
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return request


def run_list_export(job: Job, progress: JobProgress) -> None:
    try:
        match = resolve(str(job.params["path"]))
    except Resolver404 as exc:
        raise JobError(REFUSED) from exc
    request = _request_as_owner(job)
    writer = _Writer(job, progress)
    request.tilik_export_job = writer  # type: ignore[attr-defined]
    with translation.override(str(job.params.get("lang") or settings.LANGUAGE_CODE)):
        try:
            match.func(request, *match.args, **match.kwargs)
        except (Http404, PermissionDenied) as exc:
            raise JobError(REFUSED) from exc
    if not writer.published:  # the view answered otherwise (a redirect to log in, a refusal)
        raise JobError(REFUSED)
