"""Zip-bomb check by declared sizes, before anything is inflated. Plain Python (no Django), so the
spreadsheet CLI (tilik.analyze) can use it as well as the upload validator and the importers.

The declared sizes are enough: zipfile and calamine (the Rust ``zip`` crate) both stop with an error at
a member that inflates past its declared size, so a lying header cannot make them use more memory.
"""

from __future__ import annotations

import zipfile
from typing import Any

# An OOXML/ODF archive may not expand to more than this many times its size, nor past MAX_UNZIPPED.
MAX_ZIP_RATIO = 100
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000


class ZipRefused(ValueError):  # noqa: N818 - the domain word
    """``reason`` is "bad_zip" (not a readable archive) or "zip_bomb" (expands too far)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def zip_members(fileobj: Any, size: int) -> list[str]:
    """Names in the archive of ``size`` bytes; raise ZipRefused for a broken archive or a zip bomb."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ZipRefused("bad_zip") from exc
    finally:
        fileobj.seek(0)
    unzipped = sum(info.file_size for info in infos)
    if len(infos) > MAX_ZIP_MEMBERS or unzipped > MAX_UNZIPPED or unzipped > MAX_ZIP_RATIO * max(size, 1):
        raise ZipRefused("zip_bomb")
    return [info.filename for info in infos]
