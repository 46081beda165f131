"""Every URL pattern, every role: the outcome declared in tilik/core/url_rules.py.

A new URL without a rule fails ``test_every_url_has_a_rule`` until its author declares who may use it.
Parametrised URLs are requested with in-scope objects from the world (tests/security/world.py), with
out-of-scope objects where the rule names them (must be 404), and otherwise with a missing id (the role
gate must still answer first: 403/302 for the others, 404 for the allowed roles).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from tilik.core.url_rules import ANONYMOUS, LOGIN, ROLES, RULES, Rule, rule_for

MISSING_INT = 999_999
MISSING_STR = "tidak-ada"


def _patterns(
    resolver: URLResolver, namespace: str = "", params: tuple[tuple[str, Any], ...] = ()
) -> Iterator[tuple[str, tuple[tuple[str, Any], ...]]]:
    for entry in resolver.url_patterns:
        own = tuple(getattr(entry.pattern, "converters", {}).items())
        regex_names = tuple((name, None) for name in entry.pattern.regex.groupindex if name not in dict(own))
        found = params + own + regex_names
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, ns, found)
        elif isinstance(entry, URLPattern):
            # An unnamed pattern is keyed by its route, so it still needs a (prefix) rule.
            yield f"{namespace}{entry.name or '#' + str(entry.pattern)}", found


def all_url_names() -> dict[str, tuple[tuple[str, Any], ...]]:
    return dict(_patterns(get_resolver()))


def test_every_url_has_a_rule():
    missing = sorted(name for name in all_url_names() if rule_for(name) is None)
    assert not missing, f"URL patterns without a rule in tilik/core/url_rules.py: {missing}"


def test_every_rule_names_a_url():
    names = all_url_names()
    stale = sorted(name for name in RULES if name not in names)
    assert not stale, f"rules for URLs that no longer exist: {stale}"


def _kwargs(world: Any, spec: dict[str, str], params: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, converter in params:
        value = spec.get(name)
        if value is None:
            kwargs[name] = MISSING_INT if isinstance(converter, IntConverter) else MISSING_STR
        elif value.startswith("="):
            kwargs[name] = value[1:]
        else:
            kwargs[name] = world.value(value)
    return kwargs


def _outcome(response: Any) -> int | str:
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return LOGIN
    return response.status_code


def _client_for(client: Any, world: Any, role: str) -> Any:
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_declared_outcome_for_every_url(client, world, role):
    _client_for(client, world, role)
    params_of = all_url_names()
    wrong = []
    for name, rule in sorted(RULES.items()):
        if name not in params_of:
            continue
        url = reverse(name, kwargs=_kwargs(world, dict(rule.kwargs), params_of[name]) or None)
        expected = rule.expected(role)
        probe = any(param not in rule.kwargs for param, _c in params_of[name])
        if probe and role in rule.allowed and expected == 200:
            expected = 404  # a missing id, after the role gate let this role through
        got = _outcome(client.get(url))
        if got != expected:
            wrong.append(f"{name} {url}: expected {expected}, got {got}")
        scope = rule.out_of_scope.get(role)
        if scope is not None:
            url = reverse(name, kwargs=_kwargs(world, {**rule.kwargs, **scope}, params_of[name]))
            got = _outcome(client.get(url))
            if got != 404:
                wrong.append(f"{name} {url} (out of scope): expected 404, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def _admin_kwargs(world: Any, name: str, params: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    values = {"app_label": "core", "object_id": str(MISSING_INT), "content_type_id": MISSING_INT}
    if name.startswith("admin:otp_totp_totpdevice_"):
        # django-otp's config and QR views answer a missing id with a 500: use a real device.
        return {param: str(world.device.pk) for param, _c in params}
    return {name: values.get(name, MISSING_INT if isinstance(c, IntConverter) else "1") for name, c in params}


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_is_for_admins_only(client, world, role):
    """Only admins open the admin site (issue 17): every other account, evaluators included, is sent to its login."""
    _client_for(client, world, role)
    client.raise_request_exception = False
    admin_login = reverse("admin:login")
    wrong = []
    for name, params in sorted(all_url_names().items()):
        if rule_for(name) != "admin-site" or name in {"admin:login", "admin:logout"} or "#" in name:
            continue
        url = reverse(name, kwargs=_admin_kwargs(world, name, params) or None)
        response = client.get(url)
        if role in ("admin",):
            if response.status_code >= 500 or (response.status_code == 302 and admin_login in response.url):
                wrong.append(f"{name} {url}: {response.status_code}")
        elif not (response.status_code == 302 and response.url.startswith(admin_login)):
            wrong.append(f"{name} {url}: {response.status_code}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_rule_expectations_are_consistent():
    for name, rule in RULES.items():
        assert isinstance(rule, Rule), name
        assert set(rule.out_of_scope) <= set(rule.allowed), f"{name}: out_of_scope only for allowed roles"
