"""Inputs shared by several parts of one document computed once while it is built.

A year report's sections read the same things more than once: the IKM table (IKM section and the trust
panel), a wave's published results and response frame (Levels 1-3 and the 360° change), the trust answers
(panel and overview), each wave's published batch. ``build_cache()`` opens a cache for a block
(``tilik.reports.selectors.build_report``); a function decorated with ``@per_build`` returns, inside that
block, what it returned earlier for the same arguments. Outside a block it runs as before, every time.

Arguments are keyed by value: a model instance by its class and primary key, a QuerySet by its SQL, a
list, tuple or set element by element, a frozen dataclass, string, number or None as itself. A call with an
argument that cannot be keyed so (a generator, a dict) is not cached. Callers must not modify what such a
function returns: the next caller in the same build gets the same object.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

F = TypeVar("F", bound=Callable[..., Any])

_cache: ContextVar[dict[Any, Any] | None] = ContextVar("tilik_build_cache", default=None)


class _Unkeyable(Exception):
    pass


@contextmanager
def build_cache() -> Iterator[None]:
    """Share ``@per_build`` results inside this block (a nested block joins the outer one)."""
    if _cache.get() is not None:
        yield
        return
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def build_cache_active() -> bool:
    return _cache.get() is not None


def _key(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, QuerySet):
        try:
            return (value.model._meta.label, str(value.query))
        except Exception as exc:  # e.g. EmptyResultSet: such a query is not worth a cache entry
            raise _Unkeyable from exc
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(_key(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", *sorted(repr(_key(v)) for v in value))
    params = getattr(value, "__dataclass_params__", None)
    if params is not None and params.frozen:
        return value
    raise _Unkeyable


def per_build(func: F) -> F:
    """Compute once per ``build_cache()`` block and arguments (see the module docstring)."""

    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cache = _cache.get()
        if cache is None:
            return func(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()  # f(w) and f(w, ids=None) are one call
        try:
            key = (func.__module__, func.__qualname__, _key(tuple(bound.arguments.items())))
        except _Unkeyable:
            return func(*args, **kwargs)
        if key not in cache:
            cache[key] = func(*args, **kwargs)
        return cache[key]

    return wrapper  # type: ignore[return-value]
