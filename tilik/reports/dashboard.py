"""The Beranda dashboard: the year's headline numbers, each with the page it comes from, and charts.

Reads only. The sections are the report's own (one source for both); the result is cached per scope and
per data version (the newest audit event id of a write: every service write records one), so a repeated view is fast
and any write makes the next view fresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tilik.core import charts, fmt
from tilik.core.models import AuditEvent
from tilik.programs.models import Offering
from tilik.reports.findings import Chart, Section
from tilik.reports.scope import Scope
from tilik.reports.sections import impact, participation, surveys, trust

CACHE_SECONDS = 600


@dataclass
class Tile:
    label: str
    value: str
    link: str
    note: str = ""
    coverage: str = ""  # what the number covers: the viewer's units, or the whole pemda
    figure: str = ""  # the card's number when the section gives one (Section.figure); else lifted from value
    caption: str = ""  # what that number counts


@dataclass
class Dashboard:
    tiles: list[Tile]
    charts: list[tuple[Chart, str]] = field(default_factory=list)  # with their inline SVG markup
    absent: list[Section] = field(default_factory=list)
    coverage: str = ""  # one sentence: which numbers are limited to the viewer's units and which are not


# Sections whose data are filtered by the viewer's units; every other section is per programme (pemda-wide).
BY_UNIT = frozenset({"participation", "jp", "ikm", "citra"})


def _key(scope: Scope) -> str:
    # Reads that are audited (logins, downloads, exports) do not change the data: ignore them.
    # Newest first by primary key: stops at the first write instead of scanning the whole (growing) log.
    writes = AuditEvent.objects.exclude(action__startswith="auth.").exclude(action__startswith="report.")
    version = writes.exclude(action="data.export").order_by("-id").values_list("id", flat=True).first() or 0
    units = "all" if scope.units is None else ",".join(str(pk) for pk in scope.units.values_list("pk", flat=True))
    program = scope.program.pk if scope.program is not None else "-"
    return f"tilik:dash:{version}:{scope.year}:{program}:{hash(units)}:{int(scope.suppress)}:{get_language()}"


def dashboard(scope: Scope) -> Dashboard:
    key = _key(scope)
    cached = cache.get(key)
    if cached is None:
        cached = _build(scope)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _tile(section: Section, label: str, fallback: str = "", scope: Scope | None = None) -> Tile:
    if not section.measured:
        value = section.absent_title
    else:
        value = section.headline or "–"
    coverage = scope.coverage(by_unit=section.key in BY_UNIT) if scope is not None else ""
    # Links are resolved here, once, and cached with the dashboard (not on every page view).
    link = str(section.link) or fallback
    if section.measured and section.figure is not None:
        figure = section.figure
        return Tile(label, value, link, figure.compare, coverage, figure=figure.value, caption=figure.label)
    return Tile(label, value, link, "" if section.measured else section.reason, coverage)


def _coverage_sentence(scope: Scope, tiles: list[Tile]) -> str:
    if scope.units is None:
        return ""
    own = ", ".join(t.label for t in tiles if t.coverage == scope.coverage(by_unit=True))
    return _("%(tiles)s: %(unit)s. Angka lain mencakup seluruh pemda, karena dihitung per program, bukan per unit.") % {
        "tiles": own,
        "unit": scope.coverage(by_unit=True),
    }


def _build(scope: Scope) -> Dashboard:
    part = participation.participation_section(scope)
    jp = participation.jp_section(scope)
    budget = participation.budget_section(scope)
    l1, l2 = surveys.reaction_section(scope), surveys.learning_section(scope)
    l4 = impact.results_section(scope)
    ikm = surveys.ikm_section(scope)
    index = reverse("reports:index") + f"?tahun={scope.year}"
    tiles = [
        Tile(
            _("Program"),
            fmt.integer(len(scope.programs)),
            index,
            _("%(n)s angkatan") % {"n": fmt.integer(Offering.objects.filter(program__in=scope.programs).count())},
            coverage=scope.coverage(by_unit=False),
            figure=fmt.integer(len(scope.programs)),
            caption=_("program tahun anggaran %(y)s") % {"y": scope.year},
        ),
        _tile(part, _("Partisipasi"), index, scope),
        _tile(jp, _("Kepatuhan 20 JP"), scope=scope),
        _tile(l1, _("Kepuasan peserta (Level 1)"), scope=scope),
        _tile(l2, _("Hasil belajar (Level 2)"), scope=scope),
        _tile(l4, _("Dampak (Level 4)"), scope=scope),
        _tile(budget, _("Serapan anggaran"), scope=scope),
        _tile(ikm, _("IKM unit layanan"), scope=scope),
        _tile(trust.trust_section(scope, estimates=False), _("Citra dan kepercayaan publik"), scope=scope),
    ]
    drawn = []
    for s in (part, budget, l2, l4, ikm):
        for c in s.charts:
            # The caption says what the chart covers, since a unit head's charts are not all limited to the unit.
            if scope.units is not None:
                c = replace(c, caption=f"{c.caption} — {scope.coverage(by_unit=s.key in BY_UNIT)}")
            drawn.append((c, charts.svg_markup(c)))
    absent = [s for s in (l1, l2, l4, ikm) if not s.measured]
    return Dashboard(tiles, drawn, absent, coverage=_coverage_sentence(scope, tiles))


def opd_choices(scope_units: Any) -> list[Any]:
    """Depth-1 units (OPD) the viewer may pick."""
    from tilik.org.models import Unit

    qs = Unit.objects.filter(depth=1).order_by("name")
    if scope_units is not None:
        qs = qs.filter(pk__in=scope_units.values("pk"))
    return list(qs)
