"""`tilik qda import FILE` and `tilik qda export CODEBOOK --format qdc|qdpx --output FILE` (services as the pages).

Writes in an import are made in the name of an evaluator account (``--as``); exports are audited with
the operating-system account that ran the command. ``--json`` prints a summary so imports can be compared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tilik.core.audit import audit_export, operator_label
from tilik.core.models import Role
from tilik.interviews import exchange
from tilik.interviews.exchange import services as exchange_services
from tilik.interviews.models import Codebook
from tilik.org.models import Unit


class _DryRun(Exception):  # noqa: N818 - rolls the transaction back after a full write
    pass


class Command(BaseCommand):
    help = "Import or export REFI-QDA codebooks (.qdc) and projects (.qdpx)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a .qdc or .qdpx file as a new codebook.")
        imp.add_argument("file")
        imp.add_argument("--as", dest="username", required=True, help="evaluator account that imports")
        imp.add_argument("--name", default="", help="name of the new codebook (default: from the file)")
        imp.add_argument("--unit", default="", help="unit code for new interviews (.qdpx)")
        imp.add_argument("--consent-recorded", action="store_true")
        imp.add_argument("--accept-losses", action="store_true", help="import although some content cannot come")
        imp.add_argument("--dry-run", action="store_true")
        imp.add_argument("--json", action="store_true")
        exp = sub.add_parser("export", help="Export a codebook (by id or name).")
        exp.add_argument("codebook")
        exp.add_argument("--format", choices=["qdc", "qdpx"], required=True)
        exp.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "export":
                self._export(options)
            else:
                self._import(options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None

    def _export(self, options: dict[str, Any]) -> None:
        key = options["codebook"]
        codebook = Codebook.objects.filter(pk=int(key)).first() if key.isdigit() else None
        codebook = codebook or Codebook.objects.filter(name=key).first()
        if codebook is None:
            raise CommandError(f"codebook {key!r} not found")
        if options["format"] == "qdc":
            body, rows, what = exchange.export_qdc(codebook), codebook.codes.count(), "interviews.codebook"
        else:
            body, rows = exchange.export_qdpx(codebook)
            what = "interviews.project"
        Path(options["output"]).write_bytes(body)
        audit_export(actor=operator_label(), what=f"{what}:{codebook.pk}", rows=rows, fmt=options["format"])
        self.stdout.write(f"{options['output']}: {rows} rows")

    def _import(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None or getattr(getattr(user, "profile", None), "role", "") not in (Role.EVALUATOR, Role.ADMIN):
            raise CommandError("--as must name an active evaluator or admin account")
        path = Path(options["file"])
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        summary: dict[str, Any]
        if path.suffix.lower() == ".qdpx":
            plan = exchange.read_qdpx(upload)
            summary = {
                "codes": plan.n_codes,
                "sets": len(plan.sets),
                "sources": len(plan.sources),
                "codings": plan.n_selections,
                "warnings": plan.not_kept,
                "notices": plan.notices,
            }
            write = lambda: exchange_services.project_import(  # noqa: E731
                by=user,
                plan=plan,
                name=options["name"] or plan.name or path.stem,
                unit=self._unit(options["unit"]) if plan.sources else None,
                consent_recorded=options["consent_recorded"],
            )
            losses = plan.not_kept
        else:
            parsed = exchange.parse_codebook_upload(upload)
            summary = {"codes": _count(parsed.codes), "sets": len(parsed.sets), "warnings": parsed.warnings}
            write = lambda: exchange_services.codebook_import(  # noqa: E731
                by=user, name=options["name"] or path.stem, parsed=parsed
            )
            losses = parsed.warnings
        if losses and not options["accept_losses"] and not options["dry_run"]:
            raise CommandError("not imported; cannot come: " + " | ".join(losses) + " (use --accept-losses)")
        try:
            with transaction.atomic():
                write()
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            pass
        summary["written"] = not options["dry_run"]
        self.stdout.write(json.dumps(summary, ensure_ascii=False) if options["json"] else str(summary))

    def _unit(self, code: str) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError("--unit must name a unit code (needed for the project's text sources)")
        return unit


def _count(specs: list[Any]) -> int:
    return sum(1 + _count(s.children) for s in specs)
