"""Where real REFI-QDA exporters depart from the standard, and how Tilik reads them anyway.

Each rule names the public evidence it follows; each departure Tilik adjusts for is said to the user.

- Namespace version: a codebook header made to match NVivo 12 for Mac writes
  ``xmlns="urn:QDA-XML:codebook:1:0"`` (a colon for the dot), and QualCoder's importer records having
  met other version strings (github.com/ccbogel/QualCoder, src/qualcoder/refi.py: "Have found 1.0, 0:4").
  The elements are the 1.0 ones, so the file is read as 1.0.
- Line ends in ATLAS.ti: its text sources are stored with CRLF, but its selection positions count each
  CRLF as one character (QualCoder's importer, same file: "Atlas stored correct positions ... as though
  it is \\n - one character. But the source.txt stores \\r\\n"). NVivo and MAXQDA count CRLF as two
  characters, as Tilik does, so only ATLAS.ti positions are mapped onto the stored text.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_VARIANT = re.compile(rb"urn:QDA-XML:(project|codebook):([0-9]+[:.][0-9]+)")


def normalise_namespace(data: bytes, kind: str) -> tuple[bytes, str]:
    """Rewrite a ``urn:QDA-XML:<kind>:<version>`` other than 1.0 to 1.0; (data, notice or "")."""
    found = {m.group(2).decode() for m in _VARIANT.finditer(data) if m.group(1).decode() == kind}
    odd = sorted(v for v in found if v != "1.0")
    if not odd:
        return data, ""
    for version in odd:
        data = data.replace(f"urn:QDA-XML:{kind}:{version}".encode(), f"urn:QDA-XML:{kind}:1.0".encode())
    notice = _(
        "Berkas memakai namespace “urn:QDA-XML:%(kind)s:%(version)s” (bukan 1.0, seperti beberapa ekspor "
        "NVivo); isinya dibaca sebagai REFI-QDA 1.0."
    ) % {"kind": kind, "version": odd[0]}
    return data, notice


def counts_crlf_once(origin: str) -> bool:
    return "atlas.ti" in origin.casefold()


class CrlfOnce:
    """Positions counted with each CRLF as one character, mapped onto the text as stored (CRLF kept)."""

    def __init__(self, text: str) -> None:
        # index in the LF-only text -> index in the stored text (a CR before LF has no LF-only index)
        self.table = [i for i, ch in enumerate(text) if not (ch == "\r" and text[i + 1 : i + 2] == "\n")]
        self.length = len(self.table)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The stored-text span of [start, end) in LF-only positions; None when outside the text."""
        if not 0 <= start < end <= self.length:
            return None
        return self.table[start], self.table[end - 1] + 1
