"""Presentation helpers for the design system (no numbers are computed here)."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# A headline that starts with a figure: "69,9 % peserta undangan hadir", "+4,1 poin (p = 0,003)", "12/30".
_LEADING_FIGURE = re.compile(
    r"^\s*((?:Rp\s?)?[−+\-]?\d[\d.,]*(?:\s?%)?(?:\s?(?:/|–|s\.d\.)\s?[−+\-]?\d[\d.,]*(?:\s?%)?)?)(?=\s|$)\s*(.*)$",
    re.S,
)
# A short label that ends with its figure: "serapan 87,1 %", "IKM rata-rata unit 78,68".
_TRAILING_FIGURE = re.compile(r"^([^\d:;()]{1,40}?)\s+([−+\-]?\d[\d.,]*(?:\s?%)?)\s*$")


@register.filter
def kpi_split(value: object) -> tuple[str, str]:
    """Split a headline into its leading figure and the words after it, for a KPI card.

    Only a figure that stands for the whole headline is lifted out: the headline is the figure
    alone ("12", "-0,86 – -0,70") or a percentage with what it counts ("78,5 % peserta undangan
    hadir"), or a short label ending with its figure ("serapan 87,1 %").
    Anything else ("3 tes, 59 pasangan; peningkatan 10,7 poin") comes back whole as
    the second part, so the card shows it as text rather than a misleading giant number."""
    text = str(value or "")
    match = _LEADING_FIGURE.match(text)
    if match and (not match.group(2) or match.group(1).endswith("%")):
        return match.group(1), match.group(2)
    trailing = _TRAILING_FIGURE.match(text)
    if trailing:
        return trailing.group(2), trailing.group(1)
    return "", text
