"""A job record Tilik owns, whatever task backend runs it (the backend's own rows are its business)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def result_upload_to(instance: Job, filename: str) -> str:
    # Named by the job key, so a job run twice publishes to the same path: one file, never two.
    return f"jobs/{instance.key}/{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    key = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(max_length=40)  # a key of tilik.jobs.registry.RUNNERS
    title = models.CharField(_("tugas"), max_length=200)
    params = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(_("langkah"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the backend's id of the latest enqueue
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last progress; a stale one means a dead worker
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.FileField(upload_to=result_upload_to, blank=True, max_length=200)
    result_name = models.CharField(max_length=200, blank=True)  # the download's file name
    summary = models.JSONField(default=dict, blank=True)  # e.g. import counts; the audit detail of a report
    error = models.TextField(_("galat"), blank=True)  # Indonesian, for the owner

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status", "heartbeat_at"])]
        verbose_name = _("tugas latar belakang")
        verbose_name_plural = _("tugas latar belakang")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class JobItem(models.Model):
    """One unit of a batched job (e.g. one e-mail), claimed before it is done: a job run again after a
    restart skips every claimed item, so nothing is done twice (an item claimed but never confirmed is
    reported, not repeated)."""

    class State(models.TextChoices):
        CLAIMED = "claimed", _("sedang dikerjakan")
        DONE = "done", _("selesai")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=100)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CLAIMED)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="jobs_item_once_per_job")]
        verbose_name = _("butir tugas")
        verbose_name_plural = _("butir tugas")

    def __str__(self) -> str:
        return f"{self.job_id}:{self.key} ({self.state})"


class WorkerHeartbeat(models.Model):
    """A running `tilik worker` says it is alive every TILIK_WORKER_HEARTBEAT_SECONDS, idle or busy
    (tilik/jobs/heartbeat.py); /healthz turns red when the newest beat is older than
    TILIK_HEALTH_HEARTBEAT_STALE_SECONDS. One row per worker process (host and pid)."""

    worker = models.CharField(max_length=100, unique=True)
    backend = models.CharField(max_length=20)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("denyut pekerja")
        verbose_name_plural = _("denyut pekerja")

    def __str__(self) -> str:
        return f"{self.worker} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
