"""The import job's percent moves during its all-or-nothing write: the steps are reported beside the
transaction (JobProgress.step_aside) and the job page reads them before the commit."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.jobs.selectors import live_job
from tilik.jobs.tests.support import job_from_redirect, run_worker
from tilik.performance.jobs import STEP_WRITE
from tilik.performance.models import Measurement

from .conftest import csv_bytes, long_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_job_page_moves_during_the_write(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    upload = SimpleUploadedFile("kinerja.csv", csv_bytes(long_rows(employees, puskesmas)), content_type="text/csv")
    client.post(reverse("performance:import_upload"), {"kind": "measurements", "file": upload})
    preview = client.get(reverse("performance:import_preview")).content.decode()
    assert 'name="rows" value="5"' in preview  # the preview's row count goes with the apply form
    job = job_from_redirect(client.post(reverse("performance:import_apply"), {"rows": "5"}))
    assert job.params["rows"] == 5

    seen = []  # (percent written, rows stored as the page's reader sees them, percent and step on the page)
    real = JobProgress.step_aside

    def watch(self, percent, text):
        real(self, percent, text)
        page = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
        shown = live_job(Job.objects.get(pk=job.pk))
        seen.append((percent, shown.percent, shown.step, f'value="{percent}"' in page))

    # Chunks of 2 rows: the 5-row file is written in three steps (5000 rows each in production).
    with (
        mock.patch("tilik.performance.importing.measurements.CHUNK", 2),
        mock.patch("tilik.performance.services_import.BATCH_SIZE", 2),
        mock.patch.object(JobProgress, "step_aside", watch),
    ):
        run_worker()
    percents = [p for p, *_rest in seen]
    assert len(percents) >= 2 and percents == sorted(set(percents)) and 5 < percents[0] and percents[-1] == 95
    assert all(shown == p and step == STEP_WRITE and on_page for p, shown, step, on_page in seen)
    job.refresh_from_db()
    assert (job.status, job.percent, Measurement.objects.count()) == (Job.Status.DONE, 100, 5)
    assert live_job(job).percent == 100  # a finished job shows its row, not a left-over step


def test_without_a_row_count_the_write_reports_no_made_up_percent(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    upload = SimpleUploadedFile("kinerja.csv", csv_bytes(long_rows(employees, puskesmas)), content_type="text/csv")
    client.post(reverse("performance:import_upload"), {"kind": "measurements", "file": upload})
    job = job_from_redirect(client.post(reverse("performance:import_apply")))
    with mock.patch.object(JobProgress, "step_aside") as aside:
        run_worker()
    assert "rows" not in job.params and not aside.called
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
