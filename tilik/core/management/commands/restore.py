"""`tilik restore PATH`: replace the whole database with a backup made by `tilik backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tilik.core.audit import audit_record, operator_label
from tilik.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Memulihkan basis data dari cadangan PATH. SEMUA data saat ini diganti."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if options["interactive"]:
            answer = input(f"Semua data di basis data '{options['database']}' akan diganti dengan {path}. Ketik 'ya': ")
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan.")
        try:
            restore(path, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit_record(actor=operator_label(), action="backup.restore", path=str(path))
        self.stdout.write(self.style.SUCCESS(f"Basis data dipulihkan dari {path}."))
