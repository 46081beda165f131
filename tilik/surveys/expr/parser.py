"""Recursive-descent parser for ODK's XPath subset, with XPath 1.0 precedence.

or < and < (= !=) < (< <= > >=) < (+ -) < (* div mod) < unary - ; all left-associative.
"""

from __future__ import annotations

from functools import lru_cache

from .ast import Binary, Call, Column, Dot, Negate, Node, Num, Ref, Str
from .errors import ExprError
from .functions import ARITY
from .lexer import Token, tokenize

_LEVELS: tuple[tuple[str, ...], ...] = (
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
)


class _Parser:
    def __init__(self, expr: str) -> None:
        self.tokens = tokenize(expr)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, kind: str, what: str) -> Token:
        if self.tok.kind != kind:
            raise ExprError(f"Diharapkan {what}, ditemukan {_describe(self.tok)}", self.tok.pos)
        return self.take()

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ExprError("Ekspresi kosong", 1)
        node = self.binary(0)
        if self.tok.kind != "end":
            raise ExprError(f"Sisa ekspresi tidak terbaca: {_describe(self.tok)}", self.tok.pos)
        return node

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.tok.kind == "op" and self.tok.text in _LEVELS[level]:
            op = self.take().text
            node = Binary(op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        if self.tok.kind == "op" and self.tok.text == "-":
            self.take()
            return Negate(self.unary())
        return self.primary()

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Num(float(tok.text))
        if tok.kind == "str":
            self.take()
            return Str(tok.text)
        if tok.kind == "ref":
            self.take()
            return Ref(tok.text)
        if tok.kind == "dot":
            self.take()
            return Dot()
        if tok.kind == "(":
            self.take()
            node = self.binary(0)
            self.expect(")", "')'")
            return node
        if tok.kind == "name":
            self.take()
            if self.tok.kind != "(":
                return Column(tok.text, tok.pos)
            return self.call(tok)
        raise ExprError(f"Diharapkan nilai, ${{nama}} atau fungsi, ditemukan {_describe(tok)}", tok.pos)

    def call(self, name: Token) -> Node:
        if name.text not in ARITY:
            raise ExprError(f"Fungsi '{name.text}' tidak didukung", name.pos)
        self.take()  # (
        args: list[Node] = []
        if self.tok.kind != ")":
            args.append(self.binary(0))
            while self.tok.kind == ",":
                self.take()
                args.append(self.binary(0))
        self.expect(")", "',' atau ')'")
        low, high = ARITY[name.text]
        if not low <= len(args) <= (high if high is not None else len(args)):
            wanted = str(low) if low == high else (f"{low}–{high}" if high is not None else f"paling sedikit {low}")
            raise ExprError(
                f"Fungsi '{name.text}' menerima {wanted} argumen, diberi {len(args)}",
                name.pos,
            )
        return Call(name.text, tuple(args))


def _describe(tok: Token) -> str:
    if tok.kind == "end":
        return "akhir ekspresi"
    if tok.kind == "str":
        return f"teks '{tok.text}'"
    if tok.kind == "ref":
        return f"${{{tok.text}}}"
    return f"'{tok.text}'"


@lru_cache(maxsize=4096)
def parse(expr: str) -> Node:
    """The syntax tree of `expr`; raises ExprError. Cached: forms evaluate the same few expressions."""
    return _Parser(expr).parse()
