"""`tilik xlsform import FILE` and `tilik xlsform export INSTRUMENT --output FILE.xlsx` (services as the pages).

An import is made in the name of an evaluator account (``--as``); exports are audited with the
operating-system account that ran the command. ``--json`` prints a summary (questions, choices, languages,
logic expressions, problems) so imports can be compared; ``--dry-run`` writes nothing. ``--attach FILE.csv``
(repeatable) gives the CSV files a ``select_one_from_file`` question reads, by their file name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tilik.core.audit import audit_export, operator_label
from tilik.core.models import Role
from tilik.surveys.models import Instrument
from tilik.surveys.services.xlsform import (
    LOGIC_KEYS,
    XLSFormPlan,
    instrument_from_xlsform,
    problem_text,
    xlsform_plan,
)
from tilik.surveys.xlsform_export import version_xlsform


def summary(plan: XLSFormPlan) -> dict[str, Any]:
    questions = [q for s in (plan.spec or {}).get("sections", []) for q in s["questions"]]
    return {
        "sections": len((plan.spec or {}).get("sections", [])),
        "questions": len(questions),
        "choices": sum(len(q.get("choices") or q.get("labels") or []) for q in questions),
        "languages": plan.languages,
        "logic": sum(1 for q in questions for key in LOGIC_KEYS if q.get(key))
        + sum(1 for s in (plan.spec or {}).get("sections", []) for key in ("relevant", "repeat_count") if s.get(key)),
        "problems": [problem_text(p) for p in plan.problems],
        "blocking": plan.blocking,
    }


class Command(BaseCommand):
    help = "Import an XLSForm (.xlsx/.xls) as a new instrument, or export an instrument as an XLSForm."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import an XLSForm as a new instrument.")
        imp.add_argument("file")
        imp.add_argument("--as", dest="username", default="", help="evaluator account that imports")
        imp.add_argument("--code", default="", help="code of the new instrument (default: from the file name)")
        imp.add_argument("--accept-changes", action="store_true", help="import although some content changes")
        imp.add_argument(
            "--attach", action="append", default=[], metavar="FILE.csv", help="CSV read by select_one_from_file"
        )
        imp.add_argument("--dry-run", action="store_true")
        imp.add_argument("--json", action="store_true")
        exp = sub.add_parser("export", help="Export an instrument's current version (by code).")
        exp.add_argument("instrument")
        exp.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
        else:
            self._import(options)

    def _export(self, options: dict[str, Any]) -> None:
        instrument = Instrument.objects.filter(code=options["instrument"]).first()
        if instrument is None:
            raise CommandError(f"instrument {options['instrument']!r} not found")
        version = instrument.versions.order_by("-number").first()
        if version is None:
            raise CommandError(f"instrument {options['instrument']!r} has no version")
        body = version_xlsform(version)
        Path(options["output"]).write_bytes(body)
        questions = version.questions.count()
        audit_export(actor=operator_label(), what=f"surveys.xlsform:{instrument.code}", rows=questions, fmt="xlsx")
        self.stdout.write(f"{options['output']}: {questions} questions")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        code = options["code"] or path.stem.lower().replace(" ", "-")[:80]
        attachments: dict[str, bytes] = {}
        for name in options["attach"]:
            attached = Path(name)
            if not attached.is_file():
                raise CommandError(f"{attached}: no such file")
            attachments[attached.name] = attached.read_bytes()
        with path.open("rb") as fileobj:
            plan = xlsform_plan(fileobj, code=code, attachments=attachments)
        out = summary(plan)
        if not options["dry_run"]:
            user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
            if user is None or getattr(getattr(user, "profile", None), "role", "") not in (Role.EVALUATOR, Role.ADMIN):
                raise CommandError("--as must name an active evaluator or admin account")
            if plan.blocking or (plan.problems and not options["accept_changes"]):
                self.stdout.write(self._show(out, options))
                raise CommandError("not imported (see problems; --accept-changes imports the rest)")
            with path.open("rb") as fileobj:
                instrument_from_xlsform(
                    fileobj=fileobj,
                    code=code,
                    by=user,
                    accept_changes=options["accept_changes"],
                    attachments=attachments,
                )
        out["written"] = not options["dry_run"]
        self.stdout.write(self._show(out, options))

    @staticmethod
    def _show(out: dict[str, Any], options: dict[str, Any]) -> str:
        if options["json"]:
            return json.dumps(out, ensure_ascii=False)
        lines = [f"{k}: {v}" for k, v in out.items() if k != "problems"]
        return "\n".join([*lines, *(f"  - {p}" for p in out["problems"])])
