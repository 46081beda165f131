"""Number and date formatting in the active language (Indonesian: 1.234,5; Rp 1.234.567; 28 November 2026).

The one place that formats numbers for people: the report builder and dashboard (tilik.reports), the
template filters of every app (tilik.core.templatetags.tilik_fmt) and service messages.
Every function accepts ``None`` (and non-finite floats) and then prints an en dash.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format, number_format

MISSING = "–"
MINUS = "−"  # U+2212, as typeset; number_format's own sign is a hyphen


def to_float(value: Any) -> float | None:
    """A finite float, or None for None, NaN, infinities and anything that is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, InvalidOperation):
        return None
    return number if math.isfinite(number) else None


def num(value: Any, decimals: int = 1) -> str:
    """12345.67 -> '12.345,7' (Indonesian) or '12,345.7' (English)."""
    number = to_float(value)
    if number is None:
        return MISSING
    rounded = round(number, decimals)
    # A tiny negative rounds to -0.0, which would print "-0,00": zero has no sign.
    return number_format(rounded if rounded != 0 else 0.0, decimals, use_l10n=True, force_grouping=True)


def integer(value: Any) -> str:
    number = to_float(value)
    return MISSING if number is None else number_format(int(number), 0, use_l10n=True, force_grouping=True)


def pct(value: Any, decimals: int = 1) -> str:
    """A number already in percent: 12.5 -> '12,5 %'."""
    text = num(value, decimals)
    return text if text == MISSING else f"{text} %"


def share_pct(value: Any, decimals: int = 1) -> str:
    """A share (0–1) as a percentage: 0.125 -> '12,5 %'."""
    number = to_float(value)
    return MISSING if number is None else pct(number * 100, decimals)


def points(value: Any, decimals: int = 1) -> str:
    """A difference of shares in percentage points, signed: 0.151 -> '+15,1'; -0.02 -> '−2,0'."""
    number = to_float(value)
    if number is None:
        return MISSING
    sign = "+" if number > 0 else (MINUS if number < 0 else "")
    return f"{sign}{num(abs(number) * 100, decimals)}"


def rupiah(value: float | Decimal | int | str | None) -> str:
    """Whole rupiah, grouped: Rp 1.234.567; a negative amount '−Rp 1.234'."""
    number = to_float(value)
    if number is None:
        return MISSING
    sign = MINUS if round(number) < 0 else ""
    return f"{sign}Rp {num(abs(number), 0)}"


def p_text(value: Any) -> str:
    """The one p-value wording for sentences: 'p < 0,001' or 'p = 0,012' (analysis._format.fmt_p)."""
    from analysis._format import fmt_p

    number = to_float(value)
    return f"p = {MISSING}" if number is None else fmt_p(number, "id" if is_indonesian() else "en")


def pvalue(value: Any) -> str:
    """A p-value for a table column headed 'p': '< 0,001' or '0,012' (same rule as ``p_text``)."""
    text = p_text(value)
    return text.removeprefix("p = ").removeprefix("p ")


def date(value: dt.date | dt.datetime | None) -> str:
    """28 November 2026 (month names in the active language)."""
    return MISSING if value is None else date_format(value, "j F Y", use_l10n=True)


def is_indonesian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "id").startswith("id")


def interp(result: object) -> str:
    """A result's plain-language interpretation in the active language."""
    text_id = getattr(result, "interpretation_id", "") or getattr(result, "interpretation", "")
    text_en = getattr(result, "interpretation_en", "")
    return text_id if is_indonesian() or not text_en else text_en
