"""The wizard's write step as a background job (issue 18): preview in the request, the write by the worker,
all or nothing, never twice after a worker dies."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import AuditEvent
from tilik.jobs.models import Job
from tilik.jobs.tests.support import job_from_redirect, run_worker
from tilik.performance.models import ImportBatch, Measurement
from tilik.performance.pending import pending_dir

from .conftest import csv_bytes, long_rows

pytestmark = [pytest.mark.django_db, pytest.mark.tasks]  # tasks: also on RQ (scripts/test.sh tasks-rq)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload_and_apply(client, rows):
    upload = SimpleUploadedFile("kinerja.csv", csv_bytes(rows), content_type="text/csv")
    uploaded = client.post(reverse("performance:import_upload"), {"kind": "measurements", "file": upload})
    assert uploaded.status_code == 302
    assert b'id="apply"' in client.get(reverse("performance:import_preview")).content
    return client.post(reverse("performance:import_apply"))


def _pending_files():
    return sorted(p.name for p in pending_dir().iterdir())


def test_apply_queues_the_write_and_the_job_page_shows_the_summary(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    job = job_from_redirect(_upload_and_apply(client, long_rows(employees, puskesmas)))
    assert (job.kind, job.status, job.owner_id) == ("performance.import", Job.Status.QUEUED, evaluator.pk)
    assert Measurement.objects.count() == 0 and len(_pending_files()) == 1  # nothing written in the request
    assert client.post(reverse("performance:import_apply")).status_code == 404  # the wizard has handed it over

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.percent) == (Job.Status.DONE, 100)
    batch = ImportBatch.objects.get()
    assert Measurement.objects.filter(import_batch=batch).count() == 5
    assert job.summary["batch"] == batch.pk and (job.summary["created"], job.summary["rows"]) == (5, 5)
    assert _pending_files() == []  # the kept upload goes once it is written
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f"Impor #{batch.pk} tersimpan: 5 dibuat, 0 diubah, 0 tidak berubah." in page
    assert "Tabel performance_measurement: 5 baris baru, 0 baris diubah (dari 5 baris berkas)." in page
    assert reverse("performance:imports") in page and 'id="job-link"' in page
    event = AuditEvent.objects.get(action="import.measurements")
    assert (event.actor_id, event.detail["created"]) == (evaluator.pk, 5)


@override_settings(TASKS=IMMEDIATE)
def test_the_immediate_backend_writes_before_the_redirect(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    job = job_from_redirect(_upload_and_apply(client, long_rows(employees, puskesmas)))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and Measurement.objects.count() == 5


def test_a_row_gone_bad_since_the_preview_fails_the_job_naming_row_column_and_why(
    client, evaluator, employees, puskesmas
):
    client.force_login(evaluator)
    job = job_from_redirect(_upload_and_apply(client, long_rows(employees, puskesmas)))
    code = puskesmas[0].code
    type(puskesmas[0]).objects.filter(pk=puskesmas[0].pk).update(code="pkm-lain")  # renamed meanwhile
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Impor ditolak: 1 masalah ditemukan; tidak ada data yang ditulis.")
    assert "Baris 4, kolom" in job.error and code in job.error
    assert Measurement.objects.count() == 0 and not ImportBatch.objects.exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tugas gagal." in page and "Baris 4, kolom" in page and 'id="job-retry"' in page

    type(puskesmas[0]).objects.filter(pk=puskesmas[0].pk).update(code=code)  # fixed: Coba lagi writes it
    client.post(reverse("jobs:retry", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, Measurement.objects.count()) == (Job.Status.DONE, 2, 5)


def _stale(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS + 1)
    )


def test_a_worker_dying_mid_write_leaves_nothing_and_the_rerun_writes_once(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    job = job_from_redirect(_upload_and_apply(client, long_rows(employees, puskesmas)))
    # Killed after the rows went in, before the transaction committed.
    with mock.patch("tilik.performance.services_import.audit_record", side_effect=SystemExit(9)):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and Measurement.objects.count() == 0
    assert not ImportBatch.objects.exists()

    _stale(job)
    assert f"requeued job {job.pk}" in run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert (ImportBatch.objects.count(), Measurement.objects.count()) == (1, 5)


def test_a_worker_dying_after_the_commit_is_not_written_again(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    job = job_from_redirect(_upload_and_apply(client, long_rows(employees, puskesmas)))
    with mock.patch("tilik.jobs.progress.JobProgress.publish_summary", side_effect=SystemExit(9)):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and Measurement.objects.count() == 5

    _stale(job)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    batch = ImportBatch.objects.get()  # one batch, one audit event: the rerun only reported it
    assert (Measurement.objects.count(), job.summary["batch"]) == (5, batch.pk)
    assert AuditEvent.objects.filter(action="import.measurements").count() == 1


def test_a_second_click_follows_the_pending_job_and_a_lost_upload_is_explained(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    rows = long_rows(employees, puskesmas)
    first = job_from_redirect(_upload_and_apply(client, rows))
    assert job_from_redirect(_upload_and_apply(client, rows)).pk == first.pk  # same file, same mapping, queued

    for name in _pending_files():
        (pending_dir() / name).unlink()  # e.g. removed by the retention purge while the job waited
    run_worker()
    first.refresh_from_db()
    assert first.status == Job.Status.FAILED
    assert first.error.startswith("Berkas unggahan untuk impor ini sudah tidak ada")
    assert Measurement.objects.count() == 0
