"""`tilik jadwal`: run every scheduled duty that is due (tilik/jobs/schedules.py); a systemd timer calls it hourly."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import import_string

from tilik.jobs.schedules import SCHEDULED

logger = logging.getLogger("tilik.jobs.schedule")


class Command(BaseCommand):
    help = "Menjalankan tugas terjadwal yang sudah jatuh tempo (pengingat survei, snapshot hasil). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", choices=sorted(SCHEDULED), action="append", help="Run only these duties.")

    def handle(self, *args: Any, only: list[str] | None, **options: Any) -> None:
        now = timezone.now()
        failed = []
        for name, path in SCHEDULED.items():
            if only and name not in only:
                continue
            started = time.monotonic()
            try:
                line = import_string(path)(now)
            except Exception:
                # One duty failing (e.g. the database busy) must not stop the others; the exit code tells systemd.
                logger.exception("schedule %s failed", name, extra={"schedule": name, "status": "failed"})
                failed.append(name)
                continue
            ms = round(1000 * (time.monotonic() - started))
            logger.info("schedule %s: %s", name, line, extra={"schedule": name, "status": "done", "ms": ms})
            self.stdout.write(line)
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
