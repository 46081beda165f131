"""Issue 19 item 6: login throttles that do not depend on the address (spraying, spikes)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from tilik.core.models import AuditEvent
from tilik.core.security import login_throttle
from tilik.core.security.login_throttle import delay_after
from tilik.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/masuk/"
GOOD = "Rahasia-Tilik-2026"
THROTTLE = {
    "AXES_ENABLED": True,
    "AXES_FAILURE_LIMIT": 3,  # per username+address: never reached below, one attempt per address
    "TILIK_LOGIN_USER_FAILURES": 4,
    "TILIK_LOGIN_DELAY_SECONDS": 30,
    "TILIK_LOGIN_DELAY_MAX_SECONDS": 120,
}


def _spray(client: Any, username: str, times: int, *, start: int = 1) -> Any:
    response = None
    for i in range(start, start + times):
        response = client.post(LOGIN, {"username": username, "password": f"tebak-{i}"}, REMOTE_ADDR=f"10.9.0.{i}")
    return response


def _later(monkeypatch: Any, seconds: float) -> None:
    moment = timezone.now() + timedelta(seconds=seconds)
    monkeypatch.setattr(login_throttle, "timezone", SimpleNamespace(now=lambda: moment))


def test_delay_doubles_and_is_capped() -> None:
    delays = [delay_after(failures=n, limit=4, base=30, cap=120) for n in range(3, 9)]
    assert delays == [0, 30, 60, 120, 120, 120]


@override_settings(**THROTTLE)
def test_spraying_one_username_from_many_addresses_is_delayed(client: Any) -> None:
    UserFactory(username="sasaran")
    _spray(client, "sasaran", 4)
    refused = client.post(LOGIN, {"username": "sasaran", "password": GOOD}, REMOTE_ADDR="10.9.1.1")
    page = refused.content.decode()
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan; coba lagi dalam" in page and "detik" in page
    # A refused attempt checks no password and does not count as a failure.
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 4
    assert AuditEvent.objects.filter(action="auth.login_delayed", detail__username="sasaran").count() == 1
    # Hammering the delayed username adds no audit row per request: one per wait.
    for i in range(5):
        client.post(LOGIN, {"username": "sasaran", "password": GOOD}, REMOTE_ADDR=f"10.9.2.{i}")
    assert AuditEvent.objects.filter(action="auth.login_delayed", detail__username="sasaran").count() == 1


@override_settings(**THROTTLE)
def test_other_users_are_not_delayed(client: Any) -> None:
    UserFactory(username="sasaran")
    UserFactory(username="tetangga")
    _spray(client, "sasaran", 6)
    ok = client.post(LOGIN, {"username": "tetangga", "password": GOOD}, REMOTE_ADDR="10.9.0.1")
    assert ok.status_code == 302 and client.session.get("_auth_user_id")


@override_settings(**THROTTLE)
def test_real_user_logs_in_after_the_delay_and_the_count_restarts(client: Any, monkeypatch: Any) -> None:
    user: Any = UserFactory(username="sasaran")
    _spray(client, "sasaran", 4)
    _later(monkeypatch, 31)
    ok = client.post(LOGIN, {"username": "sasaran", "password": GOOD}, REMOTE_ADDR="10.9.2.1")
    assert ok.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)
    client.logout()
    monkeypatch.undo()
    user.refresh_from_db()
    assert login_throttle.username_wait("sasaran", now=user.last_login + timedelta(seconds=1)) == 0


@override_settings(**THROTTLE)
def test_each_further_failure_doubles_the_wait(client: Any, monkeypatch: Any) -> None:
    UserFactory(username="sasaran")
    _spray(client, "sasaran", 4)
    assert 0 < login_throttle.username_wait("sasaran") <= 30
    _later(monkeypatch, 31)
    _spray(client, "sasaran", 1, start=50)  # allowed through, wrong password: fifth failure
    monkeypatch.undo()
    assert 30 < login_throttle.username_wait("sasaran") <= 60


def test_off_when_login_throttling_is_off(client: Any) -> None:
    UserFactory(username="sasaran")
    _spray(client, "sasaran", 12)
    assert login_throttle.username_wait("sasaran") == 0


@override_settings(**THROTTLE)
def test_admin_login_page_is_delayed_too(client: Any) -> None:
    UserFactory(username="sasaran", is_staff=True, is_superuser=True)
    _spray(client, "sasaran", 4)
    refused = client.post("/admin/login/", {"username": "sasaran", "password": GOOD}, REMOTE_ADDR="10.9.3.1")
    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(
    AXES_ENABLED=True,
    TILIK_LOGIN_USER_FAILURES=0,
    TILIK_LOGIN_SPIKE=5,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_failed_login_spike_alerts_admins_once_per_window(client: Any) -> None:
    UserFactory(username="kepala", email="admin@tilik.example", is_superuser=True)
    UserFactory(username="biasa", email="asn@tilik.example")
    for i in range(5):
        _spray(client, f"akun{i % 4}", 1, start=i + 1)
    assert not mail.outbox and not AuditEvent.objects.filter(action="auth.login_spike").exists()
    for i in range(5, 9):
        _spray(client, f"akun{i % 4}", 1, start=i + 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@tilik.example"]
    assert "6 percobaan masuk gagal untuk 4 nama pengguna" in mail.outbox[0].body
    spike = AuditEvent.objects.get(action="auth.login_spike")
    assert spike.detail["failures"] == 6 and spike.detail["usernames"] == 4
