"""Out-of-band enrolment of a first two-factor device (issue 19).

With TILIK_REQUIRE_2FA on (production), a password alone must not be enough to attach an authenticator
to an account that must use one: whoever stole the password could otherwise enrol their own phone. An
admin issues a one-time enrolment code (Administrasi → Profil → action, or `tilik kode_2fa <username>` on
the server for the first admin) and hands it over in person or by phone; the enrolment page shows the QR
code only after that code. The code is a django-otp static token on an unconfirmed device of its own
(so it never counts as a second factor at login), throttled against guessing, valid CODE_VALID_HOURS and
consumed on use. Issue and use are audited.
"""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from os import urandom
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from tilik.core.audit import audit_record

DEVICE_NAME = "kode-pendaftaran-2fa"
CODE_VALID_HOURS = 72


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


@transaction.atomic
def enrolment_code_issue(*, user: Any, by: Any) -> str:
    """A new one-time enrolment code for ``user`` (any older one stops working). Shown once; not logged."""
    StaticDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    code = b32encode(urandom(10)).decode("ascii").lower()  # 16 characters, 80 bits
    device.token_set.create(token=code)
    audit_record(actor=by, action="auth.2fa_enrol_code_issue", target=user, valid_hours=CODE_VALID_HOURS)
    return "-".join(code[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def enrolment_code_redeem(*, user: Any, code: str) -> bool:
    """Whether ``code`` is this user's current enrolment code (then it is used up)."""
    device = StaticDevice.objects.select_for_update().filter(user=user, name=DEVICE_NAME, confirmed=False).first()
    fresh = device is not None and device.created_at >= timezone.now() - dt.timedelta(hours=CODE_VALID_HOURS)
    ok = bool(fresh and device is not None and device.verify_token(_normalise(code)))
    if ok and device is not None:
        device.delete()
    audit_record(actor=user, action="auth.2fa_enrol_code_ok" if ok else "auth.2fa_enrol_code_failed", target=user)
    return ok
