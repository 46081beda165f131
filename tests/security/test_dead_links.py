"""No dead links (issue 17): every link and GET form a role is shown opens for that role.

For each signed-in role except admin, on the small demo city the browser crawl uses
(tests/browser/pages.py ``build_site``), the Django test client opens the role's pages (every URL its
rule in tilik/core/url_rules.py answers 200, plus the home page), reads every ``<a href>`` and every GET
``<form>`` (submitted with the values it shows) and requests distinct targets once each (which ones: below),
following redirects inside the site. A 403, 404, 5xx, or a redirect to the login page fails the test, with
the page that showed the link. HTML pages reached this way are read for links in turn (breadth first, one
level at a time), up to ``EXPAND_PER_NAME`` pages per URL name — the first of a kind carry the same
template links as the rest.

Which distinct links are requested, per URL name and query keys (e.g. every ``/program/angkatan/<pk>/``,
or every ``/?tahun=…&opd=…``): for a role limited to part of the city (unit head, coder, peserta) whether a
row's link opens depends on the row's object, so up to ``CHECK_PER_KEY`` (enough for every row of a list
page) are requested; for a role that reads the whole city (``READERS`` in url_rules: evaluator, regional
head) a sample of ``SAMPLE_PER_KEY`` spread over the links found at that level (first, last and evenly
between), so every URL name and query-key set a reader is shown is still requested at least once.

Speed: the city is built once per module, and its objects (and the imported libraries') are moved out of
the garbage collector's reach (``gc.freeze``) while the crawl runs: the report pages allocate heavily
(pandas, statsmodels), and full collections over the ~370,000 long-lived objects took a quarter of their
time (profile of eight of the slowest pages, evaluator, SQLite).

Not followed, with the reason (``SKIPPED``): sign-out, links that queue a background job, links outside
the site, and ``mailto:``/``tel:``/fragment-only links.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest
from django.urls import Resolver404, resolve, reverse

from tests.browser.pages import ACCOUNTS as CRAWL_ACCOUNTS
from tests.browser.pages import build_site, signed_in_pages, wipe
from tilik.core.url_rules import READERS

# Test role (url_rules) -> demo account (tilik/demo/accounts.py); the crawl's four and the second coder.
ACCOUNTS = {**CRAWL_ACCOUNTS, "pengode": "pengode2"}

# URL names never requested, and why.
SKIPPED = {
    "logout": "sign-out ends the session the crawl runs in (and is POST only)",
    "reports:program_download": "queues a report job; its page is checked through Tugas saya (jobs:detail)",
    "reports:year_download": "queues a report job; its page is checked through Tugas saya (jobs:detail)",
}
EXPAND_PER_NAME = 3  # HTML pages of one URL name read for links
CHECK_PER_KEY = 30  # distinct targets of one URL name and query keys requested, roles with a scope
SAMPLE_PER_KEY = 4  # the same for READERS (the whole city in scope), spread over the links found
MAX_REDIRECTS = 5


@dataclass
class LinkCrawl:
    role: str
    dead: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    checked: int = 0
    expanded: int = 0
    sampled_out: int = 0  # distinct links of an already sampled kind, not requested
    seconds: dict[str, float] = field(default_factory=dict, repr=False)  # URL name -> time spent requesting it

    def slowest(self, n: int = 4) -> str:
        top = sorted(self.seconds.items(), key=lambda item: -item[1])[:n]
        return ", ".join(f"{name} {sec:.1f} s" for name, sec in top)


def _targets(html: bytes, base: str) -> Iterator[tuple[str, str]]:
    """(kind, absolute-path URL) of every link and GET form on a page."""
    try:
        doc = lxml.html.fromstring(html)
    except Exception:  # an empty or non-HTML body: nothing to follow
        return
    for a in doc.iterfind(".//a[@href]"):
        yield "a", urljoin(base, a.get("href").strip())
    for form in doc.forms:
        if (form.get("method") or "get").lower() != "get":
            continue
        action = urljoin(base, (form.get("action") or "").strip() or base)
        query = urlencode([(k, v) for k, v in form.form_values() if v is not None])
        yield "form", urlsplit(action)._replace(query=query, fragment="").geturl()


def _skip_reason(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https"):
        return f"{parts.scheme}: link"
    if parts.netloc not in ("", "testserver"):
        return "external link"
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None  # requested: the site answers 404, which fails
    return SKIPPED.get(match.view_name)


def _key(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        name = parts.path
    keys = tuple(sorted({k for k, _v in (p.partition("=")[::2] for p in parts.query.split("&") if p)}))
    return name, keys


def _get(client: Any, url: str) -> tuple[int, str, Any]:
    """Status and final URL after redirects inside the site; 'login' when sent to the login page."""
    login = reverse("login")
    for _hop in range(MAX_REDIRECTS):
        response = client.get(url)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response.status_code, url, response
        target = urljoin(url, response["Location"])
        if urlsplit(target).path == login:
            return 0, target, response
        if urlsplit(target).netloc not in ("", "testserver"):
            return response.status_code, url, response
        url = urlsplit(target)._replace(scheme="", netloc="").geturl()
    return response.status_code, url, response


def _spread(items: list[Any], n: int) -> list[Any]:
    """``n`` of ``items``: the first, the last and evenly between (all of them when there are few)."""
    if len(items) <= n:
        return items
    if n == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def crawl_links(client: Any, role: str, seeds: list[str]) -> LinkCrawl:
    out = LinkCrawl(role)
    per_key = SAMPLE_PER_KEY if role in READERS else CHECK_PER_KEY
    seen: set[str] = set()
    checks: Counter[tuple[str, tuple[str, ...]]] = Counter()
    expansions: Counter[str] = Counter()
    level: list[tuple[str, str]] = [(url, "(start)") for url in seeds]
    while level:
        # This level's new links, grouped by URL name and query keys (first shown first), then the sample.
        found: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
        for url, shown_on in level:
            url = urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl()
            if not url or url in seen:
                continue
            seen.add(url)
            found.setdefault(_key(url), []).append((url, shown_on))
        batch: list[tuple[str, str]] = []
        for key, links in found.items():
            picked = _spread(links, max(per_key - checks[key], 0))
            checks[key] += len(picked)
            out.sampled_out += len(links) - len(picked)
            batch += picked
        level = []
        for url, shown_on in batch:
            started = time.perf_counter()
            status, final, response = _get(client, url)
            name = _key(url)[0]
            out.seconds[name] = out.seconds.get(name, 0.0) + time.perf_counter() - started
            out.checked += 1
            if status == 0:
                out.dead.append(f"{url} (on {shown_on}): sent to the login page")
                continue
            if status in (403, 404) or status >= 500:
                out.dead.append(f"{url} (on {shown_on}): {status}")
                continue
            if status != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            name = _key(final)[0]
            expansions[name] += 1
            if expansions[name] > EXPAND_PER_NAME:
                continue
            out.expanded += 1
            for _kind, target in _targets(response.content, "http://testserver" + final):
                if not urlsplit(target).path and not urlsplit(target).query:
                    continue
                reason = _skip_reason(target)
                if reason:
                    out.skipped[reason] += 1
                    continue
                level.append((target, final))
    return out


@dataclass
class City:
    seeds: dict[str, list[str]]  # role -> start pages
    media: Path  # where the city's files (certificates, transcripts) were written


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[City]:
    """The crawl's demo city, built once for this module and wiped after it; each role's start pages."""
    from django.test import override_settings

    from tilik.demo.services import data_present

    media = tmp_path_factory.mktemp("link-crawl-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        present = data_present()
        assert not present, f"the link crawl needs an empty test database, found {present}"
        gc.collect()
        gc.freeze()  # the libraries' objects: out of the collector's reach while the module runs
        try:
            pages, picks = build_site()
            seeds = {role: [reverse("home")] + [ref.url for ref in refs] for role, refs in pages.items()}
            # The coder's own pages come from its home (its interviews): the crawl's picks are not assigned to it.
            seeds["pengode"] = [reverse("home")] + [
                ref.url for ref in signed_in_pages("pengode", picks, {}) if not ref.name.startswith("interviews:")
            ]
            del pages, picks
            gc.collect()
            gc.freeze()  # and the city's
            yield City(seeds=seeds, media=media)
        finally:
            gc.unfreeze()
            wipe()


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ACCOUNTS))
def test_every_link_a_role_is_shown_opens(client: Any, settings: Any, city: City, role: str) -> None:
    from django.contrib.auth import get_user_model

    settings.MEDIA_ROOT = city.media  # the files the city's certificates point at
    client.force_login(get_user_model().objects.get(username=ACCOUNTS[role]))
    client.raise_request_exception = False  # a 500 is reported with its page, not raised
    started = time.perf_counter()
    crawl = crawl_links(client, role, city.seeds[role])
    print(
        f"{role}: {crawl.checked} links requested ({crawl.sampled_out} more of kinds already sampled), "
        f"{crawl.expanded} pages read in {time.perf_counter() - started:.0f} s (slowest: {crawl.slowest()}); "
        f"skipped: {dict(crawl.skipped)}"
    )
    assert crawl.expanded > 3, f"{role}: the crawl read almost no pages ({crawl.expanded})"
    assert not crawl.dead, f"{role}: links and forms shown that do not open:\n" + "\n".join(sorted(crawl.dead))


def test_spread_sample_keeps_the_first_the_last_and_evenly_between() -> None:
    assert _spread(list(range(10)), 4) == [0, 3, 6, 9]
    assert _spread(list(range(3)), 4) == [0, 1, 2]
    assert _spread(list(range(5)), 1) == [0]
    assert _spread(list(range(5)), 0) == []
