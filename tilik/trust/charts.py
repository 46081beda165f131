"""Trend charts for a unit's trust page, drawn by the project's one chart function (tilik.core.charts)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tilik.core import charts
from tilik.trust.catalogue import SHORT, TRUST_INDICES, ZI_INDICES
from tilik.trust.selectors import UnitTrust


def _chart(data: UnitTrust, codes: tuple[str, ...], key: str, caption: str, ylabel: str) -> SafeString | None:
    series: dict[str, list[float | None]] = {}
    for code in codes:
        values = [
            (est.mean if (est := data.estimates.get(code, {}).get(p)) is not None and not est.suppressed else None)
            for p in data.periods
        ]
        if sum(v is not None for v in values) >= 1:
            series[str(SHORT[code])] = values
    if not series or len(data.periods) < 2:
        return None
    chart = charts.Chart(key=key, caption=caption, kind="line", labels=data.periods, series=series, ylabel=ylabel)
    return mark_safe(charts.svg_markup(chart))  # noqa: S308 - SVG drawn by matplotlib from our numbers


def trend_charts(data: UnitTrust) -> list[tuple[str, SafeString]]:
    out = []
    zi = _chart(data, ZI_INDICES, f"zi-{data.unit.pk}", _("IPKP dan IPAK per periode"), _("skor 1–4"))
    if zi is not None:
        out.append((_("IPKP dan IPAK per periode (skala butir 1–4)"), zi))
    trust = _chart(data, TRUST_INDICES, f"kp-{data.unit.pk}", _("Kepercayaan dan pendorongnya"), "0–10")
    if trust is not None:
        out.append((_("Kepercayaan dan lima pendorongnya per periode (0–10)"), trust))
    return out
