"""What `tilik jadwal` (hourly, deploy/systemd/tilik-jadwal.timer) does for surveys: queue the reminders the
evaluator scheduled, and publish result snapshots that have become due.

Each reminder day of a wave is queued at most once: its ``ScheduledReminder`` row (unique per wave and day)
is written in the same transaction as the job, so a second run, a run racing this one or a run after a crash
finds the row and queues nothing. When several days came due at once (the server was off), only the latest
is sent and the earlier ones are recorded as skipped: invitees get one reminder, not a burst.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.jobs.services import job_enqueue
from tilik.surveys.choices import Audience, WaveStatus
from tilik.surveys.models import ResultSnapshot, ScheduledReminder, Wave
from tilik.surveys.services.snapshots import snapshot_publish_due

logger = logging.getLogger(__name__)
INVITATIONS_KIND = "surveys.invitations"  # tilik.surveys.jobs.KIND (not imported: that module mails)


def base_url() -> str:
    """The site's address for links in scheduled mail (no request to take it from)."""
    if settings.TILIK_BASE_URL:
        return str(settings.TILIK_BASE_URL).rstrip("/")
    origins = list(settings.CSRF_TRUSTED_ORIGINS)
    return origins[0].rstrip("/") if origins else ""


def due_days(wave: Wave, *, now: dt.datetime, done: set[int]) -> list[int]:
    return [d for d in wave.reminder_days if d not in done and wave.opens_at + dt.timedelta(days=d) <= now]


def _owner(wave: Wave) -> Any:
    if wave.created_by is not None and wave.created_by.is_active:
        return wave.created_by
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def reminders_queue_due(*, now: dt.datetime) -> list[ScheduledReminder]:
    """Queue one reminder job per open invited wave whose chosen day has come; returns the rows written."""
    url = base_url()
    waves = Wave.objects.filter(
        status=WaveStatus.PUBLISHED, audience=Audience.INVITED, opens_at__lte=now, closes_at__gt=now
    ).select_related("created_by")
    written: list[ScheduledReminder] = []
    for wave in waves:
        if not wave.reminder_days:
            continue
        done = set(ScheduledReminder.objects.filter(wave=wave).values_list("day", flat=True))
        days = due_days(wave, now=now, done=done)
        if not days:
            continue
        owner = _owner(wave)
        if not url or owner is None:
            # Not recorded: queued at the first run after the setting (or an admin) exists.
            logger.warning(
                "wave %s: reminder day %s due but %s", wave.pk, days[-1], "no TILIK_BASE_URL" if not url else "no owner"
            )
            continue
        try:
            written += _queue(wave=wave, days=days, owner=owner, url=url)
        except IntegrityError:
            continue  # another run recorded these days first: it queued the reminder
    return written


@transaction.atomic
def _queue(*, wave: Wave, days: list[int], owner: Any, url: str) -> list[ScheduledReminder]:
    rows = [
        ScheduledReminder.objects.create(wave=wave, day=d, outcome=ScheduledReminder.Outcome.SKIPPED) for d in days[:-1]
    ]
    row = ScheduledReminder.objects.create(wave=wave, day=days[-1], outcome=ScheduledReminder.Outcome.QUEUED)
    title = _("Pengingat terjadwal (hari ke-%(day)s): %(title)s") % {"day": days[-1], "title": wave.title}
    row.job = job_enqueue(
        owner=owner,
        kind=INVITATIONS_KIND,
        title=title,
        params={"wave": wave.pk, "reminder": True, "base_url": url, "scheduled_day": days[-1]},
    )
    row.save(update_fields=["job"])
    audit_record(actor="sistem", action="wave.reminder.schedule", target=wave, day=days[-1], skipped=days[:-1])
    return [*rows, row]


def snapshots_refresh() -> int:
    """Publish every result snapshot that has become due (k new responses), so readers find it ready."""
    published = 0
    for wave in Wave.objects.exclude(status=WaveStatus.DRAFT).filter(responses__isnull=False).distinct():
        before = ResultSnapshot.objects.filter(wave=wave).order_by("-id").values_list("id", flat=True).first()
        after = snapshot_publish_due(wave=wave, k=int(settings.TILIK_MIN_CELL))
        if after is not None and after.pk != before:
            published += 1
    return published


def run_reminders(now: dt.datetime) -> str:
    rows = reminders_queue_due(now=now)
    queued = sum(1 for r in rows if r.outcome == ScheduledReminder.Outcome.QUEUED)
    return f"reminders: {queued} queued, {len(rows) - queued} skipped"


def run_snapshots(now: dt.datetime) -> str:
    return f"snapshots: {snapshots_refresh()} published"
