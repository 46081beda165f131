"""Tugas saya: the user's jobs, one job's progress (polled), its result download and retry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tilik.core import fmt
from tilik.core.security.files import serve_private_file
from tilik.jobs.models import Job
from tilik.jobs.selectors import eta_seconds, job_for, jobs_of, live_job, waiting_for_worker
from tilik.jobs.services import job_retry


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/list.html", {"jobs": jobs_of(request.user)[:100]})


def _worded(values: dict[str, Any]) -> dict[str, Any]:
    """A summary line's counts in the reader's number format (3.000 baris); "id" is a name, not a count."""
    return {
        key: fmt.integer(value) if isinstance(value, int) and not isinstance(value, bool) and key != "id" else value
        for key, value in values.items()
    }


def _context(job: Job) -> dict[str, object]:
    job = live_job(job)
    # A summary line is an Indonesian msgid and its values, worded in the reader's language here.
    lines = [_(str(line["text"])) % _worded(line.get("values", {})) for line in job.summary.get("lines", [])]
    # A link to what the job made (e.g. an evaluation's result page): {"url": ..., "text": msgid}.
    link = job.summary.get("link") if job.status == Job.Status.DONE else None
    if link:
        link = {"url": str(link["url"]), "text": _(str(link["text"]))}
    return {"job": job, "eta": eta_seconds(job), "late": waiting_for_worker(job), "summary_lines": lines, "link": link}


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "jobs/detail.html", _context(job_for(request.user, pk)))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, for the page's poller (tilik/static/jobs/poll.js)."""
    response = render(request, "jobs/_status.html", _context(job_for(request.user, pk)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = job_for(request.user, pk)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    audit = dict(job.summary.get("audit") or {})
    # The result holds personal data: every download is an export in the audit log, by whoever downloads.
    return serve_private_file(
        job.result,
        allowed=True,
        filename=job.result_name,
        content_type=job.summary.get("content_type"),
        actor=request.user,
        what=str(audit.pop("what", f"jobs.{job.kind}")),
        rows=int(audit.pop("rows", 1)),
        job=job.pk,
        **audit,
    )


@login_required
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request.user, pk)
    job_retry(job=job, by=request.user)
    return redirect("jobs:detail", pk=job.pk)
