"""`tilik serve`: run Tilik on http://127.0.0.1:8000 (development server, for the demo and trials)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Menjalankan Tilik di http://127.0.0.1:8000 (server pengembangan)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"Tilik berjalan di http://{options['addrport']}/ (Ctrl+C untuk berhenti)")
        )
        call_command("runserver", options["addrport"], use_reloader=False)
