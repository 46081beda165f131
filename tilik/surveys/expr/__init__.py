"""Tilik's expression language: ODK's XPath subset (relevant, constraint, calculation,
choice_filter, repeat_count), evaluated on the server exactly as the browser evaluates it
with Enketo's openrosa-xpath-evaluator (tilik/surveys/static/surveys/expr.js).

Pure Python, no Django. Each `${q}` is the answer to question q as ODK holds it: one string
('' when empty; multi-select and rank answers are space-separated choice values; dates ISO).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .ast import Call, Column, Ref, walk
from .ast import Str as _Str
from .errors import ExprError
from .evaluator import evaluate_tree
from .functions import ARITY
from .parser import parse
from .regex import compile_js
from .values import Value, to_bool, to_number, to_string

__all__ = [
    "FUNCTIONS",
    "ExprError",
    "as_bool",
    "as_number",
    "as_string",
    "check",
    "columns",
    "evaluate",
    "references",
]

FUNCTIONS: tuple[str, ...] = tuple(sorted(ARITY))


def check(expr: str) -> None:
    """Raise ExprError (Indonesian, with the position) unless `expr` is a valid expression."""
    tree = parse(expr)
    for node in walk(tree):
        if isinstance(node, Call) and node.name == "regex" and isinstance(node.args[1], _Str):
            compile_js(node.args[1].value)


def references(expr: str) -> set[str]:
    """The question names `expr` uses as ${name}."""
    return {node.name for node in walk(parse(expr)) if isinstance(node, Ref)}


def columns(expr: str) -> set[str]:
    """The bare names `expr` uses: columns of the choice row (choice_filter only)."""
    return {node.name for node in walk(parse(expr)) if isinstance(node, Column)}


def evaluate(
    expr: str,
    values: Mapping[str, str],
    *,
    current: str | None = None,
    today: dt.date | None = None,
    choice: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> str | float | bool:
    """The value of `expr` given the answers so far. `current` is `.` (constraints), `choice` the
    choice row for choice_filter (its `name` and extra columns). today()/now() are the Asia/Makassar
    (WITA) date and time unless given. A date result is returned as its ISO string."""
    return evaluate_tree(parse(expr), values, current=current, today=today, choice=choice, now=now)


def as_bool(v: Value) -> bool:
    """XPath boolean() of a result (as openrosa-xpath-evaluator converts it)."""
    return to_bool(_plain(v))


def as_number(v: Value) -> float:
    """XPath number() of a result: '' is NaN, an ISO date is its day count."""
    return to_number(_plain(v))


def as_string(v: Value) -> str:
    """XPath string() of a result (numbers formatted as JavaScript does: 2, 0.5, 1e+21)."""
    return to_string(_plain(v))


def _plain(v: Value) -> Value:
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v
