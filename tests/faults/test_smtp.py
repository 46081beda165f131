"""The mail server refuses, then accepts: invitations are retried and each is delivered exactly once (issue 18
item 6). The mail server is a stand-in: aiosmtpd on a loopback port (and, for "refuses", a socket that greets
every connection with 554), counting what reaches it per recipient; `tilik worker` runs as a subprocess."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.faults.conftest import BIN, Stack, free_port, job_state, skip_reasons, wait_until

pytestmark = skip_reasons()

N = 30  # two batches of the invitation job (20 per SMTP connection)


def _setup(label: str, born: str) -> str:
    # born: part of the NIP make_employee builds from a per-process counter; distinct per test, so two
    # processes never build the same NIP in the shared database.
    return f"""
import uuid
from tilik.core.models import Role
from tilik.core.tests.factories import make_employee
from tilik.jobs.services import job_enqueue
from tilik.reports.tests.support import make_user
from tilik.surveys.jobs import KIND
from tilik.surveys.services.waves import invitation_create
from tilik.surveys.tests.conftest import load, open_wave
from tilik.surveys.models import Instrument
# One instrument per database: a test before this one may have loaded it.
wave = open_wave(Instrument.objects.filter(code="level1-reaksi").first() or load("level1_reaksi"))
for i in range({N}):
    employee = make_employee(name=f"Peserta {{i}}", email=f"{label}-{{i}}@example.org", born="{born}")
    invitation_create(wave=wave, employee=employee, by=None)
owner = make_user(Role.EVALUATOR, username=f"evaluator-{{uuid.uuid4().hex[:8]}}")
job = job_enqueue(owner=owner, kind=KIND, title="Undangan", params={{"wave": wave.pk, "reminder": False,
                  "base_url": "http://localhost"}})
out = job.pk
"""


class Sink:
    """aiosmtpd handler: counts each recipient's mails; while ``refuse_from`` is set, the message with that
    number and every later one is refused with 451 (a temporary failure)."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.messages = 0
        self.refuse_from: int | None = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            if self.refuse_from is not None and self.messages + 1 >= self.refuse_from:
                return "451 4.3.0 Server sibuk, coba lagi nanti"
            self.messages += 1
            self.received.update(envelope.rcpt_tos)
        return "250 OK"


class Refuser(threading.Thread):
    """A mail server that is there but refuses service: greets each connection with 554 and hangs up."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen()
        self.refused = 0

    def run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            conn.sendall(b"554 5.3.2 Layanan surel belum siap\r\n")
            conn.close()
            self.refused += 1

    def close(self) -> None:
        # shutdown wakes the accept() blocked in run() (close alone leaves the port listening until it returns).
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        if self.is_alive():
            self.join(timeout=10)


@pytest.fixture
def port() -> Iterator[int]:
    yield free_port()


def _mail_env(port: int, **extra: str) -> dict[str, str]:
    return {
        "TILIK_TASK_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        **extra,
    }


def _sent(stack: Stack, pk: int) -> int:
    rows = stack.sql("SELECT count(*) AS n FROM jobs_jobitem WHERE job_id = %s AND state = 'done'", pk)
    return int(rows[0]["n"])


def test_a_refusing_server_is_tried_again_and_each_invitation_goes_once(stack: Stack, port: int) -> None:
    pk = stack.python(_setup("tolak-sambung", "19800101"))
    refuser = Refuser(port)
    refuser.start()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    env = _mail_env(port, TILIK_MAIL_CONNECT_TRIES="6")  # pauses 1, 2, 4, 8, 16 s between tries
    worker = stack.start([str(BIN / "tilik"), "worker", "--batch"], "smtp-1.log", **env)
    try:
        wait_until(lambda: refuser.refused >= 1, "the worker's first (refused) connection", timeout=120)
        refuser.close()
        controller.start()  # the server now accepts, on the same port
        assert worker.wait(timeout=300) == 0, stack.log("smtp-1.log")
    finally:
        refuser.close()
        if worker.poll() is None:
            worker.kill()
        controller.stop()
    state = job_state(stack, pk)
    assert state["status"] == "done", (state, stack.log("smtp-1.log"))
    assert refuser.refused >= 1
    expected = {f"tolak-sambung-{i}@example.org" for i in range(N)}
    assert set(sink.received) == expected and set(sink.received.values()) == {1}  # each exactly once
    assert _sent(stack, pk) == N


def test_a_mail_refused_mid_batch_is_sent_by_coba_lagi_and_nobody_gets_two(stack: Stack, port: int) -> None:
    pk = stack.python(_setup("tolak-kirim", "19810202"))
    sink = Sink()
    sink.refuse_from = 5  # the first four go out, the fifth is refused
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = _mail_env(port)
    try:
        first = stack.tilik("worker", "--batch", **env)
        assert first.returncode == 0, first.stderr[-3000:]
        state = job_state(stack, pk)
        assert state["status"] == "failed" and state["error"].startswith("Server surel menolak pengiriman"), state
        assert sum(sink.received.values()) == 4 and _sent(stack, pk) == 4

        sink.refuse_from = None  # the server accepts again; the owner presses Coba lagi
        stack.python(
            "from tilik.jobs.models import Job\nfrom tilik.jobs.services import job_retry\n"
            f"job = Job.objects.get(pk={pk})\njob_retry(job=job, by=job.owner)\nout = job.status"
        )
        second = stack.tilik("worker", "--batch", **env)
        assert second.returncode == 0, second.stderr[-3000:]
    finally:
        controller.stop()
    state = job_state(stack, pk)
    assert (state["status"], state["attempts"]) == ("done", 2), state
    expected = {f"tolak-kirim-{i}@example.org" for i in range(N)}
    assert set(sink.received) == expected and set(sink.received.values()) == {1}  # each exactly once
    assert _sent(stack, pk) == N
