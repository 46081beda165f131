"""The functions of Tilik's expression language, as openrosa-xpath-evaluator computes them.

ARITY lists every supported function with its (minimum, maximum) argument count
(maximum None: any number). Functions not listed are refused when an expression is checked.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from functools import cached_property

from .dates import (
    DATE_STRING,
    DAY_MS,
    ZONE,
    JSDate,
    as_date_from_string,
    date_string_to_days,
    now_date,
    today_date,
)
from .jsnum import JS_SPACE, from_units, js_length, js_round, js_slice, js_trim, utf16_units
from .regex import compile_js
from .values import Value, to_bool, to_number, to_string

ARITY: dict[str, tuple[int, int | None]] = {
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "boolean": (1, 1),
    "string": (1, 1),
    "number": (1, 1),
    "selected": (2, 2),
    "count-selected": (1, 1),
    "selected-at": (2, 2),
    "string-length": (1, 1),
    "concat": (1, None),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "substr": (2, 3),
    "substring": (2, 3),
    "substring-before": (2, 2),
    "substring-after": (2, 2),
    "translate": (3, 3),
    "normalize-space": (1, 1),
    "round": (1, 2),
    "int": (1, 1),
    "floor": (1, 1),
    "ceiling": (1, 1),
    "abs": (1, 1),
    "if": (3, 3),
    "coalesce": (2, 2),
    "today": (0, 0),
    "now": (0, 0),
    "regex": (2, 2),
    "date": (1, 1),
    "date-time": (1, 1),
    "decimal-date-time": (1, 1),
    "max": (1, None),
    "min": (1, None),
    "join": (1, None),
    "checklist": (2, None),
    "weighted-checklist": (2, None),
}


class Context:
    """today() and now() of one evaluation, worked out only when an expression asks for them."""

    def __init__(self, today: dt.date | None, now: dt.datetime | None) -> None:
        self._today = today
        self._now = now

    @cached_property
    def moment(self) -> dt.datetime:
        return self._now or dt.datetime.now(ZONE)

    @cached_property
    def today(self) -> JSDate:
        moment = self.moment
        day = self._today or (moment.astimezone(ZONE) if moment.tzinfo else moment).date()
        return today_date(day)

    @cached_property
    def now(self) -> JSDate:
        return now_date(self.moment)


def _as_integer(v: Value) -> float:
    """openrosa-extensions asInteger: floor above zero, ceiling otherwise."""
    x = to_number(v)
    return _floor(x) if x > 0 else _ceil(x)


def _floor(x: float) -> float:
    if math.isnan(x) or math.isinf(x) or x == 0:
        return x
    return float(math.floor(x))


def _ceil(x: float) -> float:
    if math.isnan(x) or math.isinf(x) or x == 0:
        return x
    r = float(math.ceil(x))
    return -0.0 if r == 0 and x < 0 else r


def _number(args: Sequence[Value], _: Context) -> Value:
    s = to_string(args[0])
    if DATE_STRING.match(s):
        return date_string_to_days(s)
    return to_number(args[0])


def _selected(args: Sequence[Value], _: Context) -> Value:
    return js_trim(to_string(args[1])) in to_string(args[0]).split(" ")


def _selected_at(args: Sequence[Value], _: Context) -> Value:
    parts = to_string(args[0]).split(" ")
    i = _as_integer(args[1])
    if math.isnan(i) or math.isinf(i) or i < 0 or i >= len(parts):
        return ""
    return parts[int(i)]


def _substring(args: Sequence[Value], _: Context) -> Value:
    # XPath 1.0 substring(), after the library's preprocessing (a missing length: start >= 0)
    units = utf16_units(to_string(args[0]))
    start = to_number(args[1])
    if len(args) == 2:
        start = math.nan if math.isnan(start) else max(0.0, start)
    if math.isnan(start):
        return ""
    first = _floor(start + 0.5)
    if len(args) == 3:
        length = to_number(args[2])
        if math.isnan(length):
            return ""
        end = first + _floor(length + 0.5)
    else:
        end = math.inf
    return from_units([u for p, u in enumerate(units, start=1) if first <= p < end])


def _substring_before(args: Sequence[Value], _: Context) -> Value:
    s, t = to_string(args[0]), to_string(args[1])
    i = s.find(t)
    return s[:i] if i >= 0 else ""


def _substring_after(args: Sequence[Value], _: Context) -> Value:
    s, t = to_string(args[0]), to_string(args[1])
    i = s.find(t)
    return s[i + len(t) :] if i >= 0 else ""


def _translate(args: Sequence[Value], _: Context) -> Value:
    s, src, dst = (to_string(a) for a in args)
    out = []
    for ch in s:
        i = src.find(ch)
        if i < 0:
            out.append(ch)
        elif i < len(dst):
            out.append(dst[i])
    return "".join(out)


_JS_S = f"[{re.escape(JS_SPACE)}]"


def _normalize_space(args: Sequence[Value], _: Context) -> Value:
    # the library's own steps: \f and \v are kept, every other run of white space becomes one space
    res = to_string(args[0])
    res = res.replace("\f", "\\f").replace("\r\v", "\v").replace("\v", "\\v")
    res = re.sub(f"{_JS_S}+", " ", res)
    res = re.sub(f"^{_JS_S}+|{_JS_S}+$", "", res)
    return res.replace("\\v", "\v").replace("\\f", "\f")


def _round(args: Sequence[Value], _: Context) -> Value:
    def r(x: float) -> float:
        return -js_round(-x) if x < 0 else js_round(x)

    x = to_number(args[0])
    if len(args) == 1:
        return r(x)
    digits = _as_integer(args[1])
    if math.isnan(digits):
        return math.nan
    power = 10.0 ** abs(digits) if abs(digits) <= 308 else math.inf
    if digits > 0:
        return r(x * power) / power if not math.isinf(power) else math.nan
    return power * r(x / power)


def _date(args: Sequence[Value], _: Context) -> Value:
    v = args[0]
    if isinstance(v, bool):
        return JSDate(math.nan)
    if isinstance(v, JSDate):
        return v
    if isinstance(v, float):
        ms = v * DAY_MS
        return JSDate(math.trunc(ms) * 1.0 if math.isfinite(ms) and abs(ms) <= 8.64e15 else math.nan)
    return as_date_from_string(v)


def _decimal_date_time(args: Sequence[Value], _: Context) -> Value:
    v = args[0]
    if isinstance(v, float) and not isinstance(v, bool):
        return v
    return date_string_to_days(to_string(v))


def _extreme(pick: Callable[[list[float]], float]) -> Callable[[Sequence[Value], Context], Value]:
    def run(args: Sequence[Value], _: Context) -> Value:
        nums = [to_number(a) for a in args]
        return math.nan if any(math.isnan(x) for x in nums) else pick(nums)

    return run


def _in_range(count: float, low: float, high: float) -> bool:
    return (low < 0 or count >= low) and (high < 0 or count <= high)


def _checklist(args: Sequence[Value], _: Context) -> Value:
    trues = sum(1 for a in args[2:] if to_bool(a))
    return _in_range(float(trues), to_number(args[0]), to_number(args[1]))


def _weighted_checklist(args: Sequence[Value], _: Context) -> Value:
    total = 0.0
    rest = args[2:]
    for i in range(0, len(rest) - 1, 2):
        if to_bool(rest[i]):
            weight = to_number(rest[i + 1])
            total += 0.0 if math.isnan(weight) else weight
    return _in_range(total, to_number(args[0]), to_number(args[1]))


def _regex(args: Sequence[Value], _: Context) -> Value:
    # a RegExp without the u flag sees UTF-16 code units: an emoji is two characters to `.`
    haystack = "".join(map(chr, utf16_units(to_string(args[0]))))
    return compile_js(to_string(args[1])).search(haystack) is not None


FUNCTIONS: dict[str, Callable[[Sequence[Value], Context], Value]] = {
    "not": lambda a, _: not to_bool(a[0]),
    "true": lambda a, _: True,
    "false": lambda a, _: False,
    "boolean": lambda a, _: to_bool(a[0]),
    "string": lambda a, _: to_string(a[0]),
    "number": _number,
    "selected": _selected,
    "count-selected": lambda a, _: float(sum(1 for p in to_string(a[0]).split(" ") if p)),
    "selected-at": _selected_at,
    "string-length": lambda a, _: float(js_length(to_string(a[0]))),
    "concat": lambda a, _: "".join(to_string(v) for v in a),
    "contains": lambda a, _: to_string(a[1]) in to_string(a[0]),
    "starts-with": lambda a, _: to_string(a[0]).startswith(to_string(a[1])),
    "ends-with": lambda a, _: to_string(a[0]).endswith(to_string(a[1])),
    "substr": lambda a, _: js_slice(to_string(a[0]), to_number(a[1]), to_number(a[2]) if len(a) > 2 else None),
    "substring": _substring,
    "substring-before": _substring_before,
    "substring-after": _substring_after,
    "translate": _translate,
    "normalize-space": _normalize_space,
    "round": _round,
    "int": lambda a, _: _as_integer(a[0]),
    "floor": lambda a, _: _floor(to_number(a[0])),
    "ceiling": lambda a, _: _ceil(to_number(a[0])),
    "abs": lambda a, _: abs(to_number(a[0])),
    "if": lambda a, _: a[1] if to_bool(a[0]) else a[2],
    "coalesce": lambda a, _: to_string(a[0]) or to_string(a[1]),
    "today": lambda a, ctx: ctx.today,
    "now": lambda a, ctx: ctx.now,
    "regex": _regex,
    "date": _date,
    "date-time": _date,
    "decimal-date-time": _decimal_date_time,
    "max": _extreme(max),
    "min": _extreme(min),
    "join": lambda a, _: to_string(a[0]).join(to_string(v) for v in a[1:]),
    "checklist": _checklist,
    "weighted-checklist": _weighted_checklist,
}

__all__ = ["ARITY", "FUNCTIONS", "Context"]
