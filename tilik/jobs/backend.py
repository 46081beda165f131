"""What differs between the task backends (TILIK_TASK_BACKEND): when a job reaches the queue, how the worker
loop runs, how long the queue is, and whether a queued task still exists. The Job itself is the same.

- ``database`` (django-tasks-db): the queue row is written in the caller's transaction, so the job and its
  queue entry commit together; the worker is django-tasks-db's ``db_worker``.
- ``rq`` (django-tasks-rq on Redis): Redis is outside the transaction, so the task is sent once the job row
  is committed (a worker quicker than the commit would find no job). A send that fails (Redis down) leaves
  the job queued without a task: ``resend_lost()`` sends it again when a worker starts. The worker is RQ's
  ``SimpleWorker``: one process runs the jobs itself, like ``db_worker`` — no forked work horse that would
  share Django's database connections or outlive a killed worker.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.utils import timezone

from tilik.jobs.models import Job

logger = logging.getLogger(__name__)

QUEUE = "default"
# A queued job whose task is missing from Redis is sent again only after this long: younger ones may be
# between their commit and the send.
RESEND_AFTER_SECONDS = 60


class QueueUnavailable(Exception):
    """The queue cannot be read (Redis or the database is down)."""


def uses_redis() -> bool:
    """RQ is the configured backend (read from TASKS, which TILIK_TASK_BACKEND sets and a test may override)."""
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_rq.")


def send(job: Job) -> None:
    """Hand the job to the backend's queue and record the backend's task id on the job."""
    if uses_redis():
        # robust: a failed send is logged and leaves the committed job queued for resend_lost().
        transaction.on_commit(partial(_send_now, job.pk, job.task_id), robust=True)
        return
    job.task_id = _send_now(job.pk, job.task_id)


def _send_now(pk: int, previous: str) -> str:
    from tilik.jobs.tasks import run_job  # noqa: PLC0415 - the task module imports this one (via services)

    task_id = str(run_job.enqueue(pk).id)[:64]
    # Only over the id this send replaces: a later send's id is never overwritten by an earlier one.
    Job.objects.filter(pk=pk, task_id=previous).update(task_id=task_id)
    return task_id


# --- the queue, read (health, recovery) ---------------------------------------------------------------


def queue_state(now: dt.datetime) -> dict[str, int]:
    """Jobs waiting for a worker and how long the oldest has waited (seconds). Raises QueueUnavailable."""
    if uses_redis():
        return _redis_queue_state(now)
    from django.db import DatabaseError  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    try:
        waiting = DBTaskResult.objects.ready()  # queued and due (a job without run_after carries year 9999)
        queued = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError as exc:
        raise QueueUnavailable(str(exc)) from exc
    return {"queued": queued, "oldest_wait_seconds": int((now - oldest).total_seconds()) if oldest else 0}


def _redis_queue_state(now: dt.datetime) -> dict[str, int]:
    import django_rq  # noqa: PLC0415 - installed with the rq backend only
    from redis.exceptions import RedisError  # noqa: PLC0415
    from rq.job import Job as RQJob  # noqa: PLC0415

    try:
        queue = django_rq.get_queue(QUEUE)
        queued = queue.count
        first = queue.get_job_ids(0, 1)
        enqueued = None
        if first:
            try:
                enqueued = RQJob.fetch(first[0], connection=queue.connection).enqueued_at
            except Exception:  # noqa: BLE001 - the job left the queue meanwhile: no age to report
                enqueued = None
    except RedisError as exc:
        raise QueueUnavailable(str(exc)) from exc
    if enqueued is not None and timezone.is_naive(enqueued):
        enqueued = enqueued.replace(tzinfo=dt.UTC)  # RQ stores UTC
    return {"queued": queued, "oldest_wait_seconds": max(0, int((now - enqueued).total_seconds())) if enqueued else 0}


def task_pending(task_id: str) -> bool:
    """Does the backend still hold this task, waiting or running? (Redis may have lost it: flushed, restarted
    without persistence, or the send after the commit failed.)"""
    if not task_id:
        return False
    if not uses_redis():
        from django_tasks_db.compat import TaskResultStatus  # noqa: PLC0415
        from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

        pending = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        return DBTaskResult.objects.filter(id=task_id, status__in=pending).exists()
    import django_rq  # noqa: PLC0415
    from rq.exceptions import NoSuchJobError  # noqa: PLC0415
    from rq.job import Job as RQJob  # noqa: PLC0415
    from rq.job import JobStatus  # noqa: PLC0415

    try:
        status = RQJob.fetch(task_id, connection=django_rq.get_connection(QUEUE)).get_status()
    except NoSuchJobError:
        return False
    return status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def resend_lost(now: dt.datetime | None = None) -> list[Job]:
    """Queued jobs whose task the backend no longer holds: sent again (RQ only; see the module note)."""
    if not uses_redis():
        return []
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=RESEND_AFTER_SECONDS)
    resent = []
    for job in Job.objects.filter(status=Job.Status.QUEUED, heartbeat_at__lt=cutoff) | Job.objects.filter(
        status=Job.Status.QUEUED, heartbeat_at__isnull=True, created_at__lt=cutoff
    ):
        if not task_pending(job.task_id):
            job.task_id = _send_now(job.pk, job.task_id)
            resent.append(job)
    return resent


# --- the worker loop -----------------------------------------------------------------------------------


def run_worker_loop(*, batch: bool, max_tasks: int | None, interval: float, verbosity: int, stdout: Any) -> None:
    """Run the configured backend's worker until stopped (or, with ``batch``, until the queue is empty)."""
    if not uses_redis():
        args = ["--no-reload", "--no-startup-delay", "--queue-name", QUEUE, "--interval", str(interval)]
        if batch:
            args.append("--batch")
        if max_tasks:
            args += ["--max-tasks", str(max_tasks)]
        call_command("db_worker", *args, verbosity=verbosity, stdout=stdout)
        return
    import django_rq  # noqa: PLC0415

    worker = django_rq.get_worker(QUEUE, job_class="django_tasks_rq.Job", worker_class=_rq_worker_class())
    # RQ blocks on Redis for the next job: no polling interval. SIGINT/SIGTERM: finish the job, then stop.
    worker.work(burst=batch, max_jobs=max_tasks, logging_level="INFO" if verbosity > 1 else "WARNING")


def _rq_worker_class() -> Any:
    from rq import SimpleWorker  # noqa: PLC0415

    class TilikRQWorker(SimpleWorker):
        """RQ's in-process worker; like db_worker it drops a broken or expired database connection around
        each job (a long-lived worker outlives a PostgreSQL restart)."""

        def execute_job(self, job: Any, queue: Any) -> Any:
            close_old_connections()
            try:
                return super().execute_job(job, queue)
            finally:
                close_old_connections()

    return TilikRQWorker
