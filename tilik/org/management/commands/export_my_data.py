"""`tilik export_my_data NIP [--format json|xlsx] [-o FILE]`: an ASN's data for a request made on paper."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tilik.core.audit import audit_export, operator_label
from tilik.core.privacy import subject_data
from tilik.org.models import Employee


class Command(BaseCommand):
    help = "Mengekspor semua data seorang ASN (menurut NIP) beserta log pemrosesannya."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("nip")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("-o", "--output", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        employee = Employee.objects.filter(nip=options["nip"]).first()
        if employee is None:
            raise CommandError("NIP tidak ditemukan.")
        profile = getattr(employee, "profile", None)
        user = profile.user if profile is not None else None
        data = subject_data.collect_subject_data(employee=employee, user=user)
        body = subject_data.to_json(data) if options["format"] == "json" else subject_data.to_xlsx(data)
        operator = operator_label()
        audit_export(actor=operator, what=f"core.subject_data:{employee.pk}", rows=data.rows, fmt=options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(body)
            Path(options["output"]).chmod(0o600)
        else:
            sys.stdout.buffer.write(body)
