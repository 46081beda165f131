"""What `tilik jadwal` runs every hour (deploy/systemd/tilik-jadwal.timer): dotted paths, so this app imports
none of the apps whose schedules it drives. Each entry is ``run(now) -> str`` (one line for the log) and must
be idempotent: a run repeated within the hour, or two runs at once, do nothing twice.

The nightly backup and the retention purge have timers of their own (tilik-backup.timer, tilik-purge.timer):
systemd runs each once a night and catches up a missed night (Persistent=true).
"""

from __future__ import annotations

SCHEDULED: dict[str, str] = {
    "surveys.reminders": "tilik.surveys.services.schedule.run_reminders",
    "surveys.snapshots": "tilik.surveys.services.schedule.run_snapshots",
}
