"""JavaScript's number <-> string rules, which openrosa-xpath-evaluator inherits.

The browser evaluator converts with `+str` and `Number.prototype.toString`, not with
XPath 1.0's stricter rules, so the server does the same to give identical results.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

# JavaScript's WhiteSpace + LineTerminator (what String.prototype.trim and \s remove).
JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_RADIX = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}
_RADIX_DIGITS = {16: "0-9a-fA-F", 8: "0-7", 2: "01"}


def js_trim(s: str) -> str:
    return s.strip(JS_SPACE)


def string_to_number(s: str) -> float:
    """JavaScript's `+s` (StringToNumber)."""
    t = js_trim(s)
    if t == "":
        return 0.0
    if _DECIMAL.fullmatch(t):
        return float(t.replace("Infinity", "inf"))
    radix = _RADIX.get(t[:2])
    if radix and re.fullmatch(f"[{_RADIX_DIGITS[radix]}]+", t[2:]):
        return float(int(t[2:], radix))
    return math.nan


def number_to_string(x: float) -> str:
    """JavaScript's `Number.prototype.toString()` (shortest round-trip digits)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    tup = Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, tup.digits))
    n = len(digits) + int(tup.exponent)  # value = 0.digits * 10**n
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    body = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{body}e{'+' if e >= 0 else '-'}{abs(e)}"


def to_int_or_inf(x: float) -> float:
    """ToIntegerOrInfinity: NaN -> 0, truncation toward zero."""
    if math.isnan(x):
        return 0.0
    if math.isinf(x):
        return x
    return float(math.trunc(x))


def js_round(x: float) -> float:
    """Math.round: halves round up (toward +Infinity)."""
    if math.isnan(x) or math.isinf(x):
        return x
    if x == 0:
        return x
    r = math.floor(x)
    out = float(r + 1) if x - r >= 0.5 else float(r)
    return -0.0 if out == 0 and x < 0 else out


def utf16_units(s: str) -> list[int]:
    data = s.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def from_units(units: list[int]) -> str:
    return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le", "surrogatepass")


def js_slice(s: str, start: float, end: float | None = None) -> str:
    """String.prototype.slice over UTF-16 code units."""
    units = utf16_units(s)
    n = len(units)

    def clamp(v: float) -> int:
        v = to_int_or_inf(v)
        if v < 0:
            return int(max(n + v, 0)) if not math.isinf(v) else 0
        return int(min(v, n))

    a = clamp(start)
    b = n if end is None else clamp(end)
    return from_units(units[a:b]) if a < b else ""


def js_length(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2
