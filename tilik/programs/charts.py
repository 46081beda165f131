"""Charts for the programme pages, drawn by the project's one chart function (tilik.core.charts)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tilik.core import charts
from tilik.programs.selectors_participation import RateRow


def participation_trend_chart(yearly: list[RateRow]) -> SafeString | None:
    """Participation rate per year with its 95 % Wilson interval as an inline SVG (two years or more)."""
    shown = [r for r in yearly if not r.hidden]
    if len(shown) < 2:
        return None
    chart = charts.Chart(
        key="partisipasi-tren",
        caption=_("Tingkat partisipasi per tahun dengan IK 95 %"),
        kind="line",
        labels=[r.rate.group for r in shown],
        series={
            _("Tingkat partisipasi (%)"): [r.rate.rate * 100 for r in shown],
            _("Batas bawah IK 95 %"): [r.rate.ci_low * 100 for r in shown],
            _("Batas atas IK 95 %"): [r.rate.ci_high * 100 for r in shown],
        },
        ylabel="%",
    )
    return mark_safe(charts.svg_markup(chart))  # noqa: S308 - SVG drawn by matplotlib from our numbers
