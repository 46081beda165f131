"""Test data for reports, built with the foundation's services only (works whatever the other apps hold)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from tilik.core.tests.factories import OfferingFactory, UserFactory, make_unit, make_user  # noqa: F401 - re-exported for the tests here

_n = itertools.count()


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


def programme_with_credited_roi(
    *, estimate: float = -5.0, ci: tuple[float, float] = (-6.5, -3.5)
) -> tuple[Any, Any, Any]:
    """A programme with a benefit assumption (200 hours saved per participant, registration minutes) and a
    stored run the attribution guard credits to its first angkatan: (programme data, plan, run)."""
    from tilik.programs.services_budget import benefit_assumption_save
    from tilik.programs.tests.test_budget import _credited_run

    data = build_programme()
    program = data["program"]
    benefit_assumption_save(
        program=program,
        by=None,
        description="Waktu registrasi berkurang",
        hours_saved_per_participant=Decimal(200),
        hourly_cost=None,
        golongan_basis="III/a",
        isolation=Decimal("1"),
        confidence=Decimal("0.8"),
        outcome_label="menit",
        outcome_change=Decimal(-5),
    )
    plan, run = _credited_run(program, program.offerings.first(), estimate=estimate, ci=ci)
    return data, plan, run
