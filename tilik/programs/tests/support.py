"""Shared helpers for the budget / participation / JP tests (imported explicitly by those modules)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.core.tests.factories import UserFactory, make_unit, make_user  # noqa: F401 - re-exported for the tests here

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "sertifikat.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


_counter = itertools.count()


def make_asn(*, unit: Any = None, age: int = 35, sex: str = "1", on: dt.date = dt.date(2026, 3, 2), **kw: Any) -> Any:
    """An employee with a unique, valid NIP (not limited like factories.make_employee's 998 numbers)."""
    from tilik.org.services import employee_create

    n = next(_counter)
    born = on.year - age - 1
    tmt_year = born + 22 + (n // 999) % 3
    nip = f"{born:04d}0101{tmt_year:04d}{(n // 2997) % 12 + 1:02d}{sex}{n % 999 + 1:03d}"
    fields: dict[str, Any] = {
        "nip": nip,
        "name": f"ASN Uji {n}",
        "golongan": "III/a",
        "jabatan_category": "pelaksana",
        "education": "S1",
    }
    fields.update(kw)
    return employee_create(by=None, unit=unit, start_date=dt.date(2020, 1, 1) if unit else None, **fields)
