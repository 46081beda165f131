"""Number and date formatting in the active language (Indonesian: 1.234,5 and 28 November 2026)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.utils.formats import date_format, number_format


def num(value: float | Decimal | int | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not math.isfinite(value):
        return "–"
    return number_format(round(float(value), decimals), decimals, use_l10n=True, force_grouping=True)


def integer(value: int | None) -> str:
    return "–" if value is None else number_format(int(value), 0, use_l10n=True, force_grouping=True)


def pct(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else f"{num(value, decimals)} %"


def rupiah(value: float | Decimal | None) -> str:
    return "–" if value is None else f"Rp {num(value, 0)}"


def pvalue(value: float | None) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return "< 0,001" if value < 0.001 and _is_id() else ("< 0.001" if value < 0.001 else num(value, 3))


def date(value: dt.date | dt.datetime | None) -> str:
    return "–" if value is None else date_format(value, "j F Y", use_l10n=True)


def _is_id() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "id").startswith("id")


def interp(result: object) -> str:
    """A result's plain-language interpretation in the active language."""
    text_id = getattr(result, "interpretation_id", "") or getattr(result, "interpretation", "")
    text_en = getattr(result, "interpretation_en", "")
    return text_id if _is_id() or not text_en else text_en
