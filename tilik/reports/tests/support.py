"""Test data for reports, built with the foundation's services only (works whatever the other apps hold)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from tilik.core.models import Profile
from tilik.core.tests.factories import OfferingFactory, UserFactory, make_unit

_n = itertools.count()


def make_user(role: str, *, unit: Any = None) -> Any:
    user: Any = UserFactory()
    Profile.objects.create(user=user, role=role, unit=unit)
    return user


def make_asn(unit: Any) -> Any:
    from tilik.org.services import employee_create

    n = next(_n)
    nip = f"19850101{2010 + n // 999 % 5}01{1}{n % 999 + 1:03d}"
    return employee_create(
        by=None,
        unit=unit,
        start_date=dt.date(2020, 1, 1),
        nip=nip,
        name=f"ASN Uji {n}",
        golongan="III/a",
        jabatan_category="pelaksana",
        education="S1",
    )


def build_programme() -> dict[str, Any]:
    """Two OPD: staff of Dinas A mostly declined (workload), Dinas B all completed; absorption 50 %."""
    from tilik.programs.services import budget_line_save, enrollment_create, enrollment_set_status

    root = make_unit("Pemerintah Kota Uji", code="pemkot-uji", unit_type="pemda")
    a = make_unit("Dinas Alfa", parent=root, code="dinas-alfa")
    b = make_unit("Dinas Beta", parent=root, code="dinas-beta")
    offering: Any = OfferingFactory(
        program__name="Pelayanan Prima Uji", program__slug="pelayanan-prima-uji", program__fiscal_year=2026, capacity=40
    )
    program = offering.program
    for i in range(8):
        e = enrollment_create(offering=offering, employee=make_asn(a), by=None)
        if i == 0:
            for status in ("registered", "attended", "completed"):
                e = enrollment_set_status(enrollment=e, status=status, by=None)
        else:
            enrollment_set_status(enrollment=e, status="declined", by=None, reason_code="beban_kerja")
    for _i in range(8):
        e = enrollment_create(offering=offering, employee=make_asn(b), by=None)
        for status in ("registered", "attended", "completed"):
            e = enrollment_set_status(enrollment=e, status=status, by=None)
    budget_line_save(
        program=program,
        fiscal_year=2026,
        category="honorarium",
        pagu=Decimal(10_000_000),
        realisasi=Decimal(5_000_000),
        by=None,
    )
    return {"program": program, "opd_a": a, "opd_b": b, "root": root}
