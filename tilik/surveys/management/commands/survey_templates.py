"""Load the shipped instrument templates (Level 1, pre/post test, Level 3 360°, SKM/IKM, alasan)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from tilik.surveys.models import Instrument
from tilik.surveys.services.library import instrument_load_template, shipped_templates


class Command(BaseCommand):
    help = "Muat templat instrumen bawaan yang belum ada (Load the shipped instrument templates)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*", help="nama templat; kosong = semua")

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["names"] or list(shipped_templates())
        for name in names:
            code = json.loads(shipped_templates()[name].read_text(encoding="utf-8"))["code"]
            if Instrument.objects.filter(code=code).exists():
                self.stdout.write(f"{name}: sudah ada ({code})")
                continue
            instrument = instrument_load_template(name=name, by="tilik survey_templates")
            self.stdout.write(
                f"{name}: dimuat ({instrument.code}, "
                f"{instrument.versions.get().questions.count()} pertanyaan)"
            )
