"""Reduce an XLSForm ``relevant`` expression to Tilik's one condition: "question Q has one of values V".

Understood: atoms ``${q} = 'v'``, ``${q} != 'v'``, ``selected(${q}, 'v')``, ``not(selected(${q}, 'v'))``
(``../q`` as pyxform writes for ``or_other``), joined by ``and``/``or`` without parentheses, all on one
question. ``!=`` needs the question's choice list to list the remaining values. Anything else returns
None and the caller reports it: Tilik then shows the question always.
"""

from __future__ import annotations

import re

_REF = r"(?:\$\{(\w[\w.-]*)\}|\.\./(\w[\w.-]*))"
_VAL = r"(?:'([^']*)'|\"([^\"]*)\"|(-?\d+(?:\.\d+)?))"
_EQ = re.compile(rf"^{_REF}\s*(!?=)\s*{_VAL}$")
_SEL = re.compile(rf"^(not\s*\(\s*)?selected\(\s*{_REF}\s*,\s*{_VAL}\s*\)(\s*\))?$")


def _strip(expr: str) -> str:
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")") and expr.count("(") == 1:
        expr = expr[1:-1].strip()
    return expr


def _atom(text: str, choices: dict[str, list[str]]) -> tuple[str, set[str]] | None:
    text = _strip(text)
    match = _EQ.match(text)
    negate = False
    if match:
        question = match.group(1) or match.group(2)
        negate = match.group(3) == "!="
        value = next(v for v in match.groups()[3:] if v is not None)
    else:
        match = _SEL.match(text)
        if not match or bool(match.group(1)) != bool(match.group(7)):
            return None
        negate = bool(match.group(1))
        question = match.group(2) or match.group(3)
        value = next(v for v in match.groups()[3:6] if v is not None)
    if not negate:
        return question, {value}
    if question not in choices:
        return None
    return question, set(choices[question]) - {value}


def relevant_condition(expressions: list[str], choices: dict[str, list[str]]) -> tuple[str, list[str]] | None:
    """All expressions must hold (a group's and the question's own). None = not representable."""
    question = ""
    allowed: set[str] | None = None
    for expr in expressions:
        union: set[str] = set()
        for disjunct in re.split(r"\s+or\s+", _strip(expr)):
            inter: set[str] | None = None
            for part in re.split(r"\s+and\s+", _strip(disjunct)):
                atom = _atom(part, choices)
                if atom is None or (question and atom[0] != question):
                    return None
                question = atom[0]
                inter = atom[1] if inter is None else inter & atom[1]
            union |= inter or set()
        allowed = union if allowed is None else allowed & union
    if not question or not allowed:
        return None
    order = choices.get(question)
    values = [v for v in order if v in allowed] if order else sorted(allowed)
    return question, values
