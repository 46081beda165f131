"""Number formatting for the Indonesian interpretation texts (1.234,56)."""

from __future__ import annotations

import math


def fmt_id(value: float | None, decimals: int = 2) -> str:
    """Number in Indonesian notation: '.' groups thousands, ',' marks decimals; '-' when missing."""
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:,.{decimals}f}".translate(str.maketrans(",.", ".,"))
