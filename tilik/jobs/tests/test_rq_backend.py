"""The RQ backend's own behaviour (TILIK_TASK_BACKEND=rq, Redis): sent after the commit, a lost send sent
again when a worker starts, the queue length on /sehat/. Run by scripts/test.sh's tasks-rq step against a
real redis-server; skipped on the database backend (whose queue row commits with the job)."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from tilik.core.models import Role
from tilik.jobs import backend
from tilik.jobs.models import Job
from tilik.jobs.services import job_enqueue
from tilik.jobs.tests.support import run_worker, send_committed
from tilik.reports.tests.support import make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.tasks,
    pytest.mark.skipif(settings.TILIK_TASK_BACKEND != "rq", reason="RQ backend only (scripts/test.sh tasks-rq)"),
]


def _queue():
    import django_rq

    return django_rq.get_queue(backend.QUEUE)


def _enqueue_report(owner) -> Job:
    # A programme that does not exist: the runner fails at once with its Indonesian reason, which is all
    # these tests need from a job (that the worker ran it, once).
    params = {"year": 2026, "program": "tidak-ada", "fmt": "html", "lang": "id"}
    return job_enqueue(owner=owner, kind="reports.render", title="Laporan uji", params=params)


def test_nothing_reaches_redis_before_the_commit(django_capture_on_commit_callbacks):
    owner = make_user(Role.EVALUATOR)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _enqueue_report(owner)
        # A worker quicker than the commit would find no job: the send waits for the commit.
        assert _queue().count == 0 and job.task_id == ""
    assert len(callbacks) == 1
    callbacks[0]()  # the commit
    job.refresh_from_db()
    assert _queue().count == 1 and _queue().get_job_ids() == [job.task_id]
    assert backend.task_pending(job.task_id)


def test_a_send_that_failed_is_made_again_when_a_worker_starts():
    from redis.exceptions import ConnectionError as RedisDown

    owner = make_user(Role.EVALUATOR)
    job = _enqueue_report(owner)
    with mock.patch("django_rq.get_queue", side_effect=RedisDown("Redis tidak menjawab")):
        with pytest.raises(RedisDown):
            send_committed()  # on_commit(robust=True) logs this and the request still answers
    job.refresh_from_db()
    assert (job.status, job.task_id, _queue().count) == (Job.Status.QUEUED, "", 0)

    run_worker()  # a young job may be between its commit and its send: left alone
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    out = run_worker()
    job.refresh_from_db()
    assert f"sent job {job.pk}" in out and "had lost its task" in out
    assert job.status == Job.Status.FAILED and job.attempts == 1 and job.error.startswith("Program ini")
    assert "sent job" not in run_worker()  # finished: never sent again


def test_a_task_redis_lost_is_sent_again_but_a_pending_one_is_not():
    owner = make_user(Role.EVALUATOR)
    kept, lost = _enqueue_report(owner), _enqueue_report(owner)
    send_committed()
    Job.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    kept.refresh_from_db()
    lost.refresh_from_db()
    _queue().remove(lost.task_id)  # e.g. Redis restarted without persistence
    import rq.job

    rq.job.Job.fetch(lost.task_id, connection=_queue().connection).delete()
    resent = backend.resend_lost()
    assert [job.pk for job in resent] == [lost.pk]
    lost.refresh_from_db()
    assert sorted(_queue().get_job_ids()) == sorted([kept.task_id, lost.task_id])


def test_health_reports_the_redis_queue(client, settings):
    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    settings.TILIK_HEALTH_QUEUE_WAIT_SECONDS = 60
    owner = make_user(Role.EVALUATOR)
    _enqueue_report(owner)
    _enqueue_report(owner)
    send_committed()
    body = json.loads(client.get("/sehat/").content)
    worker = body["checks"]["worker"]
    assert (worker["backend"], worker["queued"], worker["ok"]) == ("rq", 2, True)
    assert 0 <= worker["oldest_wait_seconds"] < 60

    later = timezone.now() + dt.timedelta(minutes=5)  # nobody took them for five minutes
    with mock.patch("tilik.jobs.health.timezone.now", return_value=later):
        response = client.get("/sehat/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["worker"]["oldest_wait_seconds"] >= 299

    run_worker()
    worker = json.loads(client.get("/sehat/").content)["checks"]["worker"]
    assert (worker["queued"], worker["ok"]) == (0, True)


def test_health_is_red_when_redis_does_not_answer(client, settings):
    from redis.exceptions import ConnectionError as RedisDown

    settings.TILIK_HEALTH_MIN_FREE_MB = 0
    with mock.patch("django_rq.get_queue", side_effect=RedisDown("down")):
        response = client.get("/sehat/")
    assert response.status_code == 503
    worker = json.loads(response.content)["checks"]["worker"]
    assert (worker["ok"], worker["queue_reachable"]) == (False, False)
    assert "down" not in response.content.decode()  # no error text (it could name hosts)
