"""Tokens of ODK's XPath subset: `${name}`, literals, numbers, names, operators.

XPath 1.0's lexical rule decides whether `*` and a name are operators: after an operand
(number, literal, `${q}`, `.`, `)`, a bare name) a name must be and/or/div/mod.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ExprError

_NAME = re.compile(r"[^\W\d][\w.\-]*")
_REF = re.compile(r"\$\{\s*([^\W\d][\w.\-]*)\s*\}")
_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_OPERATOR_NAMES = {"and", "or", "div", "mod"}
_SYMBOLS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "(", ")", ",")


@dataclass(frozen=True)
class Token:
    kind: str  # num, str, ref, dot, name, op, (, ), ",", end
    text: str
    pos: int  # 1-based column


def tokenize(expr: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(expr)

    def operand_before() -> bool:
        if not tokens:
            return False
        last = tokens[-1]
        return last.kind in ("num", "str", "ref", "dot", ")", "name")

    while i < n:
        c = expr[i]
        if c in " \t\r\n":
            i += 1
            continue
        pos = i + 1
        if c in "'\"":
            end = expr.find(c, i + 1)
            if end < 0:
                raise ExprError("Teks diawali tanda kutip yang tidak ditutup", pos)
            tokens.append(Token("str", expr[i + 1 : end], pos))
            i = end + 1
            continue
        if c == "$":
            m = _REF.match(expr, i)
            if not m:
                raise ExprError("Rujukan pertanyaan harus ditulis ${nama}", pos)
            tokens.append(Token("ref", m.group(1), pos))
            i = m.end()
            continue
        m = _NUMBER.match(expr, i)
        if m:
            if m.end() < n and (expr[m.end()].isalpha() or expr[m.end()] == "_"):
                raise ExprError(f"Angka '{expr[i : m.end() + 1]}' tidak dikenal", pos)
            tokens.append(Token("num", m.group(0), pos))
            i = m.end()
            continue
        if c == ".":
            if expr.startswith("..", i):
                raise ExprError("'..' (induk) tidak didukung; pakai ${nama}", pos)
            tokens.append(Token("dot", ".", pos))
            i += 1
            continue
        m = _NAME.match(expr, i)
        if m:
            word = m.group(0)
            if operand_before():
                if word not in _OPERATOR_NAMES:
                    raise ExprError(f"Di sini diharapkan operator (and, or, div, mod), bukan '{word}'", pos)
                tokens.append(Token("op", word, pos))
            else:
                tokens.append(Token("name", word, pos))
            i = m.end()
            continue
        for sym in _SYMBOLS:
            if expr.startswith(sym, i):
                kind = sym if sym in ("(", ")", ",") else "op"
                tokens.append(Token(kind, sym, pos))
                i += len(sym)
                break
        else:
            if c in "/[]@|":
                raise ExprError(f"Jalur XPath ('{c}') tidak didukung; rujuk pertanyaan dengan ${{nama}}", pos)
            raise ExprError(f"Karakter '{c}' tidak dikenal", pos)
    tokens.append(Token("end", "", n + 1))
    return tokens
