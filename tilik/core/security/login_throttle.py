"""Login throttles that do not depend on the client's address (issue 19 item 6).

django-axes locks one username+address pair. Password spraying spreads guesses over many addresses,
so two more rules read the audit log's ``auth.login_failed`` events (written for every failure, across
gunicorn workers, whatever address they came from):

- Per username: after TILIK_LOGIN_USER_FAILURES failures for one username within
  TILIK_LOGIN_USER_WINDOW_MINUTES (counted since that user's last successful login), each further
  attempt waits TILIK_LOGIN_DELAY_SECONDS after the latest failure, doubling with every further
  failure up to TILIK_LOGIN_DELAY_MAX_SECONDS. A delay, not a lockout: the real user gets in with the
  right password once it has passed, so an attacker cannot keep them out. Refused attempts do not
  count (no password is checked), so a user who retries too early does not lengthen their own wait.
- Across users: when more than TILIK_LOGIN_SPIKE failures happen within TILIK_LOGIN_SPIKE_MINUTES,
  admins get one e-mail per window and the audit log an ``auth.login_spike`` event.

Both follow AXES_ENABLED, the one switch for login throttling (off in the test settings). docs/keamanan.md.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models import AuditEvent

FAILED = "auth.login_failed"
SPIKE = "auth.login_spike"
DELAYED = "auth.login_delayed"
SPIKE_LOCK = 0x54494C49  # "TILI": pg_advisory_xact_lock key for the spike alert
logger = logging.getLogger(__name__)


def _enabled() -> bool:
    return bool(getattr(settings, "AXES_ENABLED", False))


def delay_after(*, failures: int, limit: int, base: float, cap: float) -> float:
    """Seconds to wait after the latest failure: 0 below the limit, then base, 2×base, 4×base … ≤ cap."""
    if limit <= 0 or failures < limit:
        return 0.0
    return float(min(cap, base * 2 ** min(failures - limit, 32)))


def username_wait(username: str, *, now: datetime | None = None) -> int:
    """Whole seconds this username must still wait before its password is checked (0: go ahead)."""
    limit = int(settings.TILIK_LOGIN_USER_FAILURES)
    if not _enabled() or limit <= 0 or not username:
        return 0
    now = now or timezone.now()
    since = now - timedelta(minutes=float(settings.TILIK_LOGIN_USER_WINDOW_MINUTES))
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    if user is not None and user.last_login and user.last_login > since:
        since = user.last_login  # a successful login starts the count afresh
    times = list(
        AuditEvent.objects.filter(action=FAILED, at__gt=since, detail__username=username)
        .order_by("-at")
        .values_list("at", flat=True)[: limit + 40]  # 2**32 × base is past any cap
    )
    delay = delay_after(
        failures=len(times),
        limit=limit,
        base=float(settings.TILIK_LOGIN_DELAY_SECONDS),
        cap=float(settings.TILIK_LOGIN_DELAY_MAX_SECONDS),
    )
    if not delay:
        return 0
    remaining = (times[0] + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def _delay_recorded(username: str) -> bool:
    """A delay is audited once per wait (after the failure that started it), so hammering a delayed
    username cannot fill the audit log."""
    last = (
        AuditEvent.objects.filter(action=FAILED, detail__username=username).order_by("-at").values_list("at", flat=True)
    ).first()
    return AuditEvent.objects.filter(action=DELAYED, detail__username=username, at__gte=last).exists()


class UsernameThrottleMixin:
    """Refuses the attempt before the password is checked while the username must wait."""

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", "") or "").strip()  # type: ignore[attr-defined]
        wait = username_wait(username)
        if wait:
            if not _delay_recorded(username):
                audit_record(actor=f"anonim:{username[:140]}", action=DELAYED, username=username[:150], wait=wait)
            raise forms.ValidationError(
                _("Terlalu banyak percobaan; coba lagi dalam %(detik)s detik.") % {"detik": wait},
                code="throttled",
            )
        return super().clean()  # type: ignore[misc]


class ThrottledAuthenticationForm(UsernameThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(UsernameThrottleMixin, AdminAuthenticationForm):
    pass


def _admin_emails() -> list[str]:
    from tilik.core.models import Role

    users = get_user_model()._default_manager.filter(is_active=True).exclude(email="")
    admins = users.filter(is_superuser=True) | users.filter(profile__role=Role.ADMIN)
    return sorted({u.email for u in admins})


def check_spike(*, now: datetime | None = None) -> bool:
    """After a failed login: alert admins once per window if failures across users passed the limit."""
    limit = int(settings.TILIK_LOGIN_SPIKE)
    if not _enabled() or limit <= 0:
        return False
    now = now or timezone.now()
    minutes = float(settings.TILIK_LOGIN_SPIKE_MINUTES)
    since = now - timedelta(minutes=minutes)
    failures = AuditEvent.objects.filter(action=FAILED, at__gt=since).count()
    if failures <= limit:
        return False
    # One alert per window even when failures arrive at once: SQLite's IMMEDIATE transactions serialise
    # this block; PostgreSQL takes a transaction-scoped advisory lock.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SPIKE_LOCK])
        if AuditEvent.objects.filter(action=SPIKE, at__gt=since).exists():
            return False
        failed = AuditEvent.objects.filter(action=FAILED, at__gt=since)
        users = failed.order_by().values("detail__username").distinct().count()  # no ordering in DISTINCT
        audit_record(actor="sistem", action=SPIKE, failures=failures, usernames=users, minutes=minutes)
    recipients = _admin_emails()
    if recipients:
        subject = _("[Tilik] Lonjakan kegagalan masuk")
        body = _(
            "%(gagal)s percobaan masuk gagal untuk %(nama)s nama pengguna dalam %(menit)s menit terakhir "
            "(batas %(batas)s). Periksa log audit (auth.login_failed) untuk nama pengguna dan alamatnya."
        ) % {"gagal": failures, "nama": users, "menit": f"{minutes:g}", "batas": limit}
        try:
            EmailMessage(subject, body, to=recipients).send()
        except OSError:  # the audit event stays; a mail outage must not break the login page
            logger.exception("login spike alert: e-mail failed")
    return True
