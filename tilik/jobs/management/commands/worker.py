"""`tilik worker`: run the background worker of the configured task backend (TILIK_TASK_BACKEND)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tilik.jobs.backend import resend_lost, run_worker_loop
from tilik.jobs.heartbeat import start_heartbeat
from tilik.jobs.recovery import requeue_stale_jobs


class Command(BaseCommand):
    help = "Run the background worker (reports and other long work); Ctrl-C stops it after the current job."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run every queued job, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many jobs.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of an empty queue (RQ waits on Redis)."
        )

    def handle(self, *args: Any, batch: bool, max_tasks: int | None, interval: float, **options: Any) -> None:
        backend = settings.TILIK_TASK_BACKEND
        if backend == "immediate":
            raise CommandError("TILIK_TASK_BACKEND=immediate runs every job inside the request: no worker to start.")
        for job in requeue_stale_jobs():
            self.stdout.write(f"requeued job {job.pk} ({job.kind}) left running by a stopped worker")
        for job in resend_lost():
            self.stdout.write(f"sent job {job.pk} ({job.kind}) to the queue again: {backend} had lost its task")
        heartbeat = start_heartbeat()  # /healthz: alive while this process runs, idle or busy
        try:
            run_worker_loop(
                batch=batch,
                max_tasks=max_tasks,
                interval=interval,
                verbosity=options.get("verbosity", 1),
                stdout=self.stdout,
            )
        finally:
            heartbeat.stop()
