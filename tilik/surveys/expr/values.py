"""XPath 1.0 conversions as openrosa-xpath-evaluator (utils/xpath-cast.js) performs them.

A value is a str, a float, a bool or a JSDate (from today(), now(), date()).
"""

from __future__ import annotations

import math

from .dates import DATE_STRING, DAY_MS, JSDate, date_string_to_days, to_iso_local
from .jsnum import js_trim, number_to_string, string_to_number

Value = str | float | bool | JSDate


def to_string(v: Value) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, JSDate):
        return to_iso_local(v)
    return number_to_string(float(v))


def to_number(v: Value) -> float:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, JSDate):
        return v.ms / DAY_MS
    if isinstance(v, str):
        s = js_trim(v)
        if s == "":
            return math.nan
        if DATE_STRING.match(s):
            return date_string_to_days(s)
        return string_to_number(s)
    return float(v)


def to_bool(v: Value) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, JSDate):
        return v.valid
    if isinstance(v, str):
        return v != ""
    return not (v == 0 or math.isnan(v))
