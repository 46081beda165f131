"""The demo logins, one per role, all with the same documented password."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from tilik.core.models import Role
from tilik.core.services import user_create_with_role
from tilik.org.models import Employee, Unit

DEMO_PASSWORD = "demo-tilik-2026"  # noqa: S105 - documented demo password, demo databases only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    description: str
    unit_code: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.ADMIN, "Admin: semua data dan pengelolaan pengguna"),
    DemoAccount("evaluator", Role.EVALUATOR, "Evaluator BKPSDM: semua program, instrumen, impor, analisis"),
    DemoAccount(
        "pimpinan", Role.UNIT_HEAD, "Pimpinan unit: Dinas Kesehatan beserta puskesmas dan RSUD", "dinkes"
    ),
    DemoAccount("walikota", Role.REGIONAL_HEAD, "Pimpinan daerah: dasbor dan laporan"),
    DemoAccount("peserta", Role.PARTICIPANT, "Peserta (ASN): pelatihan, JP dan survei miliknya sendiri"),
    DemoAccount(
        "pengode2",
        Role.CODER,
        "Pengode wawancara kedua (kesepakatan antarpengode): hanya transkrip yang ditugaskan kepadanya",
    ),
)


def create_accounts(*, units: dict[str, Unit], participant: Employee, by: Any) -> None:
    validate_password(DEMO_PASSWORD)
    encoded = make_password(DEMO_PASSWORD)  # hash once: the slow hasher would cost a second per account
    for account in DEMO_ACCOUNTS:
        user_create_with_role(
            username=account.username,
            password_hash=encoded,
            role=account.role,
            by=by,
            unit=units[account.unit_code] if account.unit_code else None,
            employee=participant if account.role == Role.PARTICIPANT else None,
            email=f"{account.username}@demo.tilik.invalid",
            full_name=participant.name if account.role == Role.PARTICIPANT else "",
        )
