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


@pytest.mark.parametrize(("value", "backend"), [("", "django_tasks_db.DatabaseBackend"), ("immediate", "Immediate")])
def test_the_setting_picks_the_backend(value, backend):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tilik.settings.test", "TILIK_TASK_BACKEND": value}
    if not value:
        env.pop("TILIK_TASK_BACKEND")  # unset: the embedded default
    code = "import django; django.setup(); from django.conf import settings as s; print(s.TASKS['default']['BACKEND'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert backend in out.stdout


def test_rq_is_refused_until_it_is_implemented():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tilik.settings.test", "TILIK_TASK_BACKEND": "rq"}
    code = "import django; django.setup()"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)  # noqa: S603
    assert out.returncode != 0 and "rq is not implemented yet" in out.stderr
