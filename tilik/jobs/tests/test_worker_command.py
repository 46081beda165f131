"""`tilik worker` and TILIK_TASK_BACKEND: one setting picks the backend; no fake worker for the others."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings


@override_settings(TILIK_TASK_BACKEND="immediate")
def test_worker_refuses_the_immediate_backend():
    with pytest.raises(CommandError, match="immediate"):
        call_command("worker", batch=True)


def _settings_in_a_fresh_process(value: str | None, code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tilik.settings.test", **extra}
    if "PYTEST_XDIST_WORKER" not in extra:
        env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("TILIK_TASK_BACKEND", None)
    if value is not None:
        env["TILIK_TASK_BACKEND"] = value
    setup = "import django; django.setup(); from django.conf import settings as s; "
    return subprocess.run([sys.executable, "-c", setup + code], env=env, capture_output=True, text=True)  # noqa: S603


@pytest.mark.parametrize(
    ("value", "backend"),
    [(None, "django_tasks_db.DatabaseBackend"), ("immediate", "Immediate"), ("RQ", "django_tasks_rq.RQBackend")],
)
def test_the_setting_picks_the_backend(value, backend):
    out = _settings_in_a_fresh_process(value, "print(s.TASKS['default']['BACKEND'], 'django_rq' in s.INSTALLED_APPS)")
    assert out.returncode == 0, out.stderr
    assert backend in out.stdout
    # django-rq (its settings, its admin page) only where RQ is the backend.
    assert out.stdout.split()[-1] == str(value == "RQ")


def test_rq_reads_its_redis_from_tilik_redis_url():
    code = "print(s.RQ_QUEUES['default']['URL'], s.RQ_QUEUES['default']['DEFAULT_TIMEOUT'])"
    out = _settings_in_a_fresh_process("rq", code, TILIK_REDIS_URL="redis://127.0.0.1:6399/0")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["redis://127.0.0.1:6399/0", "3600"]
    # Under pytest-xdist each worker gets its own Redis database (tilik/settings/test.py).
    out = _settings_in_a_fresh_process(
        "rq", code, TILIK_REDIS_URL="redis://127.0.0.1:6399/0", PYTEST_XDIST_WORKER="gw1"
    )
    assert out.stdout.split()[0] == "redis://127.0.0.1:6399/2"


def test_an_unknown_backend_is_refused_by_name():
    out = _settings_in_a_fresh_process("celery", "")
    assert out.returncode != 0 and "TILIK_TASK_BACKEND='celery': choose one of database, immediate, rq" in out.stderr
