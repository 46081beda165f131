"""One visit per page, two checks: axe-core at 1366 px, and the layout at 1366 px and 360 px.

Each page of tests/browser/pages.py is opened once at 1366 px: axe-core runs (serious and critical
violations kept), the layout is measured and a full-page screenshot saved; the viewport then narrows to
360 px (the page re-flows, no reload) and is measured and photographed again. Screenshots (the whole page,
cut at 6000 px): var/browser-artifacts/layout/<role>/<page>-<width>.png (the role's folder is emptied first).

"Wider than the screen": the document scrolls sideways, or a visible element's box ends beyond the right
edge, except inside an element that scrolls sideways by design (overflow-x auto/scroll, e.g.
.table-responsive). "Clipped": an element that hides its overflow (overflow-x hidden/clip or text-overflow
ellipsis) holding content wider than its box (form controls excepted: their text scrolls inside). Visually
hidden screen-reader text (clip / clip-path / 1-px boxes) is skipped.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, FloatRect, Page

from ..conftest import ARTIFACTS
from ..pages import DemoSite, PageRef, signed_in_context

WIDTHS = (1366, 360)
HEIGHT = {1366: 900, 360: 780}
SHOTS = ARTIFACTS / "layout"
BLOCKING = ("serious", "critical")
MAX_SHOT_HEIGHT = 6000  # px: the top of very long lists is enough to look at, and much faster to render

# Returns at most 8 problems of the current page as [kind, description] (descriptions in Indonesian).
OVERFLOW = """() => {
  const W = document.documentElement.clientWidth;
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > W + 1) problems.push(['halaman', `lebar dokumen ${doc.scrollWidth}px > layar ${W}px`]);
  const visuallyHidden = s => s.clip !== 'auto' || (s.clipPath !== 'none' && s.clipPath !== '');
  const invisible = (s, r) => s.visibility === 'hidden' || (r.width <= 1 && r.height <= 1);
  const scrollsSideways = s => s.overflowX === 'auto' || s.overflowX === 'scroll';
  const label = el => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '';
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const walk = (el, insideScroller, insideReported) => {
    for (const child of el.children) {
      const s = getComputedStyle(child);
      if (s.display === 'none' || visuallyHidden(s)) continue;
      const r = child.getBoundingClientRect();
      let reported = insideReported;
      if (!invisible(s, r) && !insideScroller && !insideReported && r.right > W + 1) {
        problems.push(['lebar', `${label(child)} sampai ${Math.round(r.right)}px > ${W}px`]);
        reported = true;
      }
      const control = ['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(child.tagName);
      const clips = s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis';
      if (!invisible(s, r) && !control && clips && child.scrollWidth > child.clientWidth + 1) {
        problems.push(['terpotong', `${label(child)} isi ${child.scrollWidth}px dalam ${child.clientWidth}px`]);
      }
      walk(child, insideScroller || scrollsSideways(s), reported);
    }
  };
  walk(document.body, false, false);
  return problems.slice(0, 8);
}"""


@dataclass
class RoleCrawl:
    role: str
    axe: dict[tuple[str, str], str] = field(default_factory=dict)  # (URL name, axe rule) -> where
    layout: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (URL name, width) -> problems
    not_pages: list[str] = field(default_factory=list)  # listed pages that did not open as HTML 200
    seconds: list[tuple[float, str]] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # where the time went: load, axe, layout, shots

    def clock(self, phase: str, started: float) -> float:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - started
        return now

    def timing(self) -> str:
        total = sum(s for s, _u in self.seconds)
        slowest = ", ".join(f"{url} {s:.1f}s" for s, url in sorted(self.seconds)[-5:])
        phases = ", ".join(f"{phase} {s:.0f} s" for phase, s in self.phases.items())
        return f"{self.role}: {len(self.seconds)} pages in {total:.0f} s ({phases}; slowest: {slowest})"


def _describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(" ".join(map(str, n["target"])) for n in nodes[:3])
    more = f" (+{len(nodes) - 3})" if len(nodes) > 3 else ""
    return f"{violation['impact']}: {violation['help']} — {where}{more}"


class Crawler:
    """Crawls each role once (on first request) and keeps the result for both tests."""

    def __init__(self, site: DemoSite, browser: Browser) -> None:
        self.site = site
        self.browser = browser
        self.axe = Axe()
        self._done: dict[str, RoleCrawl] = {}

    def result(self, role: str) -> RoleCrawl:
        if role not in self._done:
            self._done[role] = self._crawl(role)
        return self._done[role]

    def _crawl(self, role: str) -> RoleCrawl:
        out = RoleCrawl(role)
        shots = SHOTS / role
        shutil.rmtree(shots, ignore_errors=True)
        shots.mkdir(parents=True)
        context = signed_in_context(self.browser, self.site, role)
        page = context.new_page()
        try:
            for ref in self.site.pages[role]:
                started = time.perf_counter()
                self._visit(page, ref, out)
                out.seconds.append((time.perf_counter() - started, ref.url))
        finally:
            context.close()
        print(out.timing())
        return out

    def _visit(self, page: Page, ref: PageRef, out: RoleCrawl) -> None:
        first, *others = WIDTHS
        page.set_viewport_size({"width": first, "height": HEIGHT[first]})
        t = time.perf_counter()
        try:
            response = page.goto(self.site.url + ref.url)
        except Exception as exc:  # e.g. "Download is starting": a file, not a page
            out.not_pages.append(f"{ref.name} {ref.url}: {str(exc).splitlines()[0]}")
            return
        kind = (response.headers.get("content-type") or "") if response else ""
        if response is None or response.status != 200 or "text/html" not in kind:
            out.not_pages.append(f"{ref.name} {ref.url}: {response and response.status} {kind}")
            return
        t = out.clock("load", t)
        for violation in self.axe.run(page).response["violations"]:
            if violation["impact"] in BLOCKING:
                out.axe[(ref.name, violation["id"])] = f"{ref.url} {_describe(violation)}"
        t = out.clock("axe", t)
        for width in (first, *others):
            if width != first:
                page.set_viewport_size({"width": width, "height": HEIGHT[width]})
            problems = page.evaluate(OVERFLOW)
            if problems:
                out.layout[(ref.name, width)] = [f"{ref.url} {what}: {text}" for what, text in problems]
            t = out.clock("layout", t)
            tall = min(page.evaluate("document.documentElement.scrollHeight"), MAX_SHOT_HEIGHT)
            clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": tall}
            page.screenshot(path=SHOTS / out.role / f"{ref.slug}-{width}.png", full_page=True, clip=clip)
            t = out.clock("shots", t)
