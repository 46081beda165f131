"""`tilik report (--programme SLUG | --year YYYY) --format docx|pdf|html --output FILE [--lang id|en]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tilik.core.audit import audit_record
from tilik.programs.models import Program
from tilik.reports import render
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report, report_key


class Command(BaseCommand):
    help = "Menulis laporan evaluasi program atau portofolio satu tahun (DOCX, PDF atau HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--programme", "--program", dest="programme", help="slug program")
        which.add_argument("--year", type=int, help="tahun anggaran (laporan portofolio)")
        parser.add_argument("--format", choices=["docx", "pdf", "html"], default="docx")
        parser.add_argument("--output", required=True)
        parser.add_argument("--lang", choices=["id", "en"], default="id")

    def handle(self, *args: Any, **opts: Any) -> None:
        program = None
        if opts["programme"]:
            program = Program.objects.filter(slug=opts["programme"]).first()
            if program is None:
                raise CommandError(f"Program tidak ditemukan: {opts['programme']}")
            year = program.fiscal_year
        else:
            year = opts["year"]
            if not Program.objects.filter(fiscal_year=year).exists():
                raise CommandError(f"Tidak ada program pada tahun {year}.")
        # The CLI is run by an operator with database access: full (unsuppressed) evaluator view.
        scope = scope_for(None, year=year, program=program, suppress=False)
        report = build_report(scope, lang=opts["lang"])
        fmt = opts["format"]
        body = {"docx": render.to_docx, "pdf": render.to_pdf}.get(fmt)
        data = body(report) if body else render.to_html(report).encode("utf-8")
        out = Path(opts["output"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        audit_record(actor="cli", action="report.write", key=report_key(scope), fmt=fmt, path=str(out))
        self.stdout.write(str(out))
