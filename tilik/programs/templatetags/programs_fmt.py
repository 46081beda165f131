"""Number filters for the programme pages: Rp 1.234.567 and 12,5 % in the active locale."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def rp(value: Any) -> str:
    """Rupiah without decimals, grouped: Rp 1.234.567 ('–' when missing)."""
    number = _num(value)
    if number is None:
        return "–"
    sign = "−" if number < 0 else ""
    return f"{sign}Rp {number_format(round(abs(number)), 0, force_grouping=True)}"


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    """A share (0–1) as a percentage: 0.125 -> '12,5 %'."""
    number = _num(value)
    return "–" if number is None else f"{number_format(number * 100, decimals, force_grouping=True)} %"


@register.filter
def pct_plain(value: Any, decimals: int = 1) -> str:
    """A number already in percent: 12.5 -> '12,5 %'."""
    number = _num(value)
    return "–" if number is None else f"{number_format(number, decimals, force_grouping=True)} %"


@register.filter
def num(value: Any, decimals: int = 1) -> str:
    number = _num(value)
    return "–" if number is None else number_format(number, decimals, force_grouping=True)


@register.filter
def pp(value: Any, decimals: int = 1) -> str:
    """A difference of shares in percentage points: 0.151 -> '+15,1 poin'."""
    number = _num(value)
    if number is None:
        return "–"
    sign = "+" if number > 0 else ("−" if number < 0 else "")
    return f"{sign}{number_format(abs(number) * 100, decimals, force_grouping=True)}"
