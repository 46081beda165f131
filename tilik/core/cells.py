"""The one spreadsheet formula-injection guard for every export (CSV, XLSX, QDPX, subject-access copies).

Pure (no Django), so pure helpers such as tilik.interviews.text can use it too.
"""

from __future__ import annotations

from typing import Any

# A cell starting with one of these would run as a formula in a spreadsheet (CSV/formula injection).
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value
