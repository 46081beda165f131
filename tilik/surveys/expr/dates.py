"""Dates as openrosa-xpath-evaluator handles them: JavaScript Date values (milliseconds since
the epoch) read and written in the local time zone. The server's local zone is Asia/Makassar
(WITA); the browser test runs Chromium in the same zone.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from .jsnum import string_to_number, to_int_or_inf

ZONE = ZoneInfo("Asia/Makassar")
DAY_MS = 86_400_000.0
# utils/date.js DATE_STRING (note the trailing `|.*`: anything that starts like a date matches)
DATE_STRING = re.compile(r"^\d\d\d\d-\d{1,2}-\d{1,2}(?:T\d\d:\d\d:\d\d\.?\d?\d?(?:Z|[+-]\d\d:\d\d)|.*)?$", re.DOTALL)
RAW_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_ISO_DATE = re.compile(r"(\d{4}|[+-]\d{6})(?:-(\d{2})(?:-(\d{2}))?)?")
_LEGACY_DATE = re.compile(r"(\d{4,6})-(\d{1,2})-(\d{1,2})")
_ISO_DATETIME = re.compile(
    r"(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?"
)


MAX_MS = 8.64e15  # JavaScript's TimeClip: dates beyond ±100,000,000 days are invalid


@dataclass(frozen=True)
class JSDate:
    """A JavaScript Date: `ms` since the epoch (NaN when invalid); `blank` for date('')."""

    ms: float
    blank: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "ms", _clip(self.ms))

    @property
    def valid(self) -> bool:
        return not math.isnan(self.ms)


def _clip(ms: float) -> float:
    """TimeClip: whole milliseconds (never -0); NaN beyond ±8.64e15 ms."""
    return float(math.trunc(ms)) + 0.0 if math.isfinite(ms) and abs(ms) <= MAX_MS else math.nan


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Day count since 1970-01-01 of a proleptic Gregorian date (m 1-12; H. Hinnant's algorithm)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468


def _make(y: float, mo: float, d: float, h: float, mi: float, s: float, ms: float) -> float:
    """JavaScript's MakeDate(MakeDay(y, mo, d), MakeTime(h, mi, s, ms)) (mo 0-based; fields roll over)."""
    parts = (y, mo, d, h, mi, s, ms)
    if not all(math.isfinite(p) for p in parts):
        return math.nan
    y, mo, d, h, mi, s, ms = (to_int_or_inf(p) for p in parts)
    year = y + math.floor(mo / 12)
    if abs(year) > 400_000:
        return math.nan
    day = _days_from_civil(int(year), int(mo % 12) + 1, 1) + d - 1
    return day * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000 + ms


def _zone_offset_ms(instant: float, *, local: bool) -> float:
    """Asia/Makassar's offset from UTC at a UTC instant, or at a local wall-clock time."""
    day, rest = divmod(int(instant), int(DAY_MS))
    y, m, d = _civil_from_days(day)
    if y < 1 or (y, m, d) >= (9999, 12, 31):  # beyond Python's years: the zone's first or last rule
        y, m, d = (1, 1, 2) if y < 1 else (9999, 12, 30)
    clock = dt.datetime(y, m, d) + dt.timedelta(milliseconds=rest)
    if local:
        off = clock.replace(tzinfo=ZONE).utcoffset()
    else:
        off = clock.replace(tzinfo=dt.UTC).astimezone(ZONE).utcoffset()
    return (off or dt.timedelta(0)).total_seconds() * 1000


def local_ms(
    y: float, mo: float, d: float, h: float = 0, mi: float = 0, s: float = 0, ms: float = 0, *, short_years: bool = True
) -> float:
    """`new Date(y, mo, d, h, mi, s, ms).getTime()` (mo 0-based; years 0-99 are 1900-1999 unless
    `short_years` is False, as for parsed text) in local time."""
    if short_years and 0 <= y <= 99:
        y = math.trunc(y) + 1900
    wall = _make(y, mo, d, h, mi, s, ms)
    if math.isnan(wall) or abs(wall) > MAX_MS + 2 * DAY_MS:
        return math.nan
    return _clip(wall - _zone_offset_ms(wall, local=True))


def utc_ms(y: float, mo: float, d: float, h: float = 0, mi: float = 0, s: float = 0, ms: float = 0) -> float:
    """Date.UTC(y, mo - 1, d, ...) (days past the month's end roll over, as V8's parser allows)."""
    return _clip(_make(y, mo - 1, d, h, mi, s, ms))


@lru_cache(maxsize=4096)
def parse_date(s: str) -> float:
    """`new Date(s)` for the ISO forms (date-only: UTC; date-time without offset: local).
    Other text is NaN here; Chromium's lenient fallback parser is not imitated."""
    if s.startswith("-000000"):
        return math.nan  # ISO forbids the extended year -000000
    m = _ISO_DATE.fullmatch(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return math.nan
        return utc_ms(y, mo, d)
    m = _LEGACY_DATE.fullmatch(s)
    if m:  # V8's fallback parser: year-month-day not in ISO form is local midnight
        y, mo, d = (int(g) for g in m.groups())
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return math.nan
        return local_ms(y, mo - 1, d, short_years=False)
    m = _ISO_DATETIME.fullmatch(s)
    if not m:
        return math.nan
    y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
    sec = int(m.group(6) or 0)
    frac = int((m.group(7) or "0")[:3].ljust(3, "0"))
    zone = m.group(8)
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h <= 24 and mi <= 59 and sec <= 59):
        return math.nan
    if h == 24 and (mi or sec or frac):
        return math.nan
    if zone is None:
        return local_ms(y, mo - 1, d, h, mi, sec, frac, short_years=False)
    wall = utc_ms(y, mo, d, h, mi, sec, frac)
    if zone == "Z":
        return wall
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    if hours > 23 or minutes > 59:
        return math.nan
    sign = 1 if zone[0] == "+" else -1
    return _clip(wall - sign * (hours * 3_600_000 + minutes * 60_000))


def _offset_minutes(ms: float) -> float:
    return _zone_offset_ms(ms, local=False) / 60_000


def offset_text(ms: float) -> str:
    """getTimezoneOffsetAsTime: the local offset at `ms` as +HH:MM."""
    minutes = int(_offset_minutes(ms))
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _valid_ymd(y: str, m: str, d: str) -> bool:
    """utils/date.js isValidDate (string operands compared as numbers)."""
    yn, dn = string_to_number(y), string_to_number(d)
    month = int(m) - 1 if m.isdigit() else -1  # parseInt of the 1-2 digits DATE_STRING allows
    if not (0 <= month < 12) or not dn > 0:
        return False
    if month == 1:
        days = 29 if (yn % 4 == 0 and yn % 100) or yn % 400 == 0 else 28
    elif month in (3, 5, 8, 10):
        days = 30
    else:
        days = 31
    return dn <= days


@lru_cache(maxsize=4096)
def date_string_to_days(s: str) -> float:
    """utils/date.js dateStringToDays."""
    if s.find("T") > 0:
        return parse_date(s) / DAY_MS
    parts = s.split("-")
    y = string_to_number(parts[0]) if parts[0] != "" else 0.0
    mo = string_to_number(parts[1]) - 1 if len(parts) > 1 else math.nan
    d = string_to_number(parts[2]) if len(parts) > 2 else math.nan
    return local_ms(y, mo, d) / DAY_MS


@lru_cache(maxsize=4096)
def as_date_from_string(s: str) -> JSDate:
    """The string branch of openrosa-extensions asDate()."""
    if s == "":
        return JSDate(math.nan, blank=True)
    if RAW_NUMBER.match(s):
        days = float(s.split(".")[0])  # parseInt
        return JSDate(days * DAY_MS)
    if DATE_STRING.match(s):
        r, time_part = s, None
        t = r.find("T")
        if t != -1:
            time_part, r = r[t:], r[:t]
        parts = r.split("-")
        if len(parts) >= 3 and _valid_ymd(parts[0], parts[1], parts[2]):
            if time_part is None:
                # the offset of new Date(r) (Chromium reads "2026-1-5" too, as local time)
                whole = local_ms(string_to_number(parts[0]), string_to_number(parts[1]) - 1, string_to_number(parts[2]))
                if math.isnan(whole):
                    return JSDate(math.nan)
                time_part = "T00:00:00.000" + offset_text(whole)
            text = f"{parts[0].zfill(2)}-{parts[1].zfill(2)}-{parts[2].zfill(2)}{time_part}"
            return JSDate(parse_date(text))
    return JSDate(parse_date(s))


def to_iso_local(d: JSDate) -> str:
    """asString(date): toISOLocalString, with a midnight time dropped."""
    if d.blank:
        return ""
    if not d.valid:
        return "Invalid Date"
    # new Date(t - offset).toISOString() with the offset written instead of Z
    local_ms = d.ms + _offset_minutes(d.ms) * 60_000
    days, rest = divmod(int(local_ms), 86_400_000)
    year, month, day = _civil_from_days(days)
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    year_text = f"{year:04d}" if 0 <= year <= 9999 else f"{'+' if year > 0 else '-'}{abs(year):06d}"
    text = f"{year_text}-{month:02d}-{day:02d}T{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}{offset_text(d.ms)}"
    return text.split("T00:00:00.000")[0]


def _civil_from_days(z: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (H. Hinnant's algorithm)."""
    z += 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if month <= 2 else 0), month, day


@lru_cache(maxsize=4096)
def today_date(today: dt.date) -> JSDate:
    return JSDate(local_ms(today.year, today.month - 1, today.day))


def now_date(now: dt.datetime) -> JSDate:
    aware = now if now.tzinfo else now.replace(tzinfo=ZONE)
    utc = aware.astimezone(dt.UTC)
    return JSDate(utc_ms(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond // 1000))
