"""Level 4's IKM, the decision table's Level 1 and the report's response count read published batches only:
a wave below k respondents contributes nothing that anyone but a full-access reader sees."""

from __future__ import annotations

import datetime as dt

import pytest

from tilik.core.tests.factories import make_unit
from tilik.evaluations.selectors_ikm import survey_ikm
from tilik.reports.evidence import _reaction
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report
from tilik.reports.tests.support import build_programme
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.services.responses import responses_import
from tilik.surveys.tests.conftest import load, open_wave

pytestmark = pytest.mark.django_db
K = 5  # TILIK_MIN_CELL


def _skm(skm, unit, period, n):
    wave = open_wave(skm, audience=Audience.PUBLIC, anonymity=Anonymity.ANONIM, unit=unit, period=period)
    responses_import(wave=wave, rows=[{f"U{i}": "4" for i in range(1, 10)}] * n, by="test", on=dt.date(2026, 2, 1))


def _reaction_wave(instrument, program, n):
    wave = open_wave(instrument, program=program, anonymity=Anonymity.ANONIM)
    rows = [{f"PNY{i}": "1" for i in range(1, 7)}] * n  # every answer the lowest: a poor reaction
    responses_import(wave=wave, rows=rows, by="test", on=dt.date(2026, 2, 1))


def test_ikm_of_fewer_than_k_citizens_never_reaches_level_4():
    unit = make_unit("Puskesmas Kecil", code="pkm-kecil", unit_type="puskesmas", serves_public=True)
    skm = load("skm_ikm")
    _skm(skm, unit, "2026-S1", K - 1)
    assert survey_ikm(first=dt.date(2026, 1, 1), last=dt.date(2026, 12, 31)) == {}
    _skm(skm, unit, "2026-S2", K)
    assert list(survey_ikm(first=dt.date(2026, 1, 1), last=dt.date(2026, 12, 31)).values()) == [(100.0, K)]


def test_reaction_verdict_and_response_count_wait_for_k():
    data = build_programme()
    program = data["program"]
    reaksi = load("level1_reaksi")
    _reaction_wave(reaksi, program, K - 1)
    assert _reaction(program) == "unknown"
    aggregate = build_report(scope_for(None, year=2026, program=program, suppress=True))
    assert dict(aggregate.snapshot)["Respons survei"] == "0"
    full = build_report(scope_for(None, year=2026, program=program, suppress=False))
    assert dict(full.snapshot)["Respons survei"] == str(K - 1)
    _reaction_wave(reaksi, program, K)
    assert _reaction(program) == "poor"
