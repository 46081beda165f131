"""A programme's report shows the IKM of the service units whose staff it trained; the year report all."""

from __future__ import annotations

import datetime as dt

import pytest

from tilik.core.tests.factories import OfferingFactory, make_unit
from tilik.programs.services import enrollment_create, enrollment_set_status
from tilik.reports.scope import scope_for
from tilik.reports.sections.surveys import ikm_section
from tilik.reports.tests.support import make_asn
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.services.responses import responses_import
from tilik.surveys.tests.conftest import load, open_wave

pytestmark = pytest.mark.django_db


def test_programme_report_lists_only_units_it_trained():
    trained = make_unit("Puskesmas Dilatih", code="pkm-dilatih", unit_type="puskesmas", serves_public=True)
    other = make_unit("Puskesmas Lain", code="pkm-lain", unit_type="puskesmas", serves_public=True)
    offering = OfferingFactory(program__name="Prima IKM", program__slug="prima-ikm", program__fiscal_year=2026)
    e = enrollment_create(offering=offering, employee=make_asn(trained), by=None)
    for status in ("registered", "attended", "completed"):
        e = enrollment_set_status(enrollment=e, status=status, by=None)
    skm = load("skm_ikm")
    for unit in (trained, other):
        wave = open_wave(skm, audience=Audience.PUBLIC, anonymity=Anonymity.ANONIM, unit=unit, period="2026-S1")
        rows = [{f"U{i}": "3" for i in range(1, 10)} for _ in range(6)]
        responses_import(wave=wave, rows=rows, by="test", on=dt.date(2026, 2, 1))

    year = ikm_section(scope_for(None, year=2026, suppress=False))
    assert {r[0] for r in year.tables[0].rows} == {"Puskesmas Dilatih", "Puskesmas Lain"}
    own = ikm_section(scope_for(None, year=2026, program=offering.program, suppress=False))
    assert {r[0] for r in own.tables[0].rows} == {"Puskesmas Dilatih"}

    unrelated = OfferingFactory(program__name="Lain", program__slug="lain-ikm", program__fiscal_year=2026).program
    none = ikm_section(scope_for(None, year=2026, program=unrelated, suppress=False))
    assert not none.measured and "stafnya lulus program ini" in none.reason
