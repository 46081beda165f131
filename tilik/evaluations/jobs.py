"""Running an evaluation plan as a background job (issue 18): one estimation per indicator, by the worker.

Each estimation is stored together with a ledger entry naming its run (one transaction), so a job run
again after its worker died keeps the runs already stored and estimates only the rest: no duplicate runs.
An estimation that cannot be made is stored with its reason (tilik.evaluations.services.evaluation_run);
the job page lists those reasons and links to the result.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.services import evaluation_run
from tilik.jobs.errors import JobError
from tilik.jobs.models import Job, JobItem
from tilik.jobs.progress import JobProgress

KIND = "evaluations.run"
STEP = gettext_noop("Mengestimasi dampak per indikator")
SAVED = gettext_noop("%(n)s estimasi tersimpan.")
FAILED = gettext_noop("Estimasi %(indicator)s tidak dapat dibuat: %(error)s")
GONE = gettext_noop("Rencana evaluasi ini sudah tidak ada.")
NO_INDICATOR = gettext_noop("Rencana evaluasi ini belum memiliki indikator.")
SEE_RUN = gettext_noop("Lihat hasil evaluasi")
SEE_PLAN = gettext_noop("Lihat rencana evaluasi dan hasilnya")


def _ledger_key(indicator_id: int) -> str:
    return f"indicator:{indicator_id}:run:"


def _stored_run(job: Job, indicator_id: int) -> EvaluationRun | None:
    """The run an earlier attempt of this job stored for the indicator (committed with its ledger entry)."""
    prefix = _ledger_key(indicator_id)
    item = JobItem.objects.filter(job=job, key__startswith=prefix).first()
    return EvaluationRun.objects.filter(pk=int(item.key[len(prefix) :])).first() if item else None


def run_evaluation(job: Job, progress: JobProgress) -> None:
    plan = EvaluationPlan.objects.filter(pk=job.params.get("plan")).first()
    if plan is None:
        raise JobError(GONE)
    indicators = list(plan.indicators.order_by("pk"))
    if not indicators:
        raise JobError(NO_INDICATOR)
    runs = []
    for done, indicator in enumerate(indicators):
        progress.step(round(100 * done / len(indicators)), STEP)
        run = _stored_run(job, indicator.pk)
        if run is None:
            with transaction.atomic():
                Job.objects.select_for_update().filter(pk=job.pk).first()  # one writer per job at a time
                run = _stored_run(job, indicator.pk)  # stored meanwhile by a worker that was only slow
                if run is None:
                    run = evaluation_run(plan=plan, indicator=indicator, by=job.owner)
                    key = f"{_ledger_key(indicator.pk)}{run.pk}"
                    JobItem.objects.create(job=job, key=key, state=JobItem.State.DONE)
        runs.append(run)
    lines = [{"text": SAVED, "values": {"n": len(runs)}}]
    lines += [
        # The reason is stored on the run in Indonesian, as its result page shows it.
        {"text": FAILED, "values": {"indicator": run.indicator.name, "error": run.error}}
        for run in runs
        if run.error
    ]
    if len(runs) == 1:
        link = {"url": reverse("evaluations:run", args=[runs[0].pk]), "text": SEE_RUN}
    else:
        link = {"url": reverse("evaluations:plan", args=[plan.pk]), "text": SEE_PLAN}
    progress.publish_summary(
        {"lines": lines, "link": link, "runs": [run.pk for run in runs], "errors": sum(1 for run in runs if run.error)}
    )
