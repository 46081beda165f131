"""Shared helpers for the budget / participation / JP tests (imported explicitly by those modules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory, make_unit

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "sertifikat.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_user(role: str, *, unit: Any = None, employee: Any = None, **kw: Any) -> Any:
    user = UserFactory(**kw)
    if role == Role.UNIT_HEAD and unit is None:
        unit = make_unit(f"Unit {user.username}")
    Profile.objects.create(user=user, role=role, unit=unit, employee=employee)
    return user


def born_years_ago(years: int, today: dt.date = dt.date(2026, 3, 2)) -> str:
    return f"{today.year - years:04d}0101"
