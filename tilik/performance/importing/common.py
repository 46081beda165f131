"""Shared pieces of the importers: row-level errors, the preview, cell parsing."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

MAX_ERRORS = 200  # a preview lists at most this many problems (a broken file can have 200,000)


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row number (as Excel shows it), column header, the value, and why."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return _("Baris %(row)s, kolom '%(column)s' (nilai '%(value)s'): %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class Preview:
    """What an import would do; ``errors`` non-empty means it would write nothing."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)
    truncated_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, row: int, column: str, value: Any, reason: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated_errors += 1
            return
        self.errors.append(RowError(row, column, show(value), reason))


class ImportRejected(Exception):  # noqa: N818 - the domain word, not an "Error" suffix
    """The file has problems; nothing was written. ``preview`` holds the row-level messages."""

    def __init__(self, preview: Preview) -> None:
        super().__init__(
            _("Impor ditolak: %(n)s masalah ditemukan; tidak ada data yang ditulis.")
            % {"n": len(preview.errors) + preview.truncated_errors}
        )
        self.preview = preview


def show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def text(value: Any) -> str:
    """A cell as stripped text ('' for empty); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_NUMBER = re.compile(r"^[+-]?[\d.,]+$")


def parse_number(value: Any) -> float:
    """A number from a cell: native numbers, '16.5', '16,5', '1.234,5', '1,234.5'. ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        raw = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if not raw or not _NUMBER.match(raw):
            raise ValueError(raw)
        if "," in raw and "." in raw:
            decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
            thousands = "." if decimal == "," else ","
            raw = raw.replace(thousands, "").replace(decimal, ".")
        elif "," in raw:
            if raw.count(",") > 1:
                raise ValueError(raw)
            raw = raw.replace(",", ".")
        elif raw.count(".") > 1:
            raw = raw.replace(".", "")  # 1.234.567 is Indonesian thousands
        number = float(raw)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def parse_date(value: Any) -> dt.date:
    """A date from a cell: a real date, 2025-03-31, 31/03/2025 or 31-03-2025. ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def norm(label: str) -> str:
    """Lower-case, no punctuation or spaces: for matching headers and choice labels."""
    return re.sub(r"[^0-9a-z]", "", label.lower())
