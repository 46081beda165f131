"""The import wizard through Django's test client; permissions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.jobs.tests.support import job_from_redirect, run_worker
from tilik.performance.models import ImportBatch, Measurement

from .conftest import csv_bytes, long_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    "name",
    [
        "performance:indicators",
        "performance:imports",
        "performance:import_upload",
        "evaluations:plans",
        "evaluations:plan_create",
    ],
)
def test_pages_need_an_evaluator(client, participant, evaluator, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous -> login
    client.force_login(participant)
    assert client.get(url).status_code == 403
    client.force_login(evaluator)
    assert client.get(url).status_code == 200


def test_participant_cannot_apply_or_undo(client, participant):
    client.force_login(participant)
    assert client.post(reverse("performance:import_apply")).status_code == 403
    assert client.post(reverse("performance:import_undo", args=[1])).status_code == 403


def test_wizard_preview_apply_undo(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    rows = long_rows(employees, puskesmas)
    upload = SimpleUploadedFile("kinerja.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post(
        reverse("performance:import_upload"),
        {"kind": "measurements", "layout": "tilik-kinerja", "file": upload},
    )
    assert response.status_code == 302
    preview = client.get(reverse("performance:import_preview"))
    assert preview.status_code == 200 and b'id="apply"' in preview.content
    assert Measurement.objects.count() == 0
    job = job_from_redirect(client.post(reverse("performance:import_apply")))  # the worker writes (issue 18)
    run_worker()
    done = client.get(reverse("jobs:detail", args=[job.pk]))
    assert Measurement.objects.count() == 5
    assert "5 dibuat" in done.content.decode()
    batch = ImportBatch.objects.get()
    client.post(reverse("performance:import_undo", args=[batch.pk]))
    assert Measurement.objects.count() == 0


def test_wizard_shows_row_errors(client, evaluator, employees, puskesmas):
    client.force_login(evaluator)
    rows = long_rows(employees, puskesmas)
    rows[3][2] = "2025/99"
    upload = SimpleUploadedFile("kinerja.csv", csv_bytes(rows))
    client.post(
        reverse("performance:import_upload"),
        {"kind": "measurements", "file": upload, "save_as": "Register saya"},
    )
    page = client.get(reverse("performance:import_preview")).content.decode()
    assert 'id="rejected"' in page and "format periode" in page and "2025/99" in page
    assert 'id="apply"' not in page
