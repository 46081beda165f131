"""Backups and the retention purge as background jobs (issue 18): `tilik backup --background` and
`tilik purge --background [--apply]` queue them for the worker; the job page (Tugas saya of the admin who
owns the job) shows the outcome. The nightly timers still run the commands directly (deploy/systemd).

A backup is written under a temporary name beside its final one and renamed into place when complete, so a
worker killed mid-backup never leaves a file that looks like a finished backup (the leftover is removed
when the job runs again). The purge runs in one transaction: a rerun after a crash simply purges again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils.translation import gettext_noop

from tilik.core.audit import audit_export
from tilik.core.backup import BackupError, backup, default_path, row_count
from tilik.core.models import Role
from tilik.core.privacy.retention import purge
from tilik.jobs.errors import JobError
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.jobs.services import job_enqueue

BACKUP = "core.backup"
PURGE = "core.purge"
STEP_BACKUP = gettext_noop("Mencadangkan basis data")
BACKED_UP = gettext_noop("Cadangan tersimpan di server: %(path)s (%(size)s bita).")
STEP_PURGE = gettext_noop("Menerapkan masa retensi data")
PURGED = gettext_noop("%(label)s: %(rows)s baris (tindakan: %(action)s; masa retensi %(days)s hari).")
WOULD_PURGE = gettext_noop("%(label)s: %(rows)s baris akan terkena (tindakan: %(action)s; masa retensi %(days)s hari).")
DRY_RUN = gettext_noop("Uji coba: tidak ada yang diubah.")
NO_OWNER = "no active admin account to own the job: pass --owner USERNAME"


def job_owner(username: str = "") -> Any:
    """The named user, or else the first active admin: who sees the job under Tugas saya."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise ValueError(f"no active user named {username!r}")
        return user
    admin = users.filter(profile__role=Role.ADMIN).order_by("pk").first()
    if admin is None:
        raise ValueError(NO_OWNER)
    return admin


def _temporary(final: Path, job: Job) -> Path:
    return final.with_name(f"{final.name}.tmp-{job.key}")


def enqueue(kind: str, *, owner: str, params: dict[str, Any], title: str) -> Job:
    """Queue a backup or purge for the worker (the commands' --background)."""
    return job_enqueue(owner=job_owner(owner), kind=kind, title=title, params=params)


def run_backup(job: Job, progress: JobProgress) -> None:
    db = connections["default"].settings_dict
    final = default_path(db)
    for leftover in final.parent.glob(f"*.tmp-{job.key}"):  # what a killed earlier attempt left
        leftover.unlink(missing_ok=True)
    progress.step(5, STEP_BACKUP)
    temporary = _temporary(final, job)
    try:
        backup(temporary)
    except BackupError as exc:
        temporary.unlink(missing_ok=True)
        raise JobError(str(exc)) from exc
    os.replace(temporary, final)
    size = final.stat().st_size
    # A backup takes every row of personal data out of Tilik: audited as an export (as `tilik backup`).
    audit_export(
        actor=job.owner,
        what="core.backup:all",
        rows=row_count(),
        fmt=final.suffix.lstrip(".") or "dump",
        path=str(final),
        bytes=size,
        job=job.pk,
    )
    progress.publish_summary(
        {"lines": [{"text": BACKED_UP, "values": {"path": str(final), "size": size}}], "path": str(final)}
    )


def run_purge(job: Job, progress: JobProgress) -> None:
    apply = bool(job.params.get("apply"))
    progress.step(5, STEP_PURGE)
    lines = purge(apply=apply, by=job.owner)
    text = PURGED if apply else WOULD_PURGE
    summary = [
        {
            "text": text,
            "values": {"label": str(line.label), "rows": line.rows, "action": str(line.action), "days": line.days},
        }
        for line in lines
    ]
    if not apply:
        summary.insert(0, {"text": DRY_RUN, "values": {}})
    progress.publish_summary({"lines": summary, "counts": {line.key: line.rows for line in lines}, "apply": apply})
