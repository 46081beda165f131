"""A report build computes each shared input once (tilik.core.build_cache): the IKM table, each wave's
published results, and the same report as without the cache."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from unittest import mock

import pytest
from django.utils import translation

from tilik.core.build_cache import build_cache, build_cache_active, per_build
from tilik.core.tests.factories import OfferingFactory, make_unit
from tilik.programs.services import enrollment_create, enrollment_set_status
from tilik.reports import render, selectors
from tilik.reports.scope import scope_for
from tilik.reports.tests.support import make_asn
from tilik.surveys import published
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.services.responses import responses_import
from tilik.surveys.tests.conftest import load, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_world():
    """Two puskesmas with a public SKM wave each (6 answers), a programme whose staff trained, its reaction wave."""
    units = [
        make_unit(f"Puskesmas Uji {i}", code=f"pkm-uji-{i}", unit_type="puskesmas", serves_public=True) for i in (1, 2)
    ]
    offering = OfferingFactory(program__name="Prima Cepat", program__slug="prima-cepat", program__fiscal_year=2026)
    e = enrollment_create(offering=offering, employee=make_asn(units[0]), by=None)
    for status in ("registered", "attended", "completed"):
        e = enrollment_set_status(enrollment=e, status=status, by=None)
    skm = load("skm_ikm")
    for n, unit in enumerate(units):
        wave = open_wave(skm, audience=Audience.PUBLIC, anonymity=Anonymity.ANONIM, unit=unit, period="2026-S1")
        rows = [{f"U{i}": str(2 + (n + j) % 3) for i in range(1, 10)} for j in range(6)]
        responses_import(wave=wave, rows=rows, by="test", on=dt.date(2026, 2, 1))
    reaction = open_wave(load("level1_reaksi"), anonymity=Anonymity.ANONIM, program=offering.program, offering=offering)
    rows = [reaksi_answers(str(1 + j % 4)) for j in range(6)]
    responses_import(wave=reaction, rows=rows, by="test", on=dt.date(2026, 2, 3))
    return offering.program


def test_a_year_report_computes_the_ikm_table_and_each_waves_results_once(year_world):
    scope = scope_for(None, year=2026)
    with (
        mock.patch.object(published, "ikm_table", wraps=published.ikm_table) as ikm_table,
        mock.patch.object(published, "wave_results", wraps=published.wave_results) as wave_results,
    ):
        report = selectors.build_report(scope)
    assert ikm_table.call_count == 1  # the IKM section, the trust panel and the Level 4 IKM series share it
    per_wave = Counter(call.args[0].pk for call in wave_results.call_args_list)
    assert per_wave and max(per_wave.values()) == 1
    assert not build_cache_active()  # the cache lives only while the report is built

    with translation.override("id"):
        uncached = selectors._build(scope_for(None, year=2026), "id")  # every input computed where it is read
    assert render.to_html(report) == render.to_html(uncached)


def test_the_ikm_section_and_the_trust_panel_share_one_ikm_table_and_frames_are_read_once(year_world):
    """The two readers of the IKM table the profile of the demo year report showed (3 s each)."""
    from tilik.reports.sections.surveys import ikm_section
    from tilik.surveys.models import Wave
    from tilik.trust.selectors import units_with_public_surveys
    from tilik.trust.selectors_panel import coverage_panel

    scope = scope_for(None, year=2026)
    units = units_with_public_surveys(None)
    reaction = Wave.objects.get(program=year_world)
    with (
        mock.patch.object(published, "ikm_table", wraps=published.ikm_table) as ikm_table,
        mock.patch("tilik.surveys.selectors.results.responses_frame") as responses_frame,
        build_cache(),
    ):
        responses_frame.return_value = ("frame", [])
        assert ikm_section(scope).measured
        coverage_panel(year_world.name, units)
        assert published.frame_for(reaction) is published.frame_for(reaction)  # Level 1 and the 360° change
    assert ikm_table.call_count == 1 and responses_frame.call_count == 1


def test_unit_rows_of_the_shared_ikm_table_are_those_computed_for_the_units(year_world):
    unit = published.ikm_rows()[0]["unit"]
    alone = published.ikm_rows(units=[unit])
    with build_cache():
        shared = published.ikm_rows(units=[unit])
    assert [(r["wave"].pk, r["n"], r["ikm"].ikm) for r in shared] == [
        (r["wave"].pk, r["n"], r["ikm"].ikm) for r in alone
    ]


def test_per_build_caches_only_inside_a_block_and_only_what_it_can_key():
    calls = []

    @per_build
    def pair(x, *, extra=None):
        calls.append(x)
        return [x, x]

    assert pair(3) == [3, 3] and pair(3) == [3, 3] and calls == [3, 3]  # outside a block: every time
    with build_cache():
        first = pair(4)
        assert pair(4) is first and pair(4, extra=1) == [4, 4]
        assert pair([2]) == [[2], [2]] and pair([2]) == [[2], [2]]
        assert pair(x=5) == [5, 5] and pair(5, extra=None) == [5, 5]  # one call, however it is spelled
        assert pair(5, extra={"a": 1}) == [5, 5] and pair(5, extra={"a": 1}) == [5, 5]
        with build_cache():  # a nested block joins the outer one
            assert pair(4) is first
    assert calls == [3, 3, 4, 4, [2], 5, 5, 5]  # x=5 once, then twice with an argument it cannot key
    assert pair(4) is not first and calls[-1] == 4
