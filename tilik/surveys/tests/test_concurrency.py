"""One submission per token under concurrency, against a live server.

PostgreSQL: 50 threads released together by a barrier submit the same token;
exactly one response is stored and every other request gets the "already
used" page. 500 tokens submitted by 16 threads: exactly 500 responses.
SQLite (the test database lives in memory and Django's live server shares
one connection between its threads, so it cannot take concurrent writes):
the same checks run with one client at a time.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.servers import basehttp
from django.db import connection

from tilik.surveys.models import Response, TokenUse
from tilik.surveys.services.waves import invitation_create
from tilik.surveys.tests.conftest import invite, load, open_wave, reaksi_post

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRES = connection.vendor == "postgresql"

# Django's development server listens with a backlog of 10 connections; 50 clients connecting at the
# same instant overflow it and the kernel resets some of them before Django sees a byte. The session's
# live server is created after collection, so raising the backlog here applies to it.
basehttp.WSGIServer.request_queue_size = 128


class Client:
    """A tiny cookie-keeping HTTP client (urllib): GET the form for the CSRF token, then POST."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.csrf = ""

    def prime(self, path: str) -> None:
        with self.opener.open(self.base + path, timeout=60) as page:
            html = page.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "the form carries a CSRF token"
        self.csrf = match.group(1)

    def post(self, path: str, data: dict[str, Any]) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=120) as reply:  # noqa: S310 - http://127.0.0.1 only
                return reply.status
        except urllib.error.HTTPError as exc:
            return exc.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _same_token(live_server: Any, n: int, workers: int) -> list[int]:
    wave = open_wave(load("level1_reaksi"))
    (token,) = invite(wave)
    path = f"/s/t/{token}/"
    client = Client(live_server.url)
    client.prime(path)
    barrier = threading.Barrier(workers)

    def fire(_i: int) -> int:
        if workers > 1:
            barrier.wait(timeout=60)
        return client.post(path, reaksi_post())

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fire, range(n)))


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: the SQLite test database is one shared "
    "in-memory connection that cannot take concurrent writes",
)
def test_fifty_simultaneous_submissions_of_one_token_store_one(live_server):
    statuses = _same_token(live_server, 50, 50)
    assert statuses.count(302) == 1, statuses
    assert statuses.count(410) == 49, statuses
    assert Response.objects.count() == 1 and TokenUse.objects.count() == 1


@pytest.mark.skipif(ON_POSTGRES, reason="the PostgreSQL run has the concurrent variant")
def test_fifty_sequential_submissions_of_one_token_store_one_sqlite(live_server):
    statuses = _same_token(live_server, 50, 1)
    assert statuses[0] == 302 and statuses[1:] == [410] * 49
    assert Response.objects.count() == 1 and TokenUse.objects.count() == 1


def test_five_hundred_tokens_store_exactly_five_hundred(live_server):
    wave = open_wave(load("level1_reaksi"))
    tokens = [invitation_create(wave=wave, name=f"Peserta {i}", by=None)[1] for i in range(500)]
    workers = 16 if ON_POSTGRES else 1
    client = Client(live_server.url)  # one CSRF cookie for all; each token is its own respondent
    client.prime(f"/s/t/{tokens[0]}/")

    def run(token: str) -> int:
        return client.post(f"/s/t/{token}/", reaksi_post())

    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(run, tokens))
    assert statuses == [302] * 500
    assert Response.objects.filter(wave=wave).count() == 500 and TokenUse.objects.count() == 500
