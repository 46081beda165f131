"""Browser-test fixtures: Playwright (sync API) driving Debian's Chromium.

We never download a browser (no `playwright install`): the tests drive the
distribution's /usr/bin/chromium, which `make test` installs with apt-get.
Tests here are marked `browser`; `make test` runs them in a separate pytest
process against pytest-django's `live_server`.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("TILIK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container; the sandbox refuses root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no calls home: CI has no internet
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a 64 MB /dev/shm
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser-artifacts"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything in this directory is a browser test, marked or not, so that
    # `-m "not browser"` and `-m browser` split the suite cleanly.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API runs an asyncio event loop in this thread, so Django
    # takes every ORM call made by the test itself (creating users, checking rows)
    # for async code and raises SynchronousOnlyOperation. The test code is still
    # plain synchronous code, so the check is a false alarm while a browser runs.
    # Set here rather than at import, so a run without browser tests keeps the check.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        yield pw
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package (apt-get install chromium) "
            "or set TILIK_CHROMIUM; never `playwright install`.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, object]:
    # Remember each phase's outcome on the item so `page` can tell a failed test.
    report = yield
    setattr(item, f"rep_{call.when}", report)
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    # A fresh context per test: no cookies or storage leak between tests. Indonesian
    # locale, as the users have; Chromium would otherwise send Accept-Language: en-US
    # and Django's LocaleMiddleware would answer in English.
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        # Keep a screenshot and the HTML of a failing page for the CI log.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = ARTIFACTS / request.node.nodeid.replace("/", "_").replace("::", "__")
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            print(f"browser artifacts: {stem}.png / .html")
        except Exception as exc:  # the page may be gone; never mask the real failure
            print(f"could not save browser artifacts: {exc}")
    context.close()
