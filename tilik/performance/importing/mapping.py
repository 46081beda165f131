"""Resolve a column mapping against a file's headers (case and spacing do not matter)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tilik.performance.importing.common import Preview, norm


def header_index(headers: list[str]) -> dict[str, int]:
    return {norm(h): i for i, h in enumerate(headers) if h}


def find_column(
    headers: list[str], wanted: str | None, preview: Preview, *, required: bool, purpose: str
) -> int | None:
    """Index of the header named ``wanted``; records a row-1 error when a required one is missing."""
    if not wanted:
        if required:
            preview.add_error(1, purpose, "", _("pemetaan kolom untuk '%(p)s' belum diisi") % {"p": purpose})
        return None
    index = header_index(headers).get(norm(wanted))
    if index is None and required:
        preview.add_error(
            1,
            wanted,
            "",
            _("kolom ini tidak ada di berkas (judul kolom yang ada: %(h)s)")
            % {"h": ", ".join(h for h in headers if h)},
        )
    return index


def cell(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None else None
