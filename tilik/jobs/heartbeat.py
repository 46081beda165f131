"""The worker's heartbeat: a row per `tilik worker` process, refreshed by a small thread whether the worker is
idle or deep in a long report, so /healthz can tell a stopped worker from a quiet one.

The thread keeps its own database connection (Django's connections are per thread) and closes it after each
beat; a beat that fails (database restarting) is logged and tried again at the next interval.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from tilik.jobs.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

PRUNE_AFTER = dt.timedelta(days=1)  # rows of workers long gone (every restart is a new pid)


def worker_name() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


def beat(name: str, *, started_at: dt.datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=name,
        defaults={"beat_at": now, "backend": settings.TILIK_TASK_BACKEND, "started_at": started_at},
    )


def prune_old() -> int:
    deleted, _ = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - PRUNE_AFTER).delete()
    return deleted


def newest_beat() -> dt.datetime | None:
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


class HeartbeatThread(threading.Thread):
    """Beats every ``interval`` seconds until stopped; the first beat is the caller's (see ``start_heartbeat``)."""

    def __init__(self, name: str, started_at: dt.datetime, interval: float) -> None:
        super().__init__(name="tilik-heartbeat", daemon=True)
        self.worker_name, self.started_at, self.interval = name, started_at, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                beat(self.worker_name, started_at=self.started_at)
            except DatabaseError:
                logger.warning("worker heartbeat not recorded (database unavailable); trying again", exc_info=True)
            finally:
                connection.close()

    def stop(self) -> None:
        self.stopped.set()


def start_heartbeat(interval: float | None = None) -> HeartbeatThread:
    """Record the first beat now, in the caller's thread and connection, then keep beating in a thread."""
    name, started_at = worker_name(), timezone.now()
    prune_old()
    beat(name, started_at=started_at)
    thread = HeartbeatThread(name, started_at, interval or settings.TILIK_WORKER_HEARTBEAT_SECONDS)
    if not connection.in_atomic_block:
        # Inside a transaction (a test running the worker in-process) the thread's own connection would write
        # outside it, where the rows outlive the test: the one beat above is enough there.
        thread.start()
    return thread
