"""Links from report sections to the pages their numbers come from, resolved only when printed.

`tilik report` never prints them (Word and PDF carry no links), and resolving a URL imports every app's
views — seconds of start-up for a command. A lazy string keeps that cost where the link is shown.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import lazy


def _resolve(name: str, args: tuple[Any, ...], query: str) -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:  # an optional app without its URLs: no link rather than an error
        return ""


_lazy_resolve = lazy(_resolve, str)


def link(name: str, *args: Any, query: str = "") -> str:
    """The URL of ``name`` (with ``args``) followed by ``query``; "" when it does not resolve."""
    return _lazy_resolve(name, args, query)


def first(current: Any, name: str, *args: Any) -> Any:
    """Keep a section's link when it has one, else link to ``name``, without resolving either."""
    return link(name, *args) if isinstance(current, str) and not current else current
