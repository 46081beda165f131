"""regex(): JavaScript RegExp patterns (no flags) run with Python's `re`.

The differences that matter for form validation are translated: `\\d`, `\\w`, `\\b` are
ASCII (re.ASCII), `\\s` is JavaScript's Unicode white space, `.` stops at any line terminator,
`$` matches only at the very end, `(?<name>` is a named group.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import ExprError
from .jsnum import JS_SPACE, utf16_units

_JS_ESCAPES = set("dDwWsSbBnrtfv")  # letters JavaScript gives a meaning after a backslash (x, u, c handled apart)
_SPACE_CLASS = "".join(f"\\u{ord(c):04x}" for c in JS_SPACE)


@lru_cache(maxsize=512)
def compile_js(pattern: str) -> re.Pattern[str]:
    """The pattern over UTF-16 code units (callers pass the text the same way: see functions._regex)."""
    pattern = "".join(map(chr, utf16_units(pattern)))
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(_SPACE_CLASS if in_class else f"[{_SPACE_CLASS}]")
            elif nxt == "S" and not in_class:
                out.append(f"[^{_SPACE_CLASS}]")
            elif nxt == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", pattern[i + 2 : i + 4]):
                out.append(pattern[i : i + 4])
                i += 4
                continue
            elif nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i + 2 : i + 6]):
                out.append(pattern[i : i + 6])
                i += 6
                continue
            elif nxt == "c" and pattern[i + 2 : i + 3].isascii() and pattern[i + 2 : i + 3].isalpha():
                out.append(re.escape(chr(ord(pattern[i + 2]) % 32)))
                i += 3
                continue
            elif nxt.isascii() and nxt.isalpha() and nxt not in _JS_ESCAPES:
                out.append(re.escape(nxt))  # an identity escape in JavaScript: \p is p, \A is A
            else:
                out.append(c + nxt)
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
        elif c == ".":
            out.append("[^\\n\\r\\u2028\\u2029]")
        elif c == "$":
            out.append("\\Z")
        elif c == "(" and pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(c)
        i += 1
    try:
        return re.compile("".join(out), re.ASCII)
    except re.error as exc:
        raise ExprError(f"Pola regex '{pattern}' tidak valid: {exc.msg}") from exc
