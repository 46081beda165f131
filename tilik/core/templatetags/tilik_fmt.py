"""Number filters for every app's pages: Rp 1.234.567, 12,5 % and p-values in the active locale.

Thin template adapters over tilik.core.fmt, the one place numbers are formatted; load them with
``{% load tilik_fmt %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from tilik.core import fmt

register = template.Library()


@register.filter
def rp(value: Any) -> str:
    """Rupiah without decimals, grouped: Rp 1.234.567 ('–' when missing)."""
    return fmt.rupiah(value)


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    """A share (0–1) as a percentage: 0.125 -> '12,5 %'."""
    return fmt.share_pct(value, int(decimals))


@register.filter
def pct_plain(value: Any, decimals: int = 1) -> str:
    """A number already in percent: 12.5 -> '12,5 %'."""
    return fmt.pct(value, int(decimals))


@register.filter
def num(value: Any, decimals: int = 1) -> str:
    return fmt.num(value, int(decimals))


@register.filter
def pp(value: Any, decimals: int = 1) -> str:
    """A difference of shares in percentage points: 0.151 -> '+15,1'."""
    return fmt.points(value, int(decimals))


@register.filter
def pvalue(value: Any) -> str:
    """A p-value cell: '< 0,001' or '0,012' (tilik.core.fmt.pvalue)."""
    return fmt.pvalue(value)


@register.filter
def ptext(value: Any) -> str:
    """A p-value in running text: 'p < 0,001' or 'p = 0,012' (tilik.core.fmt.p_text)."""
    return fmt.p_text(value)
