"""The one task every Tilik job runs through: look up the job, run its kind's runner, record the outcome."""

from __future__ import annotations

import logging

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
    try:
        runner(job, JobProgress(job))
    except JobError as exc:
        job_fail(job, str(exc))
        return "failed"
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_fail(job, UNEXPECTED)
        return "failed"
    return "done"
