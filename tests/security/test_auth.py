"""Argon2, login throttling (django-axes), login audit, session expiry, TOTP two-factor."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/masuk/"


def test_argon2_is_the_production_hasher():
    from tilik.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = get_hasher("default").encode("Rahasia-Tilik-2026", get_hasher("default").salt())
        assert identify_hasher(encoded).algorithm == "argon2"


def test_session_expiry_and_password_rules():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    names = [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= set(names)


def test_login_success_and_failure_are_audited(client):
    UserFactory(username="asn7")
    client.post(LOGIN, {"username": "asn7", "password": "salah-sekali"})
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.detail["username"] == "asn7" and "salah" not in str(failed.detail)
    client.post(LOGIN, {"username": "asn7", "password": "Rahasia-Tilik-2026"})
    assert AuditEvent.objects.filter(action="auth.login", actor__username="asn7").exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_out(client):
    UserFactory(username="korban")
    for _ in range(3):
        client.post(LOGIN, {"username": "korban", "password": "tebak-tebak"})
    locked = client.post(LOGIN, {"username": "korban", "password": "Rahasia-Tilik-2026"})
    assert locked.status_code == 429
    assert "dikunci sementara" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.lockout").exists()


@override_settings(AXES_ENABLED=True)
def test_axes_keeps_normal_login_and_force_login_working(client):
    UserFactory(username="biasa")
    response = client.post(LOGIN, {"username": "biasa", "password": "Rahasia-Tilik-2026"})
    assert response.status_code == 302 and response.url == "/"
    client.logout()
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200


def _evaluator():
    from tilik.core.models import Role
    from tilik.core.services import user_create_with_role

    return user_create_with_role(username="eval2fa", role=Role.EVALUATOR, by=None, password="Rahasia-Tilik-2026")


@override_settings(TILIK_REQUIRE_2FA=True)
def test_evaluator_must_enrol_then_verify(client):
    user = _evaluator()
    client.post(LOGIN, {"username": "eval2fa", "password": "Rahasia-Tilik-2026"})
    first = client.get("/program/anggaran/")
    assert first.status_code == 302 and first.url.startswith(reverse("otp_setup"))
    # Issue 19: the first device needs a one-time code from an admin before the QR code is shown.
    from tilik.core.security.enrolment import enrolment_code_issue

    code = enrolment_code_issue(user=user, by=None)
    client.post(reverse("otp_setup"), {"code": code})
    page = client.get(first.url)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    token = f"{totp(device.bin_key):06d}"
    done = client.post(reverse("otp_setup"), {"token": token, "next": "/program/anggaran/"})
    assert done.status_code == 302 and done.url == "/program/anggaran/"
    assert client.get("/program/anggaran/").status_code == 200
    # A new session with the password alone is held at the verification page.
    client.logout()
    client.post(LOGIN, {"username": "eval2fa", "password": "Rahasia-Tilik-2026"})
    held = client.get("/")
    assert held.status_code == 302 and held.url.startswith(reverse("otp_verify"))
    # ... and cannot replace the device through the enrolment page.
    assert client.get(reverse("otp_setup")).url.startswith(reverse("otp_verify"))
    bad = client.post(reverse("otp_verify"), {"token": "000000"})
    assert bad.status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa_failed").exists()


@override_settings(TILIK_REQUIRE_2FA=True)
def test_participants_are_not_asked_for_2fa(client):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200


def test_demo_settings_do_not_require_2fa():
    assert settings.TILIK_REQUIRE_2FA is False
