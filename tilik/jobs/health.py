"""/healthz (and its older name /sehat/): is this installation able to serve and to do its background work?
For monitoring (docs/operasi.md). One view answers both paths.

JSON, no login: it reports only states, counts, ages, free space and Tilik's own version — no names, no
addresses, no settings, no library or server versions an attacker could match against advisories. 200 when
every check passes, 503 otherwise, so a plain HTTP check (curl -f, a load balancer, Uptime Kuma) needs no JSON
parsing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tilik.core.observability import tilik_version
from tilik.jobs.backend import QueueUnavailable, queue_state
from tilik.jobs.heartbeat import newest_beat
from tilik.jobs.models import Job

Check = dict[str, Any]


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False}
    return {"ok": True}


def check_migrations() -> Check:
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return {"ok": False, "pending": None}
    return {"ok": not pending, "pending": len(pending)}


def check_worker(now: dt.datetime) -> Check:
    """Red when every worker stopped beating (tilik/jobs/heartbeat.py), when a queued job has waited too long,
    or when a running job stopped moving.

    A worker records a heartbeat every TILIK_WORKER_HEARTBEAT_SECONDS, idle or busy; the newest beat older
    than TILIK_HEALTH_HEARTBEAT_STALE_SECONDS means no worker is alive. An installation whose worker never
    ran has no beat at all: then the queue tells (a job that waits too long turns this red).
    """
    backend = settings.TILIK_TASK_BACKEND
    try:
        newest = newest_beat()
    except DatabaseError:
        return {"ok": False, "backend": backend}
    beat_age = int((now - newest).total_seconds()) if newest else None
    beat_ok = beat_age is None or beat_age <= settings.TILIK_HEALTH_HEARTBEAT_STALE_SECONDS
    heartbeat = {"heartbeat_ok": beat_ok, "heartbeat_seconds_ago": beat_age}
    if backend == "immediate":
        return {"ok": beat_ok, "backend": backend, **heartbeat}
    try:
        queue = queue_state(now)  # the database's queue table or Redis (TILIK_TASK_BACKEND=rq)
    except QueueUnavailable:
        return {"ok": False, "backend": backend, **heartbeat, "queue_reachable": False}
    try:
        stale_before = now - dt.timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS)
        running = Job.objects.filter(status=Job.Status.RUNNING)
        stale = running.filter(heartbeat_at__lt=stale_before).count()
        last_beat = (
            Job.objects.exclude(heartbeat_at=None)
            .order_by("-heartbeat_at")
            .values_list("heartbeat_at", flat=True)
            .first()
        )
    except DatabaseError:
        return {"ok": False, "backend": backend}
    queued, oldest_wait = queue["queued"], queue["oldest_wait_seconds"]
    return {
        "ok": beat_ok and oldest_wait <= settings.TILIK_HEALTH_QUEUE_WAIT_SECONDS and stale == 0,
        "backend": backend,
        **heartbeat,
        "queued": queued,
        "oldest_wait_seconds": oldest_wait,
        "running": running.count(),
        "running_stale": stale,
        "last_heartbeat_seconds_ago": int((now - last_beat).total_seconds()) if last_beat else None,
    }


def check_disk() -> Check:
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:  # before the first upload MEDIA_ROOT may not exist
        path = path.parent
    usage = shutil.disk_usage(path)
    free_mb = usage.free // (1024 * 1024)
    return {
        "ok": free_mb >= settings.TILIK_HEALTH_MIN_FREE_MB,
        "free_mb": free_mb,
        "free_percent": round(100 * usage.free / usage.total, 1) if usage.total else 0.0,
    }


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Check] = {"database": check_database()}
    if checks["database"]["ok"]:
        checks["migrations"] = check_migrations()
        checks["worker"] = check_worker(timezone.now())
    else:
        checks["migrations"] = {"ok": False, "pending": None}
        checks["worker"] = {"ok": False}
    checks["disk"] = check_disk()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "version": tilik_version(), "checks": checks}, status=200 if ok else 503
    )
