"""One low-absorption threshold (TILIK_LOW_ABSORPTION_PCT, default 80 %) for action A2 and the budget pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tilik.core.models import Role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory
from tilik.reports.recommendations import build
from tilik.reports.scope import scope_for
from tilik.reports.sections.costs import budget_section
from tilik.reports.tests.support import make_user

pytestmark = pytest.mark.django_db


def test_default_is_the_issues_80_percent():
    from tilik.settings import base

    assert base.TILIK_LOW_ABSORPTION_PCT == 80.0
    assert settings.TILIK_LOW_ABSORPTION_PCT == 80.0


@pytest.fixture
def program_at_82():
    from tilik.programs.services import budget_line_save

    program = ProgramFactory(name="Serapan Delapan Dua", fiscal_year=2026)
    OfferingFactory(program=program)  # ended in March 2026: absorption can be judged
    budget_line_save(
        program=program, fiscal_year=2026, category="atk", pagu=Decimal(1_000_000), realisasi=Decimal(820_000), by=None
    )
    return program


def _r4(program):
    with translation.override("id"):
        scope = scope_for(None, year=2026, program=program, suppress=False)
        section = budget_section(scope)
        [verdict] = build(scope, section.findings)[0]
        return section, [a for a in verdict.actions if "(dasar A2" in a]


def _flagged_on_budget_page(client):
    client.force_login(make_user(Role.EVALUATOR))
    html = client.get(reverse("programs:budget") + "?tahun=2026").content.decode()
    assert "Serapan Delapan Dua" in html
    return "serapan rendah" in html


def test_82_percent_is_not_low_under_the_default_on_either_side(client, program_at_82):
    section, r4 = _r4(program_at_82)
    assert "82,0 %" in section.tables[0].rows[0][3]
    assert r4 == [] and section.charts[0].reference == 80.0
    assert not _flagged_on_budget_page(client)


@override_settings(TILIK_LOW_ABSORPTION_PCT=85)
def test_raising_the_one_setting_flags_it_on_both_sides(client, program_at_82):
    section, r4 = _r4(program_at_82)
    assert len(r4) == 1 and "82,0 %" in r4[0] and "di bawah 85 %" in r4[0]
    assert section.charts[0].reference == 85.0
    assert _flagged_on_budget_page(client)


def test_not_started_programme_is_not_zero_percent_nor_low(client):
    from tilik.programs.services import budget_line_save

    program = ProgramFactory(name="Belum Mulai", fiscal_year=2026)
    OfferingFactory(program=program, start_date=dt.date(2099, 1, 5), end_date=dt.date(2099, 1, 9))
    budget_line_save(
        program=program, fiscal_year=2026, category="atk", pagu=Decimal(1000), realisasi=Decimal(0), by=None
    )
    section, a2 = _r4(program)
    assert section.tables[0].rows[0][3] == "belum dimulai" and a2 == [] and not section.charts
    client.force_login(make_user(Role.EVALUATOR))
    html = client.get(reverse("programs:budget") + "?tahun=2026").content.decode()
    assert "belum dimulai" in html and "serapan rendah" not in html
    detail = client.get(reverse("programs:budget_detail", args=[program.pk])).content.decode()
    assert "belum dimulai" in detail and "0,0 %" not in detail
