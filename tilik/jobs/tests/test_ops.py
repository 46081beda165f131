"""`tilik backup --background` and `tilik purge --background`: queued for the worker, owned by an admin,
audited as the direct commands are; a backup is renamed into place only when complete."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from tilik.core.models import AuditEvent, Role
from tilik.jobs.models import Job
from tilik.jobs.tests.support import run_worker
from tilik.programs.tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def backups(settings, tmp_path):
    settings.TILIK_BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.TILIK_BACKUP_DIR


def _queue(*args: str) -> Job:
    out = io.StringIO()
    call_command(*args, "--background", stdout=out)
    job = Job.objects.latest("pk")
    assert f"Tugas #{job.pk} diantrekan: /tugas/{job.pk}/" in out.getvalue()
    return job


def test_purge_in_the_background_dry_run_then_applied(backups):
    admin = make_user(Role.ADMIN, username="admin_ops")
    dry = _queue("purge")
    assert (dry.kind, dry.owner_id, dry.params, dry.status) == (
        "core.purge",
        admin.pk,
        {"apply": False},
        Job.Status.QUEUED,
    )
    assert not AuditEvent.objects.filter(action__startswith="retention.").exists()  # nothing ran in the command
    applied = _queue("purge", "--apply")
    run_worker()
    dry.refresh_from_db()
    applied.refresh_from_db()
    assert (dry.status, applied.status) == (Job.Status.DONE, Job.Status.DONE)
    assert dry.summary["lines"][0]["text"] == "Uji coba: tidak ada yang diubah." and dry.summary["apply"] is False
    assert set(applied.summary["counts"]) == set(dry.summary["counts"]) and applied.summary["apply"] is True
    actions = list(AuditEvent.objects.filter(action__startswith="retention.").values_list("action", "actor_id"))
    assert sorted(actions) == [("retention.dry_run", admin.pk), ("retention.purge", admin.pk)]


@pytest.mark.django_db(transaction=True)  # SQLite's backup API cannot copy a database inside an open transaction
def test_backup_in_the_background_publishes_one_complete_file(backups):
    owner = make_user(Role.ADMIN, username="admin_cadangan")
    job = _queue("backup", "--owner", "admin_cadangan")
    assert not backups.exists() or not any(backups.iterdir())  # written by the worker, not the command

    def killed(path: Path, **kwargs):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a backup")
        raise SystemExit(9)

    with mock.patch("tilik.jobs.ops.backup", side_effect=killed):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert [p.name for p in backups.iterdir()] == [p.name for p in backups.glob(f"*.tmp-{job.key}")]  # no final

    stale = timezone.now() - timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    files = list(backups.iterdir())
    assert len(files) == 1 and files[0].name.startswith("tilik-") and ".tmp-" not in files[0].name
    assert files[0].stat().st_size > 1000 and files[0].stat().st_mode & 0o077 == 0
    assert job.summary["path"] == str(files[0])
    event = AuditEvent.objects.get(action="data.export", detail__what="core.backup:all")
    assert (event.actor_id, event.detail["job"], event.detail["path"]) == (owner.pk, job.pk, str(files[0]))


def test_without_an_admin_or_with_an_unknown_owner_nothing_is_queued(backups):
    with pytest.raises(CommandError, match="--owner"):
        call_command("purge", "--background")
    make_user(Role.ADMIN, username="admin_ada")
    with pytest.raises(CommandError, match="no active user named 'siapa'"):
        call_command("backup", "--background", "--owner", "siapa")
    assert not Job.objects.exists()
