"""tilik.core.fmt is the one number formatter: the report, the programme pages' filters and service messages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tilik.core import fmt


@pytest.fixture
def indonesian():
    with translation.override("id"):
        yield


def test_indonesian_formats(indonesian):
    assert fmt.num(12345.67) == "12.345,7"
    assert fmt.num(1.99, 1) == "2,0"  # rounded, not truncated
    assert fmt.integer(3040) == "3.040"
    assert fmt.pct(12.5) == "12,5 %"
    assert fmt.share_pct(0.125) == "12,5 %"
    assert fmt.points(0.151) == "+15,1" and fmt.points(-0.02) == "−2,0" and fmt.points(0) == "0,0"
    assert fmt.rupiah(Decimal("1234567")) == "Rp 1.234.567"
    assert fmt.rupiah(-1500) == "−Rp 1.500"
    assert fmt.pvalue(0.0004) == "< 0,001" and fmt.pvalue(0.0312) == "0,031"
    assert fmt.date(dt.date(2026, 11, 28)) == "28 November 2026"


def test_english_formats():
    with translation.override("en"):
        assert fmt.num(12345.67) == "12,345.7"
        assert fmt.rupiah(1234567) == "Rp 1,234,567"
        assert fmt.pvalue(0.0004) == "< 0.001"
        assert fmt.date(dt.date(2026, 8, 17)) == "17 August 2026"


@pytest.mark.parametrize("missing", [None, float("nan"), float("inf"), "", "abc"])
def test_missing_values_print_a_dash(indonesian, missing):
    for f in (fmt.num, fmt.integer, fmt.pct, fmt.share_pct, fmt.points, fmt.rupiah, fmt.pvalue):
        assert f(missing) == "–"


def test_programme_filters_print_what_core_fmt_prints(indonesian):
    template = Template(
        "{% load tilik_fmt %}"
        "{{ a|rp }}|{{ b|pct }}|{{ c|pct_plain }}|{{ d|num:2 }}|{{ e|pp }}|{{ f|rp }}|{{ g|pct:0 }}"
    )
    html = template.render(
        Context({"a": Decimal("17442000"), "b": 0.6, "c": 82.25, "d": "3.14159", "e": -0.034, "f": None, "g": 0.125})
    )
    assert html == "Rp 17.442.000|60,0 %|82,2 %|3,14|−3,4|–|12 %"
    assert html.split("|") == [
        fmt.rupiah(17442000),
        fmt.share_pct(0.6),
        fmt.pct(82.25),
        fmt.num(3.14159, 2),
        fmt.points(-0.034),
        "–",
        fmt.share_pct(0.125, 0),
    ]


@pytest.mark.django_db
def test_budget_line_warning_formats_rupiah_through_core_fmt(indonesian):
    from tilik.core.tests.factories import ProgramFactory
    from tilik.programs.services import budget_line_save, budget_line_warnings

    program = ProgramFactory()
    line, warnings = budget_line_save(
        program=program,
        fiscal_year=2026,
        category="atk",
        pagu=Decimal(15_300_000),
        realisasi=Decimal(17_442_000),
        by=None,
    )
    assert warnings == [f"Realisasi ({fmt.rupiah(17_442_000)}) melebihi pagu ({fmt.rupiah(15_300_000)})."]
    assert warnings == ["Realisasi (Rp 17.442.000) melebihi pagu (Rp 15.300.000)."]
    with translation.override("en"):
        assert budget_line_warnings(line) == ["Spending (Rp 17,442,000) exceeds the budget ceiling (Rp 15,300,000)."]
