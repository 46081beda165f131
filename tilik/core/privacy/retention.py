"""Retention: what is past its period gets deleted or anonymised by `tilik purge` (dry run by default).

Periods, in days, live in settings.TILIK_RETENTION_DAYS (one key per data type; environment
TILIK_RETENTION_<KEY>=days overrides). Each data type is a task; apps register their own tasks with
``register_retention_task`` in their AppConfig.ready(), so the app that owns the data decides how to
delete or anonymise it (through its services). The audit log is never purged: it is append-only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tilik.core.audit import audit_record


@dataclass(frozen=True)
class RetentionTask:
    key: str  # the key in settings.TILIK_RETENTION_DAYS
    label: str  # Indonesian, shown by `tilik purge`
    action: str  # "hapus" (delete) or "anonimkan" (anonymise)
    run: Callable[[dt.datetime, bool], int]  # (cutoff, apply) -> rows affected (or that would be)


_TASKS: dict[str, RetentionTask] = {}


def register_retention_task(task: RetentionTask) -> None:
    _TASKS[task.key] = task


def retention_tasks() -> list[RetentionTask]:
    return list(_TASKS.values())


@dataclass(frozen=True)
class PurgeLine:
    key: str
    label: str
    action: str
    days: int
    cutoff: dt.datetime
    rows: int


def purge(*, apply: bool, by: Any, now: dt.datetime | None = None) -> list[PurgeLine]:
    """Run every task whose period is set; with apply=False only count. Audited either way."""
    now = now or timezone.now()
    periods: dict[str, int] = getattr(settings, "TILIK_RETENTION_DAYS", {})
    lines = []
    with transaction.atomic():
        for task in retention_tasks():
            days = periods.get(task.key)
            if days is None or days < 0:
                continue
            cutoff = now - dt.timedelta(days=days)
            rows = task.run(cutoff, apply)
            lines.append(PurgeLine(task.key, task.label, task.action, days, cutoff, rows))
        audit_record(
            actor=by,
            action="retention.purge" if apply else "retention.dry_run",
            counts={line.key: line.rows for line in lines},
        )
    return lines


def delete_past(old: Any, apply: bool) -> int:
    """The rows of queryset ``old`` (past retention): count them, and delete them when applying."""
    count = int(old.count())
    if apply:
        old.delete()
    return count


# --- tasks for data that tilik.core owns --------------------------------------------------------


def _sessions(cutoff: dt.datetime, apply: bool) -> int:
    from django.contrib.sessions.models import Session

    return delete_past(Session.objects.filter(expire_date__lt=cutoff), apply)


def _login_attempts(cutoff: dt.datetime, apply: bool) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    models = (AccessAttempt, AccessLog, AccessFailureLog)
    return sum(delete_past(model.objects.filter(attempt_time__lt=cutoff), apply) for model in models)


def _corrections(cutoff: dt.datetime, apply: bool) -> int:
    from tilik.core.models import CorrectionRequest

    done = CorrectionRequest.objects.exclude(status=CorrectionRequest.Status.OPEN)
    return delete_past(done.filter(resolved_at__lt=cutoff), apply)


def _withdrawn_consents(cutoff: dt.datetime, apply: bool) -> int:
    """Keep that a consent existed and was withdrawn; drop who it was."""
    from tilik.core.models import ConsentRecord

    old = ConsentRecord.objects.filter(withdrawn_at__lt=cutoff).exclude(employee=None, subject_key="")
    count = old.count()
    if apply:
        old.update(employee=None, subject_key="")
    return count


def _unconfirmed_devices(cutoff: dt.datetime, apply: bool) -> int:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return delete_past(TOTPDevice.objects.filter(confirmed=False, created_at__lt=cutoff), apply)


for _task in (
    RetentionTask("sessions", "Sesi login yang sudah kedaluwarsa", "hapus", _sessions),
    RetentionTask("login_attempts", "Catatan percobaan masuk (django-axes)", "hapus", _login_attempts),
    RetentionTask("correction_requests", "Permohonan koreksi yang sudah selesai", "hapus", _corrections),
    RetentionTask("withdrawn_consents", "Persetujuan yang sudah ditarik", "anonimkan", _withdrawn_consents),
    RetentionTask(
        "unconfirmed_2fa", "Perangkat 2FA yang tidak pernah dikonfirmasi", "hapus", _unconfirmed_devices
    ),
):
    register_retention_task(_task)
