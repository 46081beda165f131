"""Benchmark: background jobs (issue 18) — 300 invitations queued and mailed, the demo year's report from
"generate" to download.

Builds the demo into a fresh SQLite file (untimed), starts `tilik worker` as a child process (waits for its
first heartbeat) and a local SMTP sink (aiosmtpd) that the worker mails to. Then, through Django's test
client as the demo evaluator:

- ``send``: an invited wave of 300 ASN with e-mail addresses; the time of the "Kirim undangan" request
  (it only queues the job; target under 1 s, the issue's "returns in under a second") and the invitations
  queued per second of that request, after one untimed warm-up request (the wave page);
- ``delivery``: from that request's return until the job is done and the sink holds 300 mails — mails
  delivered per second, the worker's batches, SMTP connections and ledger included;
- ``report``: the year report of the demo year (DOCX, then PDF): from the request that queues it to the
  downloaded file, polling the job every 50 ms as the job page does (every second there).

    .venv/bin/python bench/jobs.py [--quick] [--out bench/results/jobs.json]

``--quick`` uses 500 employees and 60 invitations (no targets apply).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import REPO_ROOT, TILIK, bench_args, target, tilik_demo, tilik_env, tilik_migrate, write_result

NAME = "jobs"


class Sink:
    """aiosmtpd handler: counts the messages it is handed."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.count += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check: Any, what: str, timeout: float, step: float = 0.05) -> float:
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{what}: not within {timeout} s")
        time.sleep(step)
    return time.perf_counter() - start


def _setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()


def _wave_with_invitations(n: int) -> Any:
    from django.utils import timezone

    from tilik.org.models import Employee
    from tilik.surveys.models import Instrument
    from tilik.surveys.services.library import instrument_load_template
    from tilik.surveys.services.waves import invitation_create, wave_create, wave_publish

    # The demo loads the Level 1 template already; a fresh database would not have it.
    instrument = Instrument.objects.filter(code="level1-reaksi").first() or instrument_load_template(
        name="level1_reaksi", by=None
    )
    now = timezone.now()
    wave = wave_create(
        version=instrument.versions.latest("number"),
        title="Bench: undangan",
        opens_at=now,
        closes_at=now + timezone.timedelta(days=7),
        by=None,
    )
    wave = wave_publish(wave=wave, by=None)
    employees = list(Employee.objects.exclude(email="").order_by("pk")[:n])
    if len(employees) < n:
        raise RuntimeError(f"the demo has only {len(employees)} employees with an e-mail address")
    for employee in employees:
        invitation_create(wave=wave, employee=employee, by=None)
    return wave


def _job_after(response: Any) -> Any:
    from tilik.jobs.models import Job

    if response.status_code != 302 or "/tugas/" not in response.url:
        raise RuntimeError(f"expected a redirect to a job page, got {response.status_code}")
    return Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))


def _done(job: Any) -> bool:
    job.refresh_from_db()
    if job.status == job.Status.FAILED:
        raise RuntimeError(f"job {job.pk} failed: {job.error}")
    return bool(job.status == job.Status.DONE)


def _measure(n_invitations: int, sink: Sink) -> dict[str, float]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tilik.programs.selectors import program_years

    wave = _wave_with_invitations(n_invitations)
    client = Client()
    client.force_login(get_user_model().objects.get(username="evaluator"))
    # Warm-up, untimed: this process's first request imports every view module (a server has done so long
    # before anyone presses a button).
    if client.get(reverse("surveys:wave", args=[wave.pk])).status_code != 200:
        raise RuntimeError("the wave page did not open")

    t0 = time.perf_counter()
    response = client.post(reverse("surveys:wave_action", args=[wave.pk, "send"]))
    send_s = time.perf_counter() - t0
    job = _job_after(response)
    delivery_s = _wait(lambda: _done(job) and sink.count >= n_invitations, "invitations", timeout=600)
    if sink.count != n_invitations:
        raise RuntimeError(f"the sink received {sink.count} mails, expected {n_invitations}")

    year = max(program_years())
    figures: dict[str, float] = {
        "invitations": n_invitations,
        "send_request_s": send_s,
        "invitations_queued_per_s": n_invitations / send_s,
        "delivery_s": delivery_s,
        "mails_per_s": n_invitations / delivery_s,
        "report_year": year,
    }
    for fmt in ("docx", "pdf"):
        t0 = time.perf_counter()
        job = _job_after(client.get(reverse("reports:year_download", args=[year, fmt])))
        _wait(lambda job=job: _done(job), f"{fmt} report", timeout=900)
        download = client.get(reverse("jobs:download", args=[job.pk]))
        body = b"".join(download.streaming_content) if download.streaming else download.content
        figures[f"report_{fmt}_s"] = time.perf_counter() - t0
        if download.status_code != 200 or len(body) < 10_000:
            raise RuntimeError(f"{fmt} download: {download.status_code}, {len(body)} bytes")
    return figures


def main() -> int:
    args = bench_args(__doc__.splitlines()[0] if __doc__ else NAME)
    employees, invitations = (500, 60) if args.quick else (3000, 300)
    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp_port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    with tempfile.TemporaryDirectory(prefix="tilik-bench-") as tmp:
        env = tilik_env(
            tmp,
            TILIK_TASK_BACKEND="database",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            TILIK_MAIL_PER_MINUTE="0",
            MPLCONFIGDIR=str(Path(tmp) / "mpl"),
        )
        tilik_migrate(env)
        tilik_demo(env, employees)
        _setup(env)
        from tilik.jobs.models import WorkerHeartbeat

        worker = subprocess.Popen(  # noqa: S603 - our own command
            [*TILIK, "worker", "--interval", "0.2"], env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL
        )
        try:
            _wait(WorkerHeartbeat.objects.exists, "worker start", timeout=60)
            figures = {"employees": employees, **_measure(invitations, sink)}
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
            controller.stop()
    figures["load_avg_1m"] = os.getloadavg()[0]
    targets = {} if args.quick else {"send_request_s": target(figures["send_request_s"], max=1.0)}
    write_result(
        args.out,
        name=NAME,
        figures=figures,
        targets=targets,
        quick=args.quick,
        notes="one `tilik worker` (database backend, SQLite) beside Django's test client in this process; "
        "mail to a local aiosmtpd sink without rate limit; report_* = request that queues the year report "
        "to the downloaded file (render by the worker included)",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
