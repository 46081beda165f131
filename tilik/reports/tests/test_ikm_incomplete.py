"""A public SKM wave whose answers do not cover the nine unsur has no IKM: the report says so, no crash."""

from __future__ import annotations

import datetime as dt

import pytest

from tilik.core.tests.factories import make_unit
from tilik.reports import render
from tilik.reports.scope import scope_for
from tilik.reports.sections.surveys import ikm_section
from tilik.reports.selectors import build_report
from tilik.reports.tests.support import build_programme
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.services.responses import responses_import
from tilik.surveys.tests.conftest import load, open_wave

pytestmark = pytest.mark.django_db


def _wave(skm, unit, period, rows):
    wave = open_wave(skm, audience=Audience.PUBLIC, anonymity=Anonymity.ANONIM, unit=unit, period=period)
    responses_import(wave=wave, rows=rows, by="test", on=dt.date(2026, 2, 1))


def test_incomplete_skm_is_named_and_complete_ones_still_count():
    build_programme()
    unit = make_unit("Puskesmas Uji", code="pkm-uji-ikm", unit_type="puskesmas", serves_public=True)
    skm = load("skm_ikm")
    _wave(skm, unit, "2026-S1", [{"U1": "3"} for _ in range(6)])  # only the first unsur answered
    scope = scope_for(None, year=2026, suppress=False)
    section = ikm_section(scope)
    assert not section.measured and any("belum lengkap" in p for p in section.paragraphs)

    _wave(skm, unit, "2026-S2", [{f"U{i}": "4" for i in range(1, 10)} for _ in range(6)])
    section = ikm_section(scope)
    assert section.measured and "100,00" in section.headline
    assert any("1 survei SKM" in p for p in section.paragraphs)
    # The year report (every unit); a programme's report lists only the units whose staff it trained.
    html = render.to_html(build_report(scope_for(None, year=2026, suppress=False)))
    assert "belum lengkap" in html
