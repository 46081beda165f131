"""`tilik purge`: list (default) or delete/anonymise (--apply) what is past its retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tilik.core.audit import operator_label
from tilik.core.privacy.retention import purge
from tilik.jobs import ops


class Command(BaseCommand):
    help = "Menghapus/menganonimkan data yang melewati masa retensi (tanpa --apply: uji coba saja)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--apply", action="store_true", help="benar-benar hapus/anonimkan")
        parser.add_argument(
            "--background", action="store_true", help="antrekan sebagai tugas latar belakang (dikerjakan tilik worker)"
        )
        parser.add_argument("--owner", default="", help="pemilik tugas (bawaan: admin aktif pertama)")

    def handle(self, *args: Any, **options: Any) -> None:
        apply = options["apply"]
        if options["background"]:
            title = "Retensi data" + ("" if apply else " (uji coba)")
            try:
                job = ops.enqueue(ops.PURGE, owner=options["owner"], params={"apply": apply}, title=title)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Tugas #{job.pk} diantrekan: /tugas/{job.pk}/ (dikerjakan oleh tilik worker)")
            return
        lines = purge(apply=apply, by=operator_label())
        mode = "DITERAPKAN" if apply else "UJI COBA (tidak ada yang diubah; jalankan dengan --apply)"
        self.stdout.write(f"Retensi data — {mode}")
        for line in lines:
            verb = line.action if apply else f"akan di{line.action}"
            self.stdout.write(f"  {line.label}: {line.rows} baris {verb} (masa retensi {line.days} hari)")
