"""Issue 18: production logs are one JSON object per line (requests and jobs); Sentry starts only with a DSN
and sends nothing personal. Production settings are loaded in a subprocess (they read the environment once)."""

from __future__ import annotations

import json
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tilik.core.observability import mask_path, scrub

SECRET = "s" * 50


def _prod(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "DJANGO_", "DATABASE_", "TILIK_"))}
    environ.update(
        DJANGO_SETTINGS_MODULE="tilik.settings.prod",
        SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TILIK_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
        **env,
    )
    script = "import django; django.setup()\n" + code
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, timeout=120, check=True
    )


def test_each_request_is_one_json_line_without_query_or_token(tmp_path: Path) -> None:
    code = (
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "c.get('/healthz?secret=1', secure=True)\n"
        "c.get('/s/t/ABCDEFtoken123/', secure=True)\n"
    )
    out = _prod(tmp_path, code)
    records = [json.loads(line) for line in out.stderr.splitlines() if line.startswith("{")]
    requests = [r for r in records if r["logger"] == "tilik.request"]
    assert [(r["method"], r["path"]) for r in requests] == [("GET", "/healthz"), ("GET", "/s/t/-/")]
    first = requests[0]
    assert first["status"] == 503  # no tables in this empty database: red, and the line says so
    assert first["time"].endswith("+00:00")  # ISO 8601, UTC
    assert isinstance(first["ms"], float) and first["user_id"] is None and first["level"] == "INFO"
    assert "secret" not in out.stderr and "ABCDEFtoken123" not in out.stderr  # also not in Django's error record
    assert any(r["logger"] == "django.request" and r["level"] == "ERROR" for r in records)  # no tables: a 500


def test_each_job_run_is_one_json_line(tmp_path: Path, db, caplog) -> None:
    from tilik.core.tests.factories import UserFactory
    from tilik.jobs.services import job_enqueue
    from tilik.jobs.tests.support import run_worker

    logging_config = json.loads(
        _prod(tmp_path, "from django.conf import settings; import json; print(json.dumps(settings.LOGGING))").stdout
    )
    formatter = logging.config.DictConfigurator(logging_config).configure_formatter(
        logging_config["formatters"]["json"]
    )
    job = job_enqueue(owner=UserFactory(), kind="surveys.invitations", title="Undangan", params={"wave": 0})
    with caplog.at_level(logging.INFO, logger="tilik.jobs"):
        run_worker()
    lines = [json.loads(formatter.format(r)) for r in caplog.records if getattr(r, "job_id", None) == job.pk]
    assert [(line["kind"], line["status"]) for line in lines] == [("surveys.invitations", "failed")]
    assert lines[0]["logger"] == "tilik.jobs.tasks" and lines[0]["ms"] >= 0 and lines[0]["attempt"] == 1


def test_sentry_starts_only_with_a_dsn_and_sends_nothing_personal(tmp_path: Path) -> None:
    state = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    assert _prod(tmp_path, state).stdout.strip() == "False"
    # With a DSN: a stand-in transport keeps the envelope in memory (no network).
    code = (
        "import json, sentry_sdk\n"
        "from sentry_sdk.transport import Transport\n"
        "sent = []\n"
        "class Keep(Transport):\n"
        "    def capture_envelope(self, envelope): sent.append(envelope)\n"
        "client = sentry_sdk.get_client()\n"
        "client.transport = Keep(client.options)\n"
        "sentry_sdk.set_user({'id': 7, 'email': 'asn@example.org'})\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    sentry_sdk.capture_exception()\n"
        "event = sent[0].get_event()\n"
        "print(json.dumps({'active': client.is_active(), 'pii': client.options['data_collection']['user_info'],\n"
        "    'event': event}, default=str))\n"
    )
    out = json.loads(_prod(tmp_path, code, SENTRY_DSN="https://public@sentry.example.invalid/1").stdout)
    assert out["active"] is True and out["pii"] is False
    event = out["event"]
    assert event["exception"]["values"][0]["type"] == "ZeroDivisionError"
    assert "user" not in event and "server_name" not in event
    assert "asn@example.org" not in json.dumps(event)


def test_scrub_removes_cookies_query_headers_and_survey_tokens() -> None:
    event = {
        "request": {
            "url": "https://tilik.example.go.id/s/t/tok123/",
            "query_string": "a=1",
            "cookies": {"sessionid": "x"},
            "headers": {"Cookie": "x"},
            "data": {"q1": "jawaban"},
        },
        "user": {"ip_address": "10.0.0.1"},
    }
    assert scrub(event) == {"request": {"url": "https://tilik.example.go.id/s/t/-/"}}
    assert mask_path("/s/t/abc/kirim/") == "/s/t/-/kirim/" and mask_path("/laporan/") == "/laporan/"


@pytest.mark.parametrize("dsn", [""])
def test_sentry_init_without_dsn_does_nothing(dsn: str) -> None:
    from tilik.core.observability import sentry_init

    assert sentry_init(dsn, environment="x", release="x") is False
