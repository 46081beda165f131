"""A wave's response export above TILIK_EXPORT_BACKGROUND_ROWS runs as a background job (issue 18): the same
file as the immediate download, access checked again by the worker, the download audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent, Profile, Role
from tilik.jobs.models import Job
from tilik.jobs.tests.support import content_of, job_from_redirect, run_worker
from tilik.surveys.choices import RaterGroup
from tilik.surveys.services.raters import rater_invite
from tilik.surveys.services.responses import submit_token
from tilik.surveys.services.waves import invitation_token
from tilik.surveys.tests.world360 import build_world, level3_answers, user_with_role

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(client):
    w = build_world()
    pairs = [(w.alumnus_a, RaterGroup.SELF), (w.kasubbid, RaterGroup.SUPERVISOR), (w.peer_c, RaterGroup.PEER)]
    for rater, group in pairs:
        invitation = rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=rater, rater_group=group, by=None)[0]
        submit_token(token=invitation_token(invitation), answers=level3_answers(4))
    user = user_with_role("evaluator", Role.EVALUATOR)
    client.force_login(user)
    return w, user


def _cells(content: bytes, fmt: str) -> list[tuple]:
    if fmt == "csv":
        return [tuple(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))]
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))  # not bytes: a timestamp


def _exports(user):
    return AuditEvent.objects.filter(action="data.export", actor=user).order_by("pk")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_above_the_threshold_the_worker_writes_the_same_file(client, settings, setup, fmt):
    w, user = setup
    url = reverse("surveys:export", args=[w.wave.pk, fmt])
    settings.TILIK_EXPORT_BACKGROUND_ROWS = 3  # three responses: immediate
    immediate = client.get(url)
    assert immediate.status_code == 200 and _exports(user).count() == 1

    settings.TILIK_EXPORT_BACKGROUND_ROWS = 2
    job = job_from_redirect(client.get(url))
    assert (job.kind, job.params) == ("surveys.responses_export", {"wave": w.wave.pk, "fmt": fmt})
    assert _exports(user).count() == 1  # queued, nothing exported yet
    assert job_from_redirect(client.get(url)).pk == job.pk  # a second click follows it
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.summary["rows"] == 3
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert _cells(content_of(download), fmt) == _cells(immediate.content, fmt)
    assert download["Content-Disposition"] == f'attachment; filename="respons-gelombang-{w.wave.pk}.{fmt}"'
    event = _exports(user).last()
    assert (event.detail["what"], event.detail["rows"], event.detail["job"]) == (
        f"surveys.responses:wave={w.wave.pk}",
        3,
        job.pk,
    )
    assert "3 respons diekspor." in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_the_worker_refuses_when_the_owner_lost_access(client, settings, setup):
    w, user = setup
    settings.TILIK_EXPORT_BACKGROUND_ROWS = 1
    job = job_from_redirect(client.get(reverse("surveys:export", args=[w.wave.pk, "csv"])))
    Profile.objects.filter(user=user).update(role=Role.PARTICIPANT)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error.startswith("Respons gelombang ini tidak dapat diunduh")
    assert not job.result and not _exports(user).exists()


@override_settings(TASKS=IMMEDIATE, TILIK_EXPORT_BACKGROUND_ROWS=1)
def test_the_immediate_backend_publishes_before_the_redirect(client, setup):
    w, _user = setup
    job = job_from_redirect(client.get(reverse("surveys:export", args=[w.wave.pk, "xlsx"])))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.summary["rows"] == 3
