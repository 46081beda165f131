"""Issue 19 item 7e: with 2FA required (production), a password alone cannot enrol the first device; an
admin-issued one-time code can, once, within its validity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tilik.core.models import AuditEvent, Profile, Role
from tilik.core.security.enrolment import enrolment_code_issue
from tilik.core.services import user_create_with_role

pytestmark = pytest.mark.django_db
LOGIN = "/masuk/"
PASSWORD = "Rahasia-Tilik-2026"


@pytest.fixture
def evaluator(client):
    user = user_create_with_role(username="eval2fa", role=Role.EVALUATOR, by=None, password=PASSWORD)
    client.post(LOGIN, {"username": "eval2fa", "password": PASSWORD})
    return user


def _confirm(client, user) -> object:
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(reverse("otp_setup"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})


@override_settings(TILIK_REQUIRE_2FA=True)
def test_password_alone_gets_no_qr_code_and_cannot_enrol(client, evaluator):
    page = client.get(reverse("otp_setup"))
    assert (
        page.status_code == 200 and "<svg" not in page.content.decode() and "Kode pendaftaran" in page.content.decode()
    )
    assert not TOTPDevice.objects.filter(user=evaluator).exists()  # no secret made, none shown
    wrong = client.post(reverse("otp_setup"), {"code": "aaaa-bbbb-cccc-dddd"})
    assert wrong.status_code == 200 and "<svg" not in wrong.content.decode()
    assert AuditEvent.objects.filter(action="auth.2fa_enrol_code_failed", target_id=str(evaluator.pk)).exists()
    assert not TOTPDevice.objects.filter(user=evaluator, confirmed=True).exists()


@override_settings(TILIK_REQUIRE_2FA=True)
def test_an_admin_issued_code_enrols_once(client, evaluator):
    # A device made before the code (its secret seen by whoever had the password) is replaced.
    stale = TOTPDevice.objects.create(user=evaluator, name="lama", confirmed=False)
    code = enrolment_code_issue(user=evaluator, by=None)
    assert client.post(reverse("otp_setup"), {"code": code.upper().replace("-", " ")}).status_code == 302
    assert "<svg" in client.get(reverse("otp_setup")).content.decode()
    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()
    done = _confirm(client, evaluator)
    assert done.status_code == 302 and TOTPDevice.objects.filter(user=evaluator, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=evaluator).exists()  # used up; never a login factor
    assert AuditEvent.objects.filter(action="auth.2fa_enrol_code_issue").exists()


@override_settings(TILIK_REQUIRE_2FA=True)
def test_an_expired_code_is_refused(client, evaluator):
    code = enrolment_code_issue(user=evaluator, by=None)
    StaticDevice.objects.filter(user=evaluator).update(created_at=timezone.now() - dt.timedelta(days=4))
    page = client.post(reverse("otp_setup"), {"code": code})
    assert page.status_code == 200 and "kedaluwarsa" in page.content.decode()


@override_settings(TILIK_REQUIRE_2FA=True)
def test_admin_action_and_command_issue_codes(client, capsys):
    target = user_create_with_role(username="eval-baru", role=Role.EVALUATOR, by=None, password=PASSWORD)
    admin = user_create_with_role(username="admin2fa", role=Role.ADMIN, by=None, password=PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    with override_settings(TILIK_REQUIRE_2FA=False):  # the admin's own second factor is not tested here
        response = client.post(
            reverse("admin:core_profile_changelist"),
            {"action": "issue_2fa_enrolment_code", "_selected_action": [Profile.objects.get(user=target).pk]},
        )
    assert response.status_code == 200 and "eval-baru" in response.content.decode()
    assert StaticDevice.objects.filter(user=target, confirmed=False).count() == 1
    call_command("kode_2fa", "eval-baru")
    assert "Kode pendaftaran untuk eval-baru" in capsys.readouterr().out
    assert StaticDevice.objects.filter(user=target).count() == 1  # the older code no longer works


def test_without_required_2fa_enrolment_needs_no_code(client, evaluator):
    # A GET writes nothing (no device, no secret): the "Mulai" button's POST makes the device.
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200 and "<svg" not in page.content.decode() and 'name="start"' in page.content.decode()
    assert not TOTPDevice.objects.filter(user=evaluator).exists()
    started = client.post(reverse("otp_setup"), {"start": "1", "next": "/"})
    assert started.status_code == 302 and started.url.startswith(reverse("otp_setup"))
    assert TOTPDevice.objects.filter(user=evaluator, confirmed=False).count() == 1
    shown = client.get(started.url)
    assert "<svg" in shown.content.decode() and TOTPDevice.objects.filter(user=evaluator).count() == 1
    assert _confirm(client, evaluator).status_code == 302


def test_opening_the_enrolment_page_writes_nothing(client, evaluator):
    for _ in range(3):
        assert client.get(reverse("otp_setup")).status_code == 200
    assert not TOTPDevice.objects.filter(user=evaluator).exists()


def test_an_enrolment_code_is_never_a_second_factor_at_login(evaluator):
    from django_otp import match_token

    TOTPDevice.objects.create(user=evaluator, name="ponsel", confirmed=True)
    code = enrolment_code_issue(user=evaluator, by=None).replace("-", "")
    assert match_token(evaluator, code) is None  # what otp_verify asks: the code's device is unconfirmed
    assert StaticDevice.objects.get(user=evaluator).token_set.filter(token=code).exists()
