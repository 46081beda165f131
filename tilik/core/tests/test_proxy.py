"""X-Forwarded-For is believed only from a trusted proxy (issue 19 item 6; deploy/nginx)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from tilik.core.security.proxy import TrustedProxyMiddleware, forwarded_client


@pytest.mark.parametrize(
    ("peer", "header", "trusted", "hops", "seen"),
    [
        ("", "203.0.113.9", ["unix"], 1, "203.0.113.9"),  # nginx on gunicorn's unix socket
        ("127.0.0.1", "203.0.113.9", ["127.0.0.1"], 1, "203.0.113.9"),
        ("10.0.0.7", "203.0.113.9", ["10.0.0.0/8"], 1, "203.0.113.9"),
        ("198.51.100.4", "203.0.113.9", ["127.0.0.1", "unix"], 1, "198.51.100.4"),  # direct: spoof ignored
        ("127.0.0.1", "203.0.113.9", [], 1, "127.0.0.1"),  # no proxy configured
        ("", "1.1.1.1, 203.0.113.9", ["unix"], 1, "203.0.113.9"),  # the client's own entry is left of ours
        ("", "1.1.1.1, 203.0.113.9", ["unix"], 2, "1.1.1.1"),  # two proxies: a balancer, then nginx
        ("", "203.0.113.9", ["unix"], 2, ""),  # fewer entries than proxies: not believed
        ("", "not-an-address", ["unix"], 1, ""),
    ],
)
def test_forwarded_client(peer: str, header: str, trusted: list[str], hops: int, seen: str) -> None:
    assert forwarded_client(peer=peer, forwarded_for=header, trusted=trusted, hops=hops) == seen


def _seen(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.META["REMOTE_ADDR"])


@override_settings(TILIK_TRUSTED_PROXIES=["127.0.0.1"], TILIK_PROXY_COUNT=1)
def test_middleware_rewrites_remote_addr_only_for_the_trusted_peer() -> None:
    factory = RequestFactory()
    middleware = TrustedProxyMiddleware(_seen)
    via_proxy = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    direct = factory.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert middleware(via_proxy).content == b"203.0.113.9"
    assert middleware(direct).content == b"198.51.100.4"


def test_axes_reads_the_settled_address(settings) -> None:
    from axes.helpers import get_client_ip_address

    settings.TILIK_TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    TrustedProxyMiddleware(_seen)(request)
    assert get_client_ip_address(request) == "203.0.113.9"
