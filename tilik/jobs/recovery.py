"""Jobs a dead worker left running: queued again when a worker starts (issue 18: a job survives a restart)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tilik.jobs.models import Job
from tilik.jobs.services import job_requeue_stale


def requeue_stale_jobs() -> list[Job]:
    """Running jobs without progress for TILIK_JOB_STALE_SECONDS: their worker is taken for dead.

    The runner publishes by an atomic rename to a path named by the job key, so a worker that was only
    slow and finishes after all still leaves one file, not two.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS)
    requeued = []
    for job in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff):
        lost_task = job.task_id
        if job_requeue_stale(job=job, heartbeat=job.heartbeat_at):
            _close_lost_task(lost_task)
            requeued.append(job)
    return requeued


def _close_lost_task(task_id: str) -> None:
    """A worker killed mid-task leaves the database backend's row "running" for ever: mark it failed, so
    the backend's own admin and pruning tell the truth (the job itself runs again under a new task)."""
    if settings.TILIK_TASK_BACKEND != "database" or not task_id:
        return
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="tilik.jobs.recovery.WorkerLost",
    )
