"""Frame columns by the names users know: analysis/ quotes each column it names ('value', 'golongan=III');
the caller, who built the frame, swaps in its labels before anyone reads the text. Pure (no Django)."""

from __future__ import annotations

import re

# A quoted identifier, or dummy 'column=level'; an apostrophe inside a name (Sant'Anna) is not a quote.
QUOTED = re.compile(r"'([A-Za-z_]\w*(?:=[^'\n]*)?)'")


def label_of(column: str, labels: dict[str, str]) -> str:
    """A frame column (or dummy "column=level") by its label; an unknown name as it is."""
    base, eq, level = column.partition("=")
    if base not in labels:
        return column
    return f"{labels[base]} {level}" if eq else labels[base]


def readable(text: str, labels: dict[str, str]) -> str:
    """Each quoted frame column in ``text`` by its label, still quoted ('Waktu registrasi'); other quotes stay."""
    return QUOTED.sub(lambda m: f"'{label_of(m.group(1), labels)}'", text)
