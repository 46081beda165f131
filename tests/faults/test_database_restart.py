"""PostgreSQL restarts while 200 survey submissions arrive at once through gunicorn (tilik.settings.prod):
every submission is either stored once or answered with the retry page (503, Retry-After) — none lost
silently, none doubled. A retried one is stored, or answered "already sent" if its first try had been stored
before the connection broke (issue 18 item 6). The counts are printed for the record."""

from __future__ import annotations

import http.client
import re
import threading
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.faults.conftest import BIN, ROOT, Stack, free_port, skip_reasons, stop_group, wait_until

pytestmark = skip_reasons()

N = 200
RESTART_AFTER = 40  # answers received before PostgreSQL is restarted

SETUP = f"""
from tilik.surveys.services.waves import invitation_create
from tilik.surveys.tests.conftest import load, open_wave
from tilik.surveys.models import Instrument
# One instrument per database: a test before this one may have loaded it.
wave = open_wave(Instrument.objects.filter(code="level1-reaksi").first() or load("level1_reaksi"))
tokens = [invitation_create(wave=wave, name=f"Peserta {{i}}", by=None)[1] for i in range({N})]
out = dict(wave=wave.pk, tokens=tokens)
"""

ANSWERS = """
from tilik.surveys.tests.conftest import reaksi_post
out = reaksi_post()
"""


class Visitor:
    """One CSRF cookie for all (each token is its own respondent), as tilik/surveys/tests/test_concurrency.py."""

    def __init__(self, port: int, first_token: str) -> None:
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", f"/s/t/{first_token}/", headers={"Host": "localhost"})
        page = conn.getresponse()
        html = page.read().decode()
        assert page.status == 200, html[:500]
        cookie = next(c for c in page.headers.get_all("Set-Cookie", []) if "csrftoken=" in c)
        self.cookie = cookie.split(";", 1)[0]
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        conn.close()

    def submit(self, token: str, answers: dict[str, Any]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({**answers, "csrfmiddlewaretoken": self.csrf})
        headers = {
            "Host": "localhost",
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request("POST", f"/s/t/{token}/", body=body, headers=headers)
            reply = conn.getresponse()
            return reply.status, reply.getheader("Retry-After", ""), reply.read().decode(errors="replace")
        finally:
            conn.close()


def test_postgres_restart_during_200_submissions_loses_none_doubles_none(stack: Stack) -> None:
    data = stack.python(SETUP)
    answers = stack.python(ANSWERS)
    tokens: list[str] = data["tokens"]
    port = free_port()
    gunicorn = stack.start(
        [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
        "gunicorn-restart.log",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="4",
    )
    try:
        wait_until(lambda: _answers(port, f"/s/t/{tokens[0]}/"), "gunicorn", timeout=180)
        visitor = Visitor(port, tokens[0])

        answered = threading.Semaphore(0)
        restarted = threading.Event()

        def restart_midway() -> None:
            for _ in range(RESTART_AFTER):
                answered.acquire()
            stack.pg_restart()
            restarted.set()

        def submit(token: str) -> tuple[int, str, str]:
            result = visitor.submit(token, answers)
            answered.release()
            return result

        restarter = threading.Thread(target=restart_midway)
        restarter.start()
        with ThreadPoolExecutor(max_workers=50) as pool:
            first = dict(zip(tokens, pool.map(submit, tokens), strict=True))
        restarter.join(timeout=120)
        assert restarted.is_set(), "PostgreSQL was not restarted during the run"

        outcome = Counter(status for status, _, _ in first.values())
        # Stored (302 to the thanks page) or the retry page: nothing else, no connection dropped unanswered.
        assert set(outcome) <= {302, 503}, (outcome, stack.log("gunicorn-restart.log"))
        for status, retry_after, body in first.values():
            if status == 503:
                assert retry_after == "5" and "kirim ulang" in body and "sementara tidak dapat dihubungi" in body
        # Persistent connections (DB_CONN_MAX_AGE) die with the restart: requests after it meet the fault.
        assert outcome[503] >= 1, outcome

        # The visitors who saw the retry page send again (PostgreSQL is back).
        retried = {token: visitor.submit(token, answers)[0] for token, (status, _, _) in first.items() if status == 503}
        again = Counter(retried.values())
        # 302: not stored the first time, stored now; 410: the first try had been stored ("already sent").
        assert set(again) <= {302, 410}, again

        counts = stack.sql(
            "SELECT (SELECT count(*) FROM surveys_response WHERE wave_id = %s) AS responses,"
            " (SELECT count(*) FROM surveys_tokenuse u JOIN surveys_invitation i ON i.id = u.invitation_id"
            "  WHERE i.wave_id = %s) AS used",
            data["wave"],
            data["wave"],
        )[0]
        print(  # the record for the closing note
            f"\n{N} submissions, PostgreSQL restarted after {RESTART_AFTER} answers: first try {dict(outcome)}, "
            f"retries {dict(again)}, stored responses {counts['responses']}, tokens used {counts['used']}"
        )
        assert counts == {"responses": N, "used": N}  # every one stored, exactly once
    finally:
        stop_group(gunicorn)


def _answers(port: int, path: str) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", path, headers={"Host": "localhost"})
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False
