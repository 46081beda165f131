"""The health endpoint (/sehat/): green on a sound installation, red for each fault it watches."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from tilik.core.tests.factories import UserFactory
from tilik.jobs.models import Job

pytestmark = pytest.mark.django_db


def _get(client):
    response = client.get("/sehat/")
    return response, json.loads(response.content)


def test_green_without_login_and_nothing_personal(client, settings) -> None:
    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    response, body = _get(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "worker", "disk"}
    assert body["checks"]["migrations"]["pending"] == 0
    assert response["Cache-Control"].startswith("max-age=0")
    text = response.content.decode()
    assert "SECRET" not in text and str(settings.BASE_DIR) not in text


def test_red_when_the_disk_is_short(client, settings) -> None:
    settings.TILIK_HEALTH_MIN_FREE_MB = 10**12  # more than any disk has
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["disk"]["ok"] is False and body["checks"]["database"]["ok"] is True


def test_red_when_a_running_job_stopped_moving(client, settings) -> None:
    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    stale = timezone.now() - dt.timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS + 60)
    Job.objects.create(
        key="k1", kind="report", title="Laporan", owner=UserFactory(), status=Job.Status.RUNNING, heartbeat_at=stale
    )
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["worker"]["running_stale"] == 1
    assert "Laporan" not in response.content.decode()


def test_red_when_no_worker_takes_the_queue(client, settings) -> None:
    from django_tasks_db.models import DBTaskResult, get_date_max

    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    settings.TILIK_HEALTH_QUEUE_WAIT_SECONDS = 60
    old = timezone.now() - dt.timedelta(minutes=5)
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tilik.jobs.tasks.run_job",
        backend_name="default",
        run_after=get_date_max(),  # what the backend stores for "no earliest time"
        queue_name="default",
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=old)
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["worker"]["queued"] == 1
    assert body["checks"]["worker"]["oldest_wait_seconds"] >= 299
