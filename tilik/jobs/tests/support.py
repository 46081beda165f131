"""Test helpers: run the real worker in-process and follow a queued download to its file."""

from __future__ import annotations

import contextlib
import io
import signal
from functools import partial
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tilik.jobs import backend
from tilik.jobs.models import Job


def run_worker() -> str:
    """Run every queued job now, through `tilik worker --batch` (the configured backend's own worker loop).

    Things differ from a worker process, all because a test holds one open transaction: the loop's
    connection recycling is skipped (it would close the test's connection), the signal handlers the
    worker installs are put back afterwards, and with RQ the sends a commit would have made (backend.send
    waits for the commit) are made first, and sends inside the worker (a requeue) go out at once, as they
    do in a worker, which runs in autocommit.
    """
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"))
            stack.enter_context(mock.patch("tilik.jobs.backend.close_old_connections"))
            if backend.uses_redis():
                send_committed()
                stack.enter_context(mock.patch.object(backend.transaction, "on_commit", _at_once))
            call_command("worker", batch=True, stdout=out)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    return out.getvalue()


def send_committed() -> int:
    """RQ: make the sends the test's transaction holds back until a commit that never comes."""
    pending = [c for c in connection.run_on_commit if isinstance(c[1], partial) and c[1].func is backend._send_now]
    connection.run_on_commit = [c for c in connection.run_on_commit if c not in pending]
    for _, send, _ in pending:
        send()
    return len(pending)


def _at_once(func: Any, using: Any = None, robust: bool = False) -> None:
    func()


def job_from_redirect(response: Any) -> Job:
    assert response.status_code == 302, f"expected a redirect to a job page, got {response.status_code}"
    pk = int(response.url.rstrip("/").rsplit("/", 1)[-1])
    assert response.url == reverse("jobs:detail", args=[pk])
    return Job.objects.get(pk=pk)


def result_of(client: Any, response: Any) -> Any:
    """Follow a response that queued a job: run the worker, then download the job's result."""
    job = job_from_redirect(response)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, f"job {job.pk} {job.status}: {job.error}"
    return client.get(reverse("jobs:download", args=[job.pk]))


def download_via_job(client: Any, url: str) -> Any:
    """GET a download URL that queues a job, run the worker, then download the job's result."""
    return result_of(client, client.get(url))


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def download_from_job_page(page: Any, timeout: float = 180_000) -> Any:
    """Browser tests: on the job page a report link opened, run the worker, wait for the poller to show
    the download link, and download (a Playwright Download)."""
    page.wait_for_url("**/tugas/*/", timeout=timeout)
    run_worker()
    link = page.locator("#job-download")
    link.wait_for(timeout=timeout)
    with page.expect_download(timeout=timeout) as info:
        link.click()
    return info.value
