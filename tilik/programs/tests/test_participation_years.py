"""Participation across years: the yearly trend with Wilson CIs and the year filter with breakdowns."""

import datetime as dt

import pytest
from django.urls import reverse

from analysis.participation import wilson_ci
from tilik.core.tests.factories import OfferingFactory, make_unit
from tilik.programs import selectors_participation as sp
from tilik.programs import services
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


def _cohort(year, unit, took, missed):
    offering = OfferingFactory(
        program__fiscal_year=year,
        program__name=f"Program {year}",
        capacity=60,
        start_date=dt.date(year, 3, 2),
        end_date=dt.date(year, 3, 5),
    )
    for i in range(took + missed):
        e = services.enrollment_create(offering=offering, employee=make_asn(unit=unit), by=None, status="registered")
        if i < took:
            services.enrollment_set_status(enrollment=e, status="attended", by=None)
        else:
            services.enrollment_set_status(enrollment=e, status="no_show", reason_code="tidak_perlu", by=None)


@pytest.fixture
def two_years():
    root = make_unit("Pemerintah Kota", unit_type="pemda", code="kota")
    dinkes = make_unit("Dinas Kesehatan", parent=root, code="dinkes", short_name="Dinkes")
    dishub = make_unit("Dinas Perhubungan", parent=root, code="dishub", short_name="Dishub")
    _cohort(2025, dinkes, 9, 1)  # 2025: Dinkes 9/10, Dishub 2/3
    _cohort(2025, dishub, 2, 1)
    _cohort(2026, dinkes, 6, 6)  # 2026: Dinkes 6/12, Dishub 4/4
    _cohort(2026, dishub, 4, 0)
    return dinkes, dishub


def test_yearly_rates_with_wilson_cis(two_years):
    frame = sp.participation_frame(None)
    rows = {r.rate.group: r.rate for r in sp.yearly_rates(frame)}
    assert list(rows) == ["2025", "2026"]
    assert (rows["2025"].k, rows["2025"].n) == (11, 13) and (rows["2026"].k, rows["2026"].n) == (10, 16)
    assert (rows["2026"].ci_low, rows["2026"].ci_high) == pytest.approx(wilson_ci(10, 16))
    table = sp.yearly_group_rates(frame, "opd")
    assert table.years == ["2025", "2026"] and [t.group for t in table.rows] == ["Dinkes", "Dishub"]
    dinkes = next(t for t in table.rows if t.group == "Dinkes")
    assert [(c.rate.k, c.rate.n) for c in dinkes.cells] == [(9, 10), (6, 12)]


def test_page_shows_trend_and_keeps_breakdowns_for_one_year_or_all(client, two_years):
    client.force_login(make_user("evaluator"))
    url = reverse("programs:participation")
    html = client.get(url, {"tahun": "2025", "dimensi": "opd"}).content.decode()
    assert "Tren tingkat partisipasi per tahun" in html and "<svg" in html
    trend = html.split('participation-trend">', 1)[1].split("</table>", 1)[0]
    assert "<td>2025</td>" in trend and "<td>2026</td>" in trend and "62,5 %" in trend  # 10/16 in 2026
    groups = html.split('participation-trend-groups">', 1)[1].split("</table>", 1)[0]
    assert "90,0 %" in groups and "50,0 %" in groups  # Dinkes 2025 and 2026
    year_part = html.split("Tingkat partisipasi menurut OPD, 2025", 1)[1].split("</table>", 1)[0]
    assert ">10<" in year_part and ">3<" in year_part and ">12<" not in year_part  # only 2025 invitees
    html = client.get(url, {"tahun": "semua", "dimensi": "opd"}).content.decode()
    assert 'value="semua" selected' in html
    pooled = html.split("Tingkat partisipasi menurut OPD, semua tahun", 1)[1].split("</table>", 1)[0]
    assert ">22<" in pooled and ">7<" in pooled  # Dinkes 10 + 12, Dishub 3 + 4
    funnel = html.split("Corong partisipasi", 1)[1].split("</table>", 1)[0]
    assert "Program 2025 (2025)" in funnel and "Program 2026 (2026)" in funnel
    html = client.get(url, {"tahun": "semua", "dimensi": "golongan"}).content.decode()
    assert "Tingkat partisipasi menurut Golongan, semua tahun" in html


def test_unit_head_trend_is_scoped_and_small_cells_hidden(client, two_years):
    dinkes, _dishub = two_years
    client.force_login(make_user("pimpinan_unit", unit=dinkes))
    html = client.get(reverse("programs:participation"), {"tahun": "semua"}).content.decode()
    trend = html.split('participation-trend">', 1)[1].split("</table>", 1)[0]
    assert "90,0 %" in trend and "50,0 %" in trend  # Dinkes only: 9/10 and 6/12
    assert "Dishub" not in html
