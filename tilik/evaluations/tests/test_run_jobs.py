"""Running an evaluation plan as a background job (issue 18): the request queues, the worker estimates,
the job page links to the result or names why an estimation could not be made."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any
from unittest import mock

import numpy as np
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import AuditEvent, Role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_unit
from tilik.evaluations.models import EvaluationRun
from tilik.evaluations.services import evaluation_plan_create
from tilik.jobs.models import Job
from tilik.jobs.services import UNEXPECTED
from tilik.jobs.tests.support import job_from_redirect, run_worker
from tilik.performance.models import Indicator, Measurement
from tilik.programs.services import enrollment_create, enrollment_set_status
from tilik.reports.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db
MONTHS = [dt.date(2024 + m // 12, m % 12 + 1, 1) for m in range(24)]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _indicator(code: str) -> Any:
    return Indicator.objects.create(
        code=code, name=f"Waktu {code}", entity_kind="employee", unit_of_measure="jam", direction="lower", source="uji"
    )


def _plan(*indicators):  # untyped: factory_boy instances are not typed as their models
    """6 graduates (angkatan ended March 2025) whose task time falls 3 hours, 6 never trained; the first
    indicator is measured monthly 2024–2025, any other is never measured."""
    unit = make_unit("Dinas Uji Tugas", code="dinas-uji-tugas")
    program = ProgramFactory(name="Prima", slug="prima-tugas", fiscal_year=2025)
    offering = OfferingFactory(program=program, batch=1, start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 5))
    trained, others = [make_asn(unit) for _ in range(6)], [make_asn(unit) for _ in range(6)]
    for person in trained:
        enrollment = enrollment_create(offering=offering, employee=person, by=None)
        for status in ("registered", "attended", "completed"):
            enrollment = enrollment_set_status(enrollment=enrollment, status=status, by=None)
    rng = np.random.default_rng(3)
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicators[0],
            employee=person,
            frequency="monthly",
            period_start=month,
            value=float(20 - (3.0 if person in trained and month >= dt.date(2025, 4, 1) else 0.0) + rng.normal(0, 0.5)),
        )
        for person in trained + others
        for month in MONTHS
    )
    return evaluation_plan_create(
        name="Prima uji tugas",
        programs=[program],
        indicators=list(indicators),
        design="did",
        by=None,
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
    )


def test_the_request_queues_and_the_job_page_links_to_the_result(client):
    plan = _plan(_indicator("uji-tugas"))
    owner = make_user(Role.EVALUATOR)
    client.force_login(owner)
    job = job_from_redirect(client.post(reverse("evaluations:plan_run", args=[plan.pk])))
    assert (job.kind, job.status, job.params) == ("evaluations.run", Job.Status.QUEUED, {"plan": plan.pk})
    assert not EvaluationRun.objects.exists()  # nothing estimated in the request
    assert job_from_redirect(client.post(reverse("evaluations:plan_run", args=[plan.pk]))).pk == job.pk

    run_worker()
    job.refresh_from_db()
    run = EvaluationRun.objects.get()
    assert (job.status, job.summary["runs"], job.summary["errors"]) == (Job.Status.DONE, [run.pk], 0)
    assert run.error == "" and run.estimate is not None and run.estimate < 0  # the planted fall
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "1 estimasi tersimpan." in page and reverse("evaluations:run", args=[run.pk]) in page
    event = AuditEvent.objects.get(action="evaluation.run")
    assert event.actor_id == owner.pk and event.target_id == str(run.pk)


@override_settings(TASKS=IMMEDIATE)
def test_the_immediate_backend_estimates_before_the_redirect(client):
    plan = _plan(_indicator("uji-tugas"))
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.post(reverse("evaluations:plan_run", args=[plan.pk])))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and EvaluationRun.objects.count() == 1


def test_an_estimation_that_cannot_be_made_is_named_on_the_job_page(client):
    plan = _plan(_indicator("uji-tugas"), _indicator("uji-kosong"))
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.post(reverse("evaluations:plan_run", args=[plan.pk])))
    run_worker()
    job.refresh_from_db()
    empty = EvaluationRun.objects.get(indicator__code="uji-kosong")
    assert job.status == Job.Status.DONE and job.summary["errors"] == 1 and empty.error.startswith("Belum dapat")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert (
        "2 estimasi tersimpan." in page
        and "Estimasi Waktu uji-kosong tidak dapat dibuat: Belum dapat dievaluasi" in page
    )
    assert reverse("evaluations:plan", args=[plan.pk]) in page  # two results: the plan lists them


def test_a_crash_fails_the_job_in_indonesian_and_the_retry_keeps_what_was_stored(client):
    plan = _plan(_indicator("uji-tugas"), _indicator("uji-kosong"))
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.post(reverse("evaluations:plan_run", args=[plan.pk])))
    real = __import__("tilik.evaluations.services", fromlist=["analysis_frame"]).analysis_frame

    def second_breaks(plan, indicator):
        if indicator.code == "uji-kosong":
            raise RuntimeError("boom")
        return real(plan, indicator)

    with mock.patch("tilik.evaluations.services.analysis_frame", side_effect=second_breaks):
        run_worker()
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, UNEXPECTED)
    first = EvaluationRun.objects.get()  # the first indicator's run stays; the broken one left nothing
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tugas gagal." in page and "Terjadi galat tak terduga" in page and "boom" not in page

    client.post(reverse("jobs:retry", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and EvaluationRun.objects.count() == 2
    assert job.summary["runs"][0] == first.pk  # kept, not estimated a second time
    assert AuditEvent.objects.filter(action="evaluation.run").count() == 2


def test_a_worker_dying_between_estimations_does_not_duplicate_runs(client):
    plan = _plan(_indicator("uji-tugas"), _indicator("uji-kosong"))
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.post(reverse("evaluations:plan_run", args=[plan.pk])))
    with mock.patch("tilik.jobs.progress.JobProgress.publish_summary", side_effect=SystemExit(9)):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and EvaluationRun.objects.count() == 2
    stale = timezone.now() - timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, EvaluationRun.objects.count()) == (Job.Status.DONE, 2, 2)


def test_a_participant_cannot_queue_a_run(client):
    plan = _plan(_indicator("uji-tugas"))
    client.force_login(make_user(Role.PARTICIPANT))
    assert client.post(reverse("evaluations:plan_run", args=[plan.pk])).status_code == 403
    assert not Job.objects.exists()
