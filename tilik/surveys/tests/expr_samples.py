"""Expressions and answers shared by the expression engine's unit test (test_expr.py) and the
browser parity test (tests/browser/test_expr_parity.py)."""

from __future__ import annotations

# Every function once, over answers a respondent or an import could send.
ROBUST = [
    "${a} + ${b} - ${c} * ${a} div ${b} mod ${c}",
    "-${a} < ${b} and ${c} >= ${a} or ${b} != ${c}",
    "date(${a}) < today() and date-time(${b}) >= now()",
    "decimal-date-time(${a}) + decimal-date-time(date(${b}))",
    "today() - ${a} + (now() - ${b})",
    "concat(date(${a}), date(${b}), number(${c}), boolean(${a}), string(${b}))",
    "selected(${a}, ${b}) or count-selected(${a}) > 1 or selected-at(${a}, ${b}) = ${c}",
    "substr(${a}, ${b}, ${c}) = substring(${a}, ${b}, ${c})",
    "substring(${a}, ${b}) = substring-before(${a}, ${b})",
    "substring-after(${a}, ${b}) = translate(${a}, ${b}, ${c})",
    "normalize-space(${a}) = join(${b}, ${c}, ${a})",
    "string-length(${a}) + round(${a}, ${b}) + int(${b}) + floor(${c}) + ceiling(${a}) + abs(${b})",
    "max(${a}, ${b}) + min(${a}, ${c})",
    "if(${a}, ${b}, ${c}) = coalesce(${a}, ${b})",
    "contains(${a}, ${b}) and starts-with(${a}, ${c}) or ends-with(${b}, ${a})",
    "regex(${a}, '^[0-9]{2,}$') or regex(${b}, '\\s') or regex(${c}, '^.$')",
    "checklist(${a}, ${b}, ${c}, ${a}) or weighted-checklist(${a}, ${b}, ${c}, ${a}, ${b}, ${c})",
    "not(${a}) = true() and false() != ${c}",
]
EXTREMES = [
    "",
    "0",
    "-0",
    "99999999",
    "-99999999",
    "1" * 400,
    "1e308",
    "Infinity",
    "0x1F",
    "9999-12-31T24:00",
    "0000-01-01",
    "275760-09-13",
    "2026-02-30",
    "2026-13-45",
    "2026-01-05T10:20:30.000+23:59",
    "2026-1-5 extra",
    "\x00",
    "😀",
    "a b  c",
]
