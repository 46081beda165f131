"""Production smoke test (issue 18): the fault suite's stack (its own PostgreSQL, `tilik worker` and gunicorn with
tilik.settings.prod) behind Debian's nginx, driven by Chromium through nginx. An evaluator sends a wave's
invitations, the participant answers through the mailed token link, the evaluator downloads a report the worker
built; /healthz is green, then red once the worker is stopped and its heartbeat goes stale."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.faults.conftest import BIN, ROOT, Stack, free_port, skip_reasons, stop_group, wait_until
from tests.stack.test_nginx_gunicorn import NGINX, can_connect, nginx_conf

# ruff: noqa: S603 - starts our own programs (gunicorn, nginx) with fixed arguments

pytestmark = [
    *skip_reasons(),
    pytest.mark.skipif(os.geteuid() != 0, reason="runs as root (its PostgreSQL cluster runs as the postgres user)"),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx missing (scripts/bootstrap.sh --system installs it)"),
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"Chromium missing at {CHROMIUM}"),
]

PASSWORD = "Rahasia-Tilik-2026"
STALE = "3"  # TILIK_HEALTH_HEARTBEAT_STALE_SECONDS for gunicorn: the worker beats every second (the stack's env)

SETUP = f"""
import uuid
from tilik.core.models import Role
from tilik.core.tests.factories import make_employee, make_user
from tilik.programs.models import Program
from tilik.reports.tests.support import build_programme
from tilik.surveys.models import Instrument
from tilik.surveys.services.waves import invitation_create
from tilik.surveys.tests.conftest import load, open_wave
program = Program.objects.filter(slug__startswith="pelayanan-prima").first() or build_programme()["program"]
# One instrument per database: a test before this one may have loaded it.
wave = open_wave(Instrument.objects.filter(code="level1-reaksi").first() or load("level1_reaksi"))
employee = make_employee(name="Ni Luh Asap", email="smoke@example.org", born="19700707")
invitation_create(wave=wave, employee=employee, by=None)
user = make_user(Role.EVALUATOR, username=f"evaluator-{{uuid.uuid4().hex[:8]}}")
user.set_password("{PASSWORD}")
user.save()
out = dict(wave=wave.pk, program=program.slug, username=user.username)
"""


class Inbox:
    """aiosmtpd handler keeping every message's text."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages.append(envelope.content.decode("utf-8", errors="replace"))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _health(port: int) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/healthz", headers={"Host": "localhost"})
        reply = conn.getresponse()
        body = reply.read()
    except OSError:
        return 0, {}
    finally:
        conn.close()
    # nginx's own error page (HTML) while gunicorn is not answering yet.
    return reply.status, json.loads(body) if reply.getheader("Content-Type", "").startswith("application/json") else {}


def test_evaluator_participant_report_and_health_through_nginx(stack: Stack, inbox: tuple[Inbox, int]) -> None:
    mail, smtp_port = inbox
    data = stack.python(SETUP)
    d = stack.dir / "smoke"
    d.mkdir()
    sock, port = d / "gunicorn.sock", free_port()
    var = stack.env["TILIK_VAR_DIR"]
    static = stack.tilik("collectstatic", "--noinput", "-v0")
    assert static.returncode == 0, static.stderr[-3000:]
    (d / "nginx.conf").write_text(nginx_conf(d, port, sock, Path(var) / "static"))
    mail_env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
    worker = stack.worker(log="worker-smoke.log", **mail_env)
    gunicorn = stack.start(
        [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
        "gunicorn-smoke.log",
        GUNICORN_BIND=f"unix:{sock}",
        GUNICORN_WORKERS="2",
        TILIK_TRUSTED_PROXIES="unix",
        # nginx passes Host without the port; the loopback port is not the site's 443, so the browser's Origin
        # (with the port) must be named, as a site on another port would.
        CSRF_TRUSTED_ORIGINS=f"http://localhost:{port}",
        TILIK_HEALTH_HEARTBEAT_STALE_SECONDS=STALE,
    )
    nginx = stack.start(
        [NGINX, "-p", str(d), "-c", str(d / "nginx.conf"), "-e", str(d / "nginx-error.log"), "-g", "daemon off;"],
        "nginx-smoke.log",
    )
    base = f"http://localhost:{port}"
    try:
        wait_until(lambda: can_connect(port), "nginx", timeout=30)
        wait_until(lambda: _health(port)[0] == 200, f"gunicorn behind nginx ({stack.log('gunicorn-smoke.log')})", 120)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                _flow(browser, base, data, mail, stack)
            finally:
                browser.close()

        status, body = _health(port)
        assert (status, body["status"]) == (200, "ok"), body
        assert body["checks"]["worker"]["heartbeat_ok"] is True, body

        stop_group(worker)  # SIGTERM to its process group, as systemd stops the unit
        assert worker.returncode is not None
        red = wait_until(
            lambda: (h := _health(port))[0] == 503 and h, f"/healthz to turn red within {STALE} s of silence", 30
        )
        assert red[1]["status"] == "fail" and red[1]["checks"]["worker"]["heartbeat_ok"] is False, red
        assert red[1]["checks"]["database"]["ok"] is True  # red for the worker alone
    finally:
        stop_group(nginx, 3)  # SIGQUIT: nginx's graceful stop
        stop_group(gunicorn)
        stop_group(worker)


def _flow(browser: Any, base: str, data: dict[str, Any], mail: Inbox, stack: Stack) -> None:
    evaluator = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", accept_downloads=True)
    evaluator.set_default_timeout(60_000)
    page = evaluator.new_page()
    page.goto(f"{base}/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(data["username"])
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()

    # The wave's invitations: the request queues a job, the worker mails them.
    page.goto(f"{base}/survei/gelombang/{data['wave']}/")
    page.get_by_role("button", name="Kirim surel undangan").click()
    page.wait_for_url("**/tugas/*/")
    expect(page.locator("body")).to_contain_text("1 surel terkirim")
    wait_until(lambda: mail.messages, f"the invitation mail ({stack.log('worker-smoke.log')})", timeout=30)
    link = re.search(r"/s/t/[^/\s]+/", mail.messages[0].replace("=\n", ""))
    assert link, mail.messages[0][:2000]

    participant = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar")
    participant.set_default_timeout(60_000)
    answer = participant.new_page()
    answer.goto(base + link.group(0))
    names = answer.eval_on_selector_all("input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    for name in names:
        option = answer.locator(f"input[name='{name}'][value='3']")
        (option if option.count() else answer.locator(f"input[name='{name}']")).first.check()
    answer.get_by_role("button", name="Kirim jawaban").click()
    expect(answer.get_by_role("heading", name="Terima kasih")).to_be_visible()
    participant.close()
    stored = stack.sql("SELECT count(*) AS n FROM surveys_response WHERE wave_id = %s", data["wave"])
    assert stored[0]["n"] == 1

    # A report: queued, built by the worker, downloaded from its job page.
    page.goto(f"{base}/laporan/program/{data['program']}/")
    page.locator("#unduh-docx").click()
    page.wait_for_url("**/tugas/*/")
    link_to_file = page.locator("#job-download")
    link_to_file.wait_for(timeout=120_000)
    with page.expect_download() as info:
        link_to_file.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    content = open(download.path(), "rb").read()  # noqa: PTH123, SIM115
    with zipfile.ZipFile(io.BytesIO(content)) as docx:  # a real Word file: a zip with its main document
        assert "word/document.xml" in docx.namelist()
        assert b"Pelayanan Prima" in docx.read("word/document.xml")
    evaluator.close()
