"""The client's address behind Tilik's own reverse proxy (nginx, deploy/nginx/).

Behind nginx every request reaches gunicorn from the proxy, so REMOTE_ADDR would be one address for every
citizen: the login lockout and the public-survey limiter would count everyone together. nginx writes the
address it saw into X-Forwarded-For; that header is believed only when the request came from a proxy
listed in TILIK_TRUSTED_PROXIES ("unix" for gunicorn's unix socket, or addresses/networks), and only the
TILIK_PROXY_COUNT-th entry from the right (the one our outermost proxy wrote). A client that reaches
gunicorn directly cannot choose its address by sending the header. docs/operasi.md, docs/keamanan.md.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

UNIX_PEER = "unix"  # gunicorn gives a unix-socket peer an empty REMOTE_ADDR


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_peer(peer: str, trusted: Iterable[str]) -> bool:
    address = _parse_ip(peer) if peer else None
    for entry in trusted:
        if entry == UNIX_PEER:
            if not peer:
                return True
            continue
        if address is None:
            continue
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def forwarded_client(*, peer: str, forwarded_for: str, trusted: Iterable[str], hops: int) -> str:
    """The client's address: the peer itself, unless a trusted proxy sent a well-formed forwarded entry."""
    if hops < 1 or not forwarded_for or not is_trusted_peer(peer, trusted):
        return peer
    entries = [item.strip() for item in forwarded_for.split(",")]
    if len(entries) < hops:
        return peer
    candidate = entries[-hops]
    return str(_parse_ip(candidate)) if _parse_ip(candidate) is not None else peer


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the client's address before anything reads it (django-axes, the public-survey
    limiter, audit events); the proxy's own address is kept in TILIK_PROXY_PEER."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = settings.TILIK_TRUSTED_PROXIES  # read per request: two attribute lookups, and tests override it
        if trusted:
            peer = str(request.META.get("REMOTE_ADDR", ""))
            client = forwarded_client(
                peer=peer,
                forwarded_for=str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
                trusted=trusted,
                hops=int(settings.TILIK_PROXY_COUNT),
            )
            if client != peer:
                request.META["TILIK_PROXY_PEER"] = peer
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the address TrustedProxyMiddleware settled on."""
    return str(request.META.get("REMOTE_ADDR", ""))
