"""`tilik backup [PATH]`: a full copy of the database (SQLite: online backup API; PostgreSQL: pg_dump -Fc)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tilik.core.audit import audit_export, operator_label
from tilik.core.backup import BackupError, backup, row_count
from tilik.jobs import ops


class Command(BaseCommand):
    help = "Mencadangkan seluruh basis data ke PATH (bawaan: var/backups/tilik-<waktu>.sqlite3|.dump)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=None)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--background", action="store_true", help="Antrekan sebagai tugas latar belakang (dikerjakan tilik worker)."
        )
        parser.add_argument("--owner", default="", help="Pemilik tugas (bawaan: admin aktif pertama).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            if options["path"] or options["database"] != "default":
                raise CommandError("--background menulis ke TILIK_BACKUP_DIR dari basis data default saja.")
            try:
                job = ops.enqueue(ops.BACKUP, owner=options["owner"], params={}, title="Cadangan basis data")
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Tugas #{job.pk} diantrekan: /tugas/{job.pk}/ (dikerjakan oleh tilik worker)")
            return
        try:
            path = backup(Path(options["path"]) if options["path"] else None, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        # A backup takes every row of personal data out of Tilik: audited as an export (who, what, rows).
        audit_export(
            actor=operator_label(),
            what="core.backup:all",
            rows=row_count(using=options["database"]),
            fmt=path.suffix.lstrip(".") or "dump",
            path=str(path),
            bytes=size,
        )
        self.stdout.write(self.style.SUCCESS(f"Cadangan tersimpan: {path} ({size:,} bytes)"))
