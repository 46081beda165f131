"""How a running task reports progress and publishes its result (the one writer of a running job)."""

from __future__ import annotations

import errno
import json
import os
import uuid
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from tilik.core.security.files import safe_filename
from tilik.jobs.errors import JobError
from tilik.jobs.models import Job, JobItem, result_upload_to

TMP_MARK = ".tmp-"
STEP_ASIDE = "step.json"  # step_aside's file in the job's directory (never a result: not named by the job)
DISK_FULL = gettext_noop(
    "Ruang penyimpanan hasil tugas di server penuh, sehingga berkas ini tidak dapat disimpan; tidak ada berkas "
    "setengah jadi yang tertinggal. Minta admin Tilik mengosongkan ruang disk, lalu tekan Coba lagi."
)


def job_dir(job: Job) -> Path:
    return Path(default_storage.path(result_upload_to(job, "x"))).parent


def discard_partial(job: Job) -> None:
    """Remove what a dead attempt left half-written (temporary files are never the published result)."""
    folder = job_dir(job)
    if folder.is_dir():
        for leftover in folder.glob(f"*{TMP_MARK}*"):
            leftover.unlink(missing_ok=True)


class JobProgress:
    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, percent: int, text: str) -> None:
        """Record the current step and percent; also the heartbeat that tells a live worker from a dead one."""
        percent = max(0, min(99, int(percent)))  # 100 only when the result is published
        Job.objects.filter(pk=self.job.pk).update(percent=percent, step=text[:200], heartbeat_at=timezone.now())
        self.job.percent, self.job.step = percent, text[:200]

    def step_aside(self, percent: int, text: str) -> None:
        """step() for work inside one long transaction (an import's all-or-nothing write): a change to the job's
        row would only be seen at the commit, so the step goes to a small file in the job's directory, written
        whole (temp file, rename), which the job page reads while the job runs (selectors.live_job)."""
        percent = max(0, min(99, int(percent)))
        folder = job_dir(self.job)
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / STEP_ASIDE
        temporary = final.with_name(f"{final.name}{TMP_MARK}{uuid.uuid4().hex}")
        note = {"percent": percent, "step": text[:200], "at": timezone.now().isoformat()}
        temporary.write_text(json.dumps(note), encoding="utf-8")
        os.replace(temporary, final)
        self.job.percent, self.job.step = percent, text[:200]

    def claim(self, key: str) -> bool:
        """Claim one item before doing it (committed at once); False when a run of this job claimed it."""
        try:
            with transaction.atomic():
                JobItem.objects.create(job=self.job, key=key[:100])
        except IntegrityError:
            return False
        return True

    def is_claimed(self, key: str) -> bool:
        return JobItem.objects.filter(job=self.job, key=key[:100]).exists()

    def confirm(self, key: str) -> None:
        JobItem.objects.filter(job=self.job, key=key[:100]).update(state=JobItem.State.DONE)

    def release(self, key: str) -> None:
        """Give an item back (it was not done, e.g. the mail server refused it): a retry does it."""
        JobItem.objects.filter(job=self.job, key=key[:100], state=JobItem.State.CLAIMED).delete()

    def confirmed(self) -> int:
        """Items done by every run of this job so far."""
        return JobItem.objects.filter(job=self.job, state=JobItem.State.DONE).count()

    def unconfirmed(self) -> int:
        """Items an earlier run claimed but never confirmed (its worker died in between)."""
        return JobItem.objects.filter(job=self.job, state=JobItem.State.CLAIMED).count()

    def publish_file(self, content: bytes, *, name: str, summary: dict[str, Any] | None = None) -> None:
        """Write the result beside its final path, then rename it into place: readers see all or nothing.

        The path comes from the job key, so a job run again replaces its own file and never adds a second.
        """
        name = safe_filename(name)
        relative = result_upload_to(self.job, name)
        final = Path(default_storage.path(relative))
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f"{final.name}{TMP_MARK}{uuid.uuid4().hex}")
        try:
            with open(temporary, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            temporary.unlink(missing_ok=True)  # never leave a half-written file behind
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise JobError(DISK_FULL) from exc
            raise
        os.replace(temporary, final)
        self._finish(result=relative, result_name=name, summary=summary or {})

    def publish_summary(self, summary: dict[str, Any]) -> None:
        self._finish(result="", result_name="", summary=summary)

    def _finish(self, **fields: Any) -> None:
        (job_dir(self.job) / STEP_ASIDE).unlink(missing_ok=True)
        now = timezone.now()
        Job.objects.filter(pk=self.job.pk).update(
            status=Job.Status.DONE, percent=100, step="", error="", finished_at=now, heartbeat_at=now, **fields
        )
        self.job.refresh_from_db()
