"""Evaluation of a parsed expression with openrosa-xpath-evaluator's operator rules
(utils/operation.js and the date handling of openrosa-extensions.js `handleInfix`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from functools import lru_cache

from .ast import Binary, Call, Column, Dot, Negate, Node, Num, Ref, Str, walk
from .dates import DATE_STRING, JSDate, as_date_from_string, date_string_to_days
from .errors import ExprError
from .functions import FUNCTIONS, Context
from .values import Value, to_bool, to_number, to_string

_COMPARE = {"=", "!=", "<", "<=", ">", ">="}


class _Evaluator:
    def __init__(self, values: Mapping[str, str], current: str | None, choice: Mapping[str, str] | None, ctx: Context):
        self.values = values
        self.current = current
        self.choice = choice
        self.ctx = ctx

    def eval(self, node: Node) -> Value:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Str):
            return node.value
        if isinstance(node, Ref):
            return str(self.values.get(node.name) or "")
        if isinstance(node, Dot):
            return self.current or ""
        if isinstance(node, Column):
            return str((self.choice or {}).get(node.name) or "")
        if isinstance(node, Negate):
            return _arith("*", -1.0, self.eval(node.operand))
        if isinstance(node, Call):
            return FUNCTIONS[node.name]([self.eval(a) for a in node.args], self.ctx)
        if isinstance(node, Binary):
            left = self.eval(node.left)
            if node.op in ("and", "or"):
                if to_bool(left) == (node.op == "or"):
                    return to_bool(left)  # short circuit, as the library does
            return _binary(node.op, left, self.eval(node.right))
        raise TypeError(node)  # pragma: no cover


def _binary(op: str, lhs: Value, rhs: Value) -> Value:
    if isinstance(lhs, JSDate) or isinstance(rhs, JSDate):
        if not isinstance(lhs, bool) and not isinstance(rhs, bool):
            lhs = _date_days(lhs)
            rhs = _date_days(rhs)
    elif op in ("+", "-"):
        ls = to_string(lhs)
        if DATE_STRING.match(ls):
            return _arith(op, date_string_to_days(ls), to_number(rhs))
        rs = to_string(rhs)
        if DATE_STRING.match(rs):
            return _arith(op, to_number(lhs), date_string_to_days(rs))
    elif op in _COMPARE:
        ls, rs = to_string(lhs), to_string(rhs)
        if DATE_STRING.match(ls):
            lhs = date_string_to_days(ls)
        if DATE_STRING.match(rs):
            rhs = date_string_to_days(rs)
    return _operate(op, lhs, rhs)


def _date_days(v: Value) -> Value:
    if isinstance(v, str):
        v = as_date_from_string(v)
    return to_number(v) if isinstance(v, JSDate) else v


def _operate(op: str, lhs: Value, rhs: Value) -> Value:
    if op == "or":
        return to_bool(lhs) or to_bool(rhs)
    if op == "and":
        return to_bool(lhs) and to_bool(rhs)
    if op in ("=", "!="):
        if isinstance(lhs, bool) or isinstance(rhs, bool):
            same = to_bool(lhs) == to_bool(rhs)
        elif _is_num(lhs) or _is_num(rhs):
            same = to_number(lhs) == to_number(rhs)
        else:
            same = to_string(lhs) == to_string(rhs)
        return same if op == "=" else not same
    if op in _COMPARE:
        a, b = to_number(lhs), to_number(rhs)
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    return _arith(op, lhs, rhs)


def _is_num(v: Value) -> bool:
    return isinstance(v, float) and not isinstance(v, bool)


def _arith(op: str, lhs: Value, rhs: Value) -> float:
    a, b = to_number(lhs), to_number(rhs)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        if b == 0:
            if a == 0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b
    if op == "mod":
        if b == 0 or math.isnan(a) or math.isnan(b) or math.isinf(a):
            return math.nan
        if math.isinf(b):
            return a
        return math.fmod(a, b)
    raise ValueError(op)  # pragma: no cover


@lru_cache(maxsize=4096)
def first_column(tree: Node) -> Column | None:
    return next((node for node in walk(tree) if isinstance(node, Column)), None)


def evaluate_tree(
    tree: Node,
    values: Mapping[str, str],
    *,
    current: str | None = None,
    today: dt.date | None = None,
    choice: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> str | float | bool:
    if choice is None:
        column = first_column(tree)
        if column is not None:
            raise ExprError(
                f"Nama '{column.name}' tanpa ${{…}} hanya berlaku di choice_filter (kolom pilihan)", column.pos
            )
    result = _Evaluator(values, current, choice, Context(today, now)).eval(tree)
    if isinstance(result, JSDate):
        return to_string(result)
    return result
