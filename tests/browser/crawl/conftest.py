"""The crawl's fixtures: one demo city and one visit per page for the whole package (axe and layout).

Package scope: the city is built once (about a minute) for test_a11y.py and test_layout.py together and
wiped when the package is done, before any other browser test runs. The tests are marked plain
``django_db`` (see tests/browser/pages.py serve_demo), never ``transactional_db``/``live_server``, which
would flush the city after the first test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from ..pages import DemoSite, serve_demo
from .crawler import Crawler


@pytest.fixture(scope="package")
def site(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoSite]:
    yield from serve_demo(django_db_blocker)


@pytest.fixture(scope="package")
def crawler(site: DemoSite, browser: Browser) -> Crawler:
    return Crawler(site, browser)
