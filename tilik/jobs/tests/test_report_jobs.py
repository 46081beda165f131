"""Reports as background jobs (issue 18): enqueue → worker → published file → owner-only download."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tilik.core.models import AuditEvent, Role
from tilik.jobs.backend import task_pending
from tilik.jobs.models import Job
from tilik.jobs.progress import TMP_MARK, job_dir
from tilik.jobs.services import UNEXPECTED
from tilik.jobs.tasks import run_job
from tilik.jobs.tests.support import content_of, job_from_redirect, run_worker
from tilik.reports.tests.support import build_programme, make_user

# `tasks`: also run on the RQ backend by scripts/test.sh (step tasks-rq, against a real redis-server).
pytestmark = [pytest.mark.django_db, pytest.mark.tasks]


@pytest.fixture
def data():
    return build_programme()


def _files(job: Job) -> list[str]:
    folder = job_dir(job)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_request_queues_then_worker_publishes_one_file_the_owner_downloads(client, data):
    owner = make_user(Role.EVALUATOR)
    client.force_login(owner)
    job = job_from_redirect(client.get(reverse("reports:year_download", args=[2026, "docx"])))
    assert (job.status, job.owner_id, job.result.name) == (Job.Status.QUEUED, owner.pk, "")
    assert _files(job) == []  # nothing rendered in the request

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.percent, job.attempts) == (Job.Status.DONE, 100, 1)
    assert _files(job) == ["laporan-evaluasi-2026-id.docx"]

    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert response["Content-Disposition"] == 'attachment; filename="laporan-evaluasi-2026-id.docx"'
    assert content_of(response)[:2] == b"PK"  # a zip container: the Word file itself
    event = AuditEvent.objects.get(action="data.export")
    assert event.actor_id == owner.pk
    assert (event.detail["what"], event.detail["fmt"], event.detail["job"]) == ("reports.year:2026", "docx", job.pk)
    assert event.detail["rows"] > 0


def test_another_user_gets_404_an_admin_may_open_it(client, data):
    owner = make_user(Role.EVALUATOR)
    client.force_login(owner)
    job = job_from_redirect(client.get(reverse("reports:program_download", args=[data["program"].slug, "html"])))
    run_worker()
    urls = [reverse(name, args=[job.pk]) for name in ("jobs:detail", "jobs:status", "jobs:download")]

    client.force_login(make_user(Role.EVALUATOR))
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("jobs:list")).content.decode()
    assert not AuditEvent.objects.filter(action="data.export").exists()

    client.force_login(make_user(Role.ADMIN))
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_job_page_shows_progress_and_then_the_download_link(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.get(reverse("reports:year_download", args=[2026, "pdf"])))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<progress max="100" value="0">' in page and "Menunggu pekerja latar belakang" in page
    assert "jobs/poll.js" in page and reverse("jobs:status", args=[job.pk]) in page
    assert 'data-finished="0"' in page and "Belum ada pekerja" not in page
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    late = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "Belum ada pekerja latar belakang yang mengambil tugas ini" in late
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, percent=50, step="Menyusun berkas laporan", started_at=timezone.now()
    )
    status = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert 'value="50"' in status and "Menyusun berkas laporan" in status and "detik lagi" in status

    run_worker()
    status = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert 'data-finished="1"' in status and reverse("jobs:download", args=[job.pk]) in status
    assert "Tugas saya" in client.get(reverse("jobs:list")).content.decode()


def test_failure_shows_the_error_in_indonesian_and_retry_works(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.get(reverse("reports:year_download", args=[2026, "html"])))
    with mock.patch("tilik.reports.jobs.renderer.render_as", side_effect=RuntimeError("boom")):
        run_worker()
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, UNEXPECTED)
    assert _files(job) == []
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tugas gagal." in page and "Terjadi galat tak terduga" in page and "Coba lagi" in page
    assert "boom" not in page  # the exception text is for the log, not the page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404

    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.QUEUED, "")
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_a_vanished_programme_fails_with_a_reason_the_owner_can_read(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.get(reverse("reports:program_download", args=[data["program"].slug, "docx"])))
    Job.objects.filter(pk=job.pk).update(params={**job.params, "program": "tidak-ada"})
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error.startswith("Program ini sudah tidak ada")


def test_a_job_whose_worker_died_before_publishing_is_run_again_and_publishes_one_file(client, data):
    from tilik.jobs.progress import JobProgress

    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.get(reverse("reports:year_download", args=[2026, "html"])))

    def die_midway(self, content, *, name, summary=None):
        # The worker process is killed while writing: a half-written temporary file, no published result.
        folder = job_dir(self.job)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}{TMP_MARK}dead").write_bytes(content[: len(content) // 2])
        raise SystemExit(9)

    with mock.patch.object(JobProgress, "publish_file", die_midway):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.attempts == 1 and not job.result
    assert len(_files(job)) == 1 and TMP_MARK in _files(job)[0]

    run_worker()  # a live job (recent heartbeat) is not taken from its worker
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.attempts == 1

    lost = job.task_id
    if settings.TILIK_TASK_BACKEND == "database":
        # SIGKILL gives the backend no chance to record the end of its task either.
        DBTaskResult.objects.filter(id=lost).update(status="RUNNING", finished_at=None)
    stale = timezone.now() - timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    out = run_worker()
    job.refresh_from_db()
    assert f"requeued job {job.pk}" in out
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert _files(job) == ["laporan-evaluasi-2026-id.html"]
    assert AuditEvent.objects.filter(action="job.requeue", target_id=str(job.pk)).count() == 1
    assert job.task_id != lost and not task_pending(lost)  # the dead run's task is never run again
    if settings.TILIK_TASK_BACKEND == "database":
        assert DBTaskResult.objects.get(id=lost).status == "FAILED"


def test_a_published_job_queued_again_is_not_redone(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    job = job_from_redirect(client.get(reverse("reports:year_download", args=[2026, "html"])))
    run_worker()
    job.refresh_from_db()
    finished = job.finished_at
    run_job.enqueue(job.pk)  # e.g. a requeue racing the worker that had just finished
    with mock.patch("tilik.reports.jobs.renderer.render_as") as render:
        run_worker()
    render.assert_not_called()
    job.refresh_from_db()
    assert (job.status, job.finished_at, job.attempts) == (Job.Status.DONE, finished, 1)
    assert _files(job) == ["laporan-evaluasi-2026-id.html"]


def test_a_second_click_follows_the_pending_job(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    url = reverse("reports:year_download", args=[2026, "docx"])
    first = job_from_redirect(client.get(url))
    assert job_from_redirect(client.get(url)).pk == first.pk
    assert job_from_redirect(client.get(url + "?lang=en")).pk != first.pk


def test_eta_comes_from_comparable_finished_jobs(data):
    from tilik.jobs.selectors import eta_seconds

    owner = make_user(Role.EVALUATOR)
    now = timezone.now()
    params = {"year": 2026, "program": None, "fmt": "docx", "lang": "id"}
    for seconds, fmt in ((20, "docx"), (30, "docx"), (40, "docx"), (500, "html")):
        Job.objects.create(
            key=f"k{seconds}",
            kind="reports.render",
            title="t",
            owner=owner,
            status=Job.Status.DONE,
            params={**params, "fmt": fmt},
            started_at=now - timedelta(seconds=seconds),
            finished_at=now,
        )
    running = Job.objects.create(
        key="run",
        kind="reports.render",
        title="t",
        owner=owner,
        status=Job.Status.RUNNING,
        percent=5,
        params=params,
        started_at=now - timedelta(seconds=10),
    )
    assert eta_seconds(running) == 20  # median of the DOCX year reports (30 s) less the 10 s spent
    Job.objects.filter(status=Job.Status.DONE).delete()
    assert eta_seconds(running) is None  # no history and too early to extrapolate
    running.percent = 50
    assert eta_seconds(running) == 10
