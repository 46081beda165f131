"""Reading jobs: whose they are, and how long the rest should take."""

from __future__ import annotations

import datetime as dt
import json
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tilik.core.models import Role
from tilik.core.roles import role_of
from tilik.jobs.models import Job
from tilik.jobs.progress import STEP_ASIDE, job_dir


def jobs_of(user: Any) -> QuerySet[Job]:
    return Job.objects.filter(owner=user)


def job_for(user: Any, pk: int) -> Job:
    """The job if the user owns it or is an admin; 404 otherwise (another user's job is not revealed)."""
    job = Job.objects.filter(pk=pk).select_related("owner").first()
    if job is None or (job.owner_id != user.pk and role_of(user) != Role.ADMIN):
        raise Http404
    return job


def live_job(job: Job) -> Job:
    """The job with the step its runner reported from inside a transaction (JobProgress.step_aside), when that
    is newer than the row's: an import's write moves the job page before it commits."""
    if job.status != Job.Status.RUNNING:
        return job
    try:
        note = json.loads((job_dir(job) / STEP_ASIDE).read_text(encoding="utf-8"))
        at = dt.datetime.fromisoformat(note["at"])
        percent, step = int(note["percent"]), str(note["step"])
    except (OSError, ValueError, KeyError, TypeError):
        return job
    if job.heartbeat_at is None or at > job.heartbeat_at:
        job.percent, job.step, job.heartbeat_at = percent, step, at
    return job


def eta_seconds(job: Job) -> int | None:
    """Seconds left: the median duration of the last finished jobs of the same kind, format and programme
    (none for a year report), less the time already spent; without history, from half-way on, the elapsed
    time scaled by the percent still to do. None = unknown.
    """
    if job.status != Job.Status.RUNNING or job.started_at is None:
        return None
    elapsed = (timezone.now() - job.started_at).total_seconds()
    past = (
        Job.objects.filter(
            kind=job.kind,
            status=Job.Status.DONE,
            # Comparable work: a year report takes far longer than one programme's, a PDF than HTML.
            params__fmt=job.params.get("fmt"),
            params__program=job.params.get("program"),
            finished_at__isnull=False,
        )
        .exclude(pk=job.pk)
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:5]
    )
    durations = [(end - start).total_seconds() for start, end in past if start and end]
    if durations:
        return max(1, round(median(durations) - elapsed))
    if job.percent < 50:
        return None  # gathering the data has no steps of its own: an extrapolation from it misleads
    return max(1, round(elapsed * (100 - job.percent) / job.percent))


WORKER_LATE_SECONDS = 60


def waiting_for_worker(job: Job) -> bool:
    """Queued for over a minute: no worker seems to be running (the page says so instead of spinning)."""
    if job.status != Job.Status.QUEUED:
        return False
    since = job.heartbeat_at or job.created_at
    return (timezone.now() - since).total_seconds() > WORKER_LATE_SECONDS
