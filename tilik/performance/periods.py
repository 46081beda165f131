"""Reporting periods: a frequency plus the period's first day (2025-04-01 + quarterly = Triwulan II 2025).

Parsing accepts what Indonesian spreadsheets write: "2025-03", "03/2025", "Maret 2025", "2025-Q2",
"Triwulan II 2025", "TW 2 2025", "2025-S1", "Semester I 2025", "2025", and real dates (a date is the
period that contains it, at the frequency the layout states). Labels and messages go through gettext;
parsing also understands the Indonesian month names whatever the active language.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_MONTH_LOOKUP = {name.lower(): i + 1 for i, name in enumerate(MONTHS_ID)}
_MONTH_LOOKUP.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS_ID)})
_MONTH_LOOKUP.update({"agt": 8, "ags": 8, "des": 12, "okt": 10, "nov": 11, "sep": 9, "mei": 5})
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
STEP_MONTHS = {"monthly": 1, "quarterly": 3, "semester": 6, "annual": 12}
FREQUENCY_ID = {
    "monthly": gettext_lazy("bulanan"),
    "quarterly": gettext_lazy("triwulanan"),
    "semester": gettext_lazy("semesteran"),
    "annual": gettext_lazy("tahunan"),
}


class PeriodError(ValueError):
    """The text is not a period Tilik understands (message in Indonesian)."""


def period_floor(day: dt.date, frequency: str) -> dt.date:
    """First day of the period of ``frequency`` that contains ``day``."""
    step = STEP_MONTHS[frequency]
    month = (day.month - 1) // step * step + 1
    return dt.date(day.year, month, 1)


def is_period_start(day: dt.date, frequency: str) -> bool:
    return day == period_floor(day, frequency)


def shift(start: dt.date, frequency: str, n: int) -> dt.date:
    """The period ``n`` steps after (or before, n < 0) the period starting on ``start``."""
    months = start.year * 12 + start.month - 1 + n * STEP_MONTHS[frequency]
    return dt.date(months // 12, months % 12 + 1, 1)


def period_end(start: dt.date, frequency: str) -> dt.date:
    return shift(start, frequency, 1) - dt.timedelta(days=1)


def period_index(start: dt.date, frequency: str) -> int:
    """A whole number that grows by one per period (for panel estimators)."""
    return (start.year * 12 + start.month - 1) // STEP_MONTHS[frequency]


def period_label(start: dt.date, frequency: str) -> str:
    """Label in the active language: "Maret 2025", "Triwulan II 2025", "Semester I 2025", "2025"."""
    if frequency == "monthly":
        return f"{MONTHS[start.month]} {start.year}"  # Django's own translated month names
    if frequency == "quarterly":
        return _("Triwulan %(q)s %(y)s") % {"q": ("I", "II", "III", "IV")[(start.month - 1) // 3], "y": start.year}
    if frequency == "semester":
        return _("Semester %(s)s %(y)s") % {"s": "I" if start.month < 7 else "II", "y": start.year}
    return str(start.year)


def period_code(start: dt.date, frequency: str) -> str:
    """Machine form, the inverse of ``parse_period``: 2025-03, 2025-Q2, 2025-S1, 2025."""
    if frequency == "monthly":
        return f"{start.year}-{start.month:02d}"
    if frequency == "quarterly":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if frequency == "semester":
        return f"{start.year}-S{1 if start.month < 7 else 2}"
    return str(start.year)


def _number(token: str) -> int:
    token = token.lower()
    if token in _ROMAN:
        return _ROMAN[token]
    return int(token)


def parse_period(value: object, default_frequency: str = "") -> tuple[str, dt.date]:
    """(frequency, period start) from a cell value. Raises PeriodError with an Indonesian reason."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if not default_frequency:
            raise PeriodError(_("tanggal tidak menyebut jenis periode; isi frekuensi pada pemetaan kolom"))
        return default_frequency, period_floor(value, default_frequency)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    text = str(value or "").strip()
    if not text:
        raise PeriodError(_("periode kosong"))
    low = re.sub(r"\s+", " ", text.lower())
    year_ok = lambda y: 1990 <= y <= 2100  # noqa: E731
    patterns: list[tuple[str, str]] = [
        (r"^(\d{4})$", "annual"),
        (r"^(\d{4})-(\d{1,2})$", "monthly"),
        (r"^(\d{1,2})[/-](\d{4})$", "monthly_rev"),
        (r"^(\d{4})-?q([1-4])$", "quarterly"),
        (r"^(?:triwulan|tw|tri|q) ?(i{1,3}|iv|[1-4]) (\d{4})$", "quarterly_rev"),
        (r"^(\d{4})-?s([12])$", "semester"),
        (r"^(?:semester|smt|s) ?(i{1,2}|[12]) (\d{4})$", "semester_rev"),
        (r"^(\d{4})-(\d{2})-(\d{2})$", "date"),
        (r"^([a-z]+) (\d{4})$", "month_name"),
    ]
    for pattern, kind in patterns:
        m = re.match(pattern, low)
        if not m:
            continue
        try:
            if kind == "annual":
                year, freq, month = int(m[1]), "annual", 1
            elif kind == "monthly":
                year, freq, month = int(m[1]), "monthly", int(m[2])
            elif kind == "monthly_rev":
                year, freq, month = int(m[2]), "monthly", int(m[1])
            elif kind == "quarterly":
                year, freq, month = int(m[1]), "quarterly", (int(m[2]) - 1) * 3 + 1
            elif kind == "quarterly_rev":
                year, freq, month = int(m[2]), "quarterly", (_number(m[1]) - 1) * 3 + 1
            elif kind == "semester":
                year, freq, month = int(m[1]), "semester", 1 if m[2] == "1" else 7
            elif kind == "semester_rev":
                year, freq, month = int(m[2]), "semester", 1 if _number(m[1]) == 1 else 7
            elif kind == "date":
                day = dt.date(int(m[1]), int(m[2]), int(m[3]))
                return parse_period(day, default_frequency)
            else:
                if m[1] not in _MONTH_LOOKUP:
                    break
                year, freq, month = int(m[2]), "monthly", _MONTH_LOOKUP[m[1]]
        except ValueError:
            break
        if not 1 <= month <= 12 or not year_ok(year):
            break
        if default_frequency and freq != default_frequency:
            raise PeriodError(
                _("periode '%(p)s' berjenis %(f)s, padahal pemetaan kolom menetapkan %(m)s")
                % {"p": text, "f": FREQUENCY_ID[freq], "m": FREQUENCY_ID[default_frequency]}
            )
        return freq, dt.date(year, month, 1)
    raise PeriodError(
        _(
            "format periode '%(p)s' tidak dikenal (contoh yang benar: 2025-03, Maret 2025, "
            "Triwulan II 2025, 2025-Q2, Semester I 2025, 2025)"
        )
        % {"p": text}
    )
