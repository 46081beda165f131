"""Level 3 from interviews: starred quotes (role and unit type, never a name) and code frequencies."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports import links
from tilik.reports.findings import MEASURED, Quote, Section, Table
from tilik.reports.scope import Scope
from tilik.reports.sections.surveys import behaviour_survey_rows

MAX_QUOTES = 12


def installed() -> bool:
    return apps.is_installed("tilik.interviews")


def _codebooks(scope: Scope) -> list[Any]:
    from tilik.interviews.models import Codebook

    return list(
        Codebook.objects.filter(
            Q(program__in=scope.programs) | Q(segments__transcript__interview__programs__in=scope.programs)
        )
        .distinct()
        .order_by("name")
    )


def behaviour_section(scope: Scope) -> Section:
    section = Section("level3", _("Level 3 — Perilaku"))
    rows = behaviour_survey_rows(scope, section)
    if rows:
        section.status = MEASURED
        section.tables.append(
            Table(
                _("Penilaian perilaku (360°) per konstruk"),
                [_("Gelombang"), _("n"), _("Konstruk"), _("Rata-rata"), _("Alfa Cronbach")],
                rows,
                numeric_from=3,
            )
        )
    if installed():
        _interviews(scope, section)
    if not section.measured:
        section.reason = _("Belum ada survei perilaku 360° atau wawancara berkode untuk program ini.")
    return section


def _interviews(scope: Scope, section: Section) -> None:
    from tilik.interviews.models import Interview, Segment
    from tilik.interviews.selectors import attribution
    from tilik.interviews.selectors_analysis import code_frequency

    interviews = Interview.objects.filter(programs__in=scope.programs).distinct()
    if scope.units is not None:
        interviews = interviews.filter(unit__in=scope.units)
    n_interviews = interviews.count()
    if not n_interviews:
        return
    section.status = MEASURED
    section.link = links.first(section.link, "interviews:list")
    section.paragraphs.append(
        _("%(n)s wawancara dengan pimpinan, atasan langsung dan alumni dianalisis dengan pengodean tematik.")
        % {"n": fmt.integer(n_interviews)}
    )
    starred = (
        Segment.objects.filter(starred=True, transcript__interview__in=interviews)
        .select_related("transcript__interview__unit")
        .prefetch_related("codes")
        .order_by("transcript__interview__code", "start", "id")[:MAX_QUOTES]
    )
    for seg in starred:
        codes = ", ".join(c.name for c in seg.codes.all())
        section.quotes.append(Quote(seg.quote.strip(), attribution(seg.transcript.interview), codes))
    for codebook in _codebooks(scope):
        table = code_frequency(codebook)
        rows = [
            [("  " * r.depth) + r.code.name, fmt.integer(r.segments), fmt.integer(r.interviews)]
            for r in table.rows
            if r.segments
        ]
        if rows:
            rows.sort(key=lambda row: -int(row[2].replace(".", "").replace(",", "") or 0))
            section.tables.append(
                Table(
                    _("Frekuensi kode tematik — %(cb)s (%(n)s wawancara)")
                    % {"cb": codebook.name, "n": fmt.integer(table.n_interviews)},
                    [_("Kode"), _("Segmen"), _("Wawancara")],
                    rows[:15],
                )
            )
