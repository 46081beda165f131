"""The one task every Tilik job runs through: look up the job, run its kind's runner, record the outcome."""

from __future__ import annotations

import logging
import time

from django.utils.module_loading import import_string
from django_tasks import task

from tilik.jobs.errors import JobError
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress, discard_partial
from tilik.jobs.registry import RUNNERS
from tilik.jobs.services import UNEXPECTED, job_fail, job_start

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: int) -> str:
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.status == Job.Status.DONE:
        # Queued twice (a retry racing a requeue, a worker restart): the published result stands.
        return "already-done"
    runner = import_string(RUNNERS[job.kind])
    discard_partial(job)
    job_start(job)
    started = time.perf_counter()
    try:
        runner(job, JobProgress(job))
    except JobError as exc:
        job_fail(job, str(exc))
        return _logged(job, "failed", started)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind, extra={"job_id": job.pk, "kind": job.kind})
        job_fail(job, UNEXPECTED)
        return _logged(job, "failed", started)
    return _logged(job, "done", started)


def _logged(job: Job, status: str, started: float) -> str:
    """One log record per job run (a JSON line in production: tilik/settings/prod.py)."""
    ms = round(1000 * (time.perf_counter() - started), 1)
    extra = {"job_id": job.pk, "kind": job.kind, "status": status, "ms": ms, "attempt": job.attempts}
    logger.info("job %s %s %s", job.pk, job.kind, status, extra=extra)
    return status
