"""Show a role only the links it can open: templates ask tilik/core/url_rules.py, where the rule lives once.

    {% load tilik_links %}
    {% if tilik_role|may_open:"programs:budget" %}<a href="{% url 'programs:budget' %}">…</a>{% endif %}
    {% if section.link|opens_for:tilik_role %}<a href="{{ section.link }}">…</a>{% endif %}

Both answer for the role only; a link to one object outside the viewer's scope (a unit head and another
unit's wave) is left out where the list of objects is built (e.g. tilik.reports.scope.Scope.sees_unit).
``tilik_role`` comes from the context processor tilik.core.context_processors.roles.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.urls import Resolver404, resolve

from tilik.core.url_rules import ADMIN, ANONYMOUS, Rule, rule_for

register = template.Library()


def _may_open(role: str | None, name: str) -> bool:
    """The rule's answer for the role (object scope aside); a URL without a rule opens for nobody."""
    rule = rule_for(name)
    if isinstance(rule, Rule):
        return (role or ANONYMOUS) in rule.allowed
    return rule == "admin-site" and role == ADMIN


@register.filter
def may_open(role: str | None, url_name: str) -> bool:
    """Whether ``role`` may open the URL named ``url_name``."""
    return _may_open(role, url_name)


@register.filter
def opens_for(href: object, role: str | None) -> bool:
    """Whether a link (a path inside Tilik, as a report section carries it) opens for ``role``.

    An empty link is False; a link outside Tilik is True (it is not Tilik's to refuse)."""
    text = str(href or "")
    if not text:
        return False
    parts = urlsplit(text)
    if parts.netloc:
        return True
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return _may_open(role, match.view_name)
