"""Every page an evaluator, a unit head, a regional head and a peserta can reach, and the public and token
survey pages, at 1366 px (office PC) and 360 px (phone): nothing wider than the screen, no clipped text
(issue 17). Screenshots of each page at both widths are kept as test artefacts:
var/browser-artifacts/layout/<role>/<page>-<width>.png. What counts as too wide or clipped: crawler.py.
"""

from __future__ import annotations

import pytest

from ..pages import CRAWLED_ROLES
from .crawler import Crawler

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# (role, URL name, width) that still overflow because of the shared base template or theme, which another
# change owns; the test asserts each STILL fails, so a fix turns it red until the entry is removed.
KNOWN_FAILURES: frozenset[tuple[str, str, int]] = frozenset()


@pytest.mark.parametrize("role", CRAWLED_ROLES)
def test_nothing_wider_than_the_screen(crawler: Crawler, role: str) -> None:
    crawl = crawler.result(role)
    assert not crawl.not_pages, "pages in the crawl that did not open as HTML:\n" + "\n".join(crawl.not_pages)
    found = {(role, name, width): lines for (name, width), lines in crawl.layout.items()}
    known = {key for key in KNOWN_FAILURES if key[0] == role}
    new = {key: lines for key, lines in found.items() if key not in known}
    assert not new, f"{role}: pages wider than the screen or with clipped text:\n" + "\n".join(
        f"{name} @{width}px\n    " + "\n    ".join(lines) for (_r, name, width), lines in sorted(new.items())
    )
    fixed = sorted(known - set(found))
    assert not fixed, f"{role}: these pages fit now; remove them from KNOWN_FAILURES: {fixed}"
