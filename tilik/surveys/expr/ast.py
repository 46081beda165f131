"""Syntax tree of an expression (frozen dataclasses)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Ref:
    """`${name}`: the answer to question `name`, one string value."""

    name: str


@dataclass(frozen=True)
class Dot:
    """`.`: the value being checked (constraints)."""


@dataclass(frozen=True)
class Column:
    """A bare name: a column of the choice row (choice_filter)."""

    name: str
    pos: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Negate:
    operand: Node


Node = Num | Str | Ref | Dot | Column | Call | Binary | Negate


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, depth first."""
    yield node
    if isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Negate):
        yield from walk(node.operand)
