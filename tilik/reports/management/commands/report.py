"""`tilik report (--programme SLUG | --year YYYY | --latest-year) --format docx|pdf|html --output FILE [--lang id|en]`.

Several formats at once (``--format docx,pdf``) gather the report once and write one file per format:
``--output`` is then the path without extension (``var/reports/laporan-2026`` →
``laporan-2026.docx`` and ``laporan-2026.pdf``). Gathering the findings costs as much as one rendering,
so this is how `make demo` writes both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tilik.core.audit import audit_export, operator_label
from tilik.programs.models import Program
from tilik.reports import render
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report, report_key

FORMATS = ("docx", "pdf", "html")


def parse_formats(raw: str) -> list[str]:
    formats = list(dict.fromkeys(f.strip().lower() for f in raw.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        named = ", ".join(unknown) if unknown else repr(raw)
        raise CommandError(f"Format tidak dikenal: {named} (pilih docx, pdf, html; beberapa dipisah koma).")
    return formats


def output_paths(output: str, formats: list[str]) -> dict[str, Path]:
    """One file per format: FILE as given for one format, FILE.<format> for several (a known extension in
    FILE is dropped first, so ``laporan.pdf`` with docx,pdf gives laporan.docx and laporan.pdf)."""
    path = Path(output)
    if len(formats) == 1:
        return {formats[0]: path}
    stem = path.with_suffix("") if path.suffix.lstrip(".").lower() in FORMATS else path
    return {fmt: stem.parent / f"{stem.name}.{fmt}" for fmt in formats}


class Command(BaseCommand):
    help = "Menulis laporan evaluasi program atau portofolio satu tahun (DOCX, PDF dan/atau HTML)."
    # Read-only and run by scripts (make demo, the benchmark): skip the system checks' URL and model scans.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--programme", "--program", dest="programme", help="slug program")
        which.add_argument("--year", type=int, help="tahun anggaran (laporan portofolio)")
        which.add_argument(
            "--latest-year",
            action="store_true",
            help="tahun anggaran terbaru yang memiliki program (laporan portofolio; `make demo`)",
        )
        parser.add_argument("--format", default="docx", help="docx, pdf atau html; beberapa dipisah koma")
        parser.add_argument("--output", required=True, help="berkas keluaran; {year} diganti tahun laporan")
        parser.add_argument("--lang", choices=["id", "en"], default="id")

    def handle(self, *args: Any, **opts: Any) -> None:
        formats = parse_formats(opts["format"])
        program = None
        if opts["programme"]:
            program = Program.objects.filter(slug=opts["programme"]).first()
            if program is None:
                raise CommandError(f"Program tidak ditemukan: {opts['programme']}")
            year = program.fiscal_year
        elif opts["latest_year"]:
            latest = Program.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
            if latest is None:
                raise CommandError("Belum ada program; jalankan `tilik demo` atau tambahkan program.")
            year = latest
        else:
            year = opts["year"]
            if not Program.objects.filter(fiscal_year=year).exists():
                raise CommandError(f"Tidak ada program pada tahun {year}.")
        # A report is a document for aggregate readers whoever prints it: small cells suppressed (appendix: k).
        scope = scope_for(None, year=year, program=program)
        report = build_report(scope, lang=opts["lang"])  # once, whatever the number of formats
        for fmt, out in output_paths(opts["output"].replace("{year}", str(year)), formats).items():
            data = render.render_as(report, fmt)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            audit_export(
                actor=operator_label(),
                what=f"reports.{report_key(scope)}",
                rows=report.table_rows(),
                fmt=fmt,
                path=str(out),
            )
            self.stdout.write(str(out))
