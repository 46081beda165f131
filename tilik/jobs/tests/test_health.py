"""The health endpoint (/sehat/): green on a sound installation, red for each fault it watches."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
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


def _beat(seconds_ago: float) -> None:
    from tilik.jobs.models import WorkerHeartbeat

    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker="host:1", backend="database", started_at=at, beat_at=at)


def test_healthz_green_with_a_fresh_worker_heartbeat(client, settings) -> None:
    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    _beat(5)
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200, body
    assert response["Content-Type"] == "application/json"
    worker = body["checks"]["worker"]
    assert worker["heartbeat_ok"] is True and 4 <= worker["heartbeat_seconds_ago"] <= 60
    assert body["version"] == importlib.metadata.version("tilik")
    assert "queued" in worker and "free_mb" in body["checks"]["disk"]
    assert "host:1" not in response.content.decode()  # no host names


def test_healthz_red_when_the_newest_worker_heartbeat_is_stale(client, settings) -> None:
    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    _beat(settings.TILIK_HEALTH_HEARTBEAT_STALE_SECONDS + 30)
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["worker"]["ok"] is False and body["checks"]["worker"]["heartbeat_ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert client.get("/sehat/").status_code == 503  # one implementation, two names


def test_real_worker_writes_its_heartbeat(client, settings) -> None:
    from tilik.jobs.models import WorkerHeartbeat
    from tilik.jobs.tests.support import run_worker

    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    _beat(settings.TILIK_HEALTH_HEARTBEAT_STALE_SECONDS + 30)  # a worker stopped earlier
    assert client.get("/healthz").status_code == 503
    run_worker()
    assert WorkerHeartbeat.objects.count() == 2
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True)  # the thread writes on its own connection: no test transaction
def test_heartbeat_thread_beats_on_its_own(settings) -> None:
    import threading

    from tilik.jobs.heartbeat import HeartbeatThread
    from tilik.jobs.models import WorkerHeartbeat

    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    _beat(600)  # a worker that last beat ten minutes ago
    thread = HeartbeatThread("host:1", timezone.now(), interval=0.05)
    thread.start()
    try:
        fresh = threading.Event()
        deadline = timezone.now() + dt.timedelta(seconds=20)
        while timezone.now() < deadline and not fresh.is_set():
            age = timezone.now() - WorkerHeartbeat.objects.get(worker="host:1").beat_at
            if age < dt.timedelta(seconds=60):
                fresh.set()
            else:
                fresh.wait(0.05)
        assert fresh.is_set(), "the thread never beat"
    finally:
        thread.stop()
        thread.join(5)
