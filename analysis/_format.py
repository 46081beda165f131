"""Number formatting for the Indonesian interpretation texts (1.234,56)."""

from __future__ import annotations

import math


def fmt_id(value: float | None, decimals: int = 2) -> str:
    """Number in Indonesian notation: '.' groups thousands, ',' marks decimals; '-' when missing."""
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:,.{decimals}f}".translate(str.maketrans(",.", ".,"))


def fmt_p(p: float | None, lang: str = "id") -> str:
    """The one p-value wording: 'p < 0,001' below 0.001, else 'p = 0,012' (three decimals); 'p = -' missing.

    Never 'p = 0,0000' (a p-value is never zero) nor 'p = < 0,001'. tilik.core.fmt.p_text calls this.
    """
    if p is None or not math.isfinite(p):
        return "p = -"
    if p < 0.001:
        return "p < 0,001" if lang == "id" else "p < 0.001"
    text = f"{p:.3f}"
    return f"p = {text.replace('.', ',') if lang == 'id' else text}"
