"""`tilik kode_2fa <username>`: a one-time code to enrol the first two-factor device (e.g. the first admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tilik.core.audit import operator_label
from tilik.core.security.enrolment import CODE_VALID_HOURS, enrolment_code_issue


class Command(BaseCommand):
    help = "Menerbitkan kode pendaftaran verifikasi dua langkah sekali pakai untuk satu akun."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Akun {options['username']!r} tidak ada.")
        code = enrolment_code_issue(user=user, by=operator_label())
        self.stdout.write(f"Kode pendaftaran untuk {user.get_username()}: {code} (berlaku {CODE_VALID_HOURS} jam)")
