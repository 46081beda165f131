"""XLSForm expressions as Tilik stores them: ``${name}`` references (pyxform's ``../name`` for or_other
written the same way), renamed to Tilik codes, each reference checked to exist, syntax checked by
tilik.surveys.expr (the engine the respondent pages evaluate with)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from tilik.surveys.expr import ExprError, check

_REF = re.compile(r"\$\{([^}\s]*)\}")
# pyxform writes or_other's relevance as selected(../name, 'other'); outside quotes only.
_PARENT = re.compile(r"(?<![\w.$])\.\./([A-Za-z_][\w.-]*)")
_QUOTED = re.compile(r"('[^']*'|\"[^\"]*\")")


def _outside_quotes(expr: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> str:
    parts = _QUOTED.split(expr)
    return "".join(part if i % 2 else pattern.sub(repl, part) for i, part in enumerate(parts))


def normalise(expr: object) -> str:
    """The expression with ``../name`` written ``${name}``; '' for an empty cell."""
    text = str(expr or "").strip()
    return _outside_quotes(text, _PARENT, lambda m: f"${{{m.group(1)}}}") if text else ""


def referenced(expr: str) -> list[str]:
    """Names used as ``${name}``, in order, each once (quoted text is not a reference)."""
    names: dict[str, None] = {}
    for i, part in enumerate(_QUOTED.split(expr)):
        if not i % 2:
            names.update(dict.fromkeys(_REF.findall(part)))
    return list(names)


def rename(expr: str, codes: Mapping[str, str]) -> str:
    """``${name}`` -> ``${code}`` where the two differ (a name Tilik had to change, or the export's ``q_`` names)."""
    return _outside_quotes(expr, _REF, lambda m: f"${{{codes.get(m.group(1), m.group(1))}}}")


def syntax_error(expr: str) -> str | None:
    """tilik.surveys.expr's message for an expression it cannot parse, or None."""
    try:
        check(expr)
    except ExprError as exc:
        return str(exc)
    return None
