"""Create, start, fail and retry jobs (every change of hands is audited)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from tilik.core.audit import audit_record
from tilik.jobs.backend import send
from tilik.jobs.models import Job
from tilik.jobs.registry import RUNNERS

# Stored as Indonesian msgids and translated when shown (the worker has no user's language).
STEP_QUEUED = gettext_noop("Menunggu pekerja latar belakang")
STEP_REQUEUED = gettext_noop("Diulang setelah pekerja berhenti")
UNEXPECTED = gettext_noop(
    "Terjadi galat tak terduga saat menjalankan tugas ini. Coba lagi; bila galat berulang, hubungi admin Tilik."
)


def _enqueue(job: Job) -> None:
    # The database backend writes its queue row in this transaction; RQ is sent after the commit (backend.py).
    send(job)


def job_enqueue(*, owner: Any, kind: str, title: str, params: dict[str, Any]) -> Job:
    """Record the job and queue it; returns at once (the worker does the work)."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job(key=uuid.uuid4().hex, kind=kind, title=title[:200], params=params, owner=owner, step=STEP_QUEUED)
        job.full_clean()
        job.save()
        audit_record(actor=owner, action="job.enqueue", target=job, kind=kind, params=params)
        _enqueue(job)
    return job


def job_similar_pending(*, owner: Any, kind: str, params: dict[str, Any]) -> Job | None:
    """The owner's identical job still queued or running (a second click follows it, not a second job)."""
    return (
        Job.objects.filter(owner=owner, kind=kind, params=params, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .order_by("-created_at")
        .first()
    )


def job_start(job: Job) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        attempts=job.attempts + 1,
        started_at=job.started_at or now,
        heartbeat_at=now,
        error="",
    )
    job.refresh_from_db()


def job_fail(job: Job, message: str) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=message, finished_at=timezone.now(), heartbeat_at=timezone.now()
        )
        job.refresh_from_db()
        audit_record(actor="sistem", action="job.failed", target=job, kind=job.kind, attempts=job.attempts)


def job_retry(*, job: Job, by: Any) -> Job:
    """Queue a failed job again under the same key (its result path stays the same)."""
    if job.status != Job.Status.FAILED:
        return job
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.QUEUED,
            percent=0,
            step=STEP_QUEUED,
            error="",
            finished_at=None,
            started_at=None,
            heartbeat_at=timezone.now(),  # queued since: the page warns when no worker takes it
        )
        job.refresh_from_db()
        audit_record(actor=by, action="job.retry", target=job, kind=job.kind)
        _enqueue(job)
    return job


def job_requeue_stale(*, job: Job, heartbeat: Any) -> bool:
    """Queue again a running job whose worker died; False when another worker already did (or it moved)."""
    with transaction.atomic():
        taken = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=heartbeat).update(
            status=Job.Status.QUEUED, step=STEP_REQUEUED, heartbeat_at=timezone.now()
        )
        if not taken:
            return False
        job.refresh_from_db()
        audit_record(actor="sistem", action="job.requeue", target=job, kind=job.kind, attempts=job.attempts)
        _enqueue(job)
    return True
