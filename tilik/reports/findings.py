"""The report's building blocks: plain dataclasses that section selectors fill and presenters render.

Everything a renderer prints is already a formatted string (numbers in the active language's format);
renderers never compute. A section whose data is absent keeps its place with ``status = NOT_MEASURED``
and a ``reason``, so the report says "Belum diukur" instead of dropping the section.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tilik.core.charts import Chart  # drawn by tilik.core.charts; sections build them alongside tables

NOT_MEASURED = "not_measured"
MEASURED = "measured"
SIGNIFICANT = "significant"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    numeric_from: int = 1  # columns from this index are right-aligned


@dataclass
class Figure:
    """A dashboard card's figure: the number, what it counts and what it is compared with, all formatted from
    the same stored results as the section's tables (so the card and the report agree)."""

    value: str
    label: str
    compare: str = ""


@dataclass
class Quote:
    text: str
    attribution: str  # role and unit type, never a name
    code: str = ""


@dataclass
class Finding:
    """One fact a recommendation can rest on. ``kind`` selects the rule; ``data`` carries its numbers."""

    key: str
    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Section:
    key: str
    title: str
    status: str = NOT_MEASURED
    reason: str = ""
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    link: str = ""
    headline: str = ""  # one line for the programme page / dashboard
    figure: Figure | None = None  # the dashboard card's number when the headline is a sentence
    subsections: list[Section] = field(default_factory=list)
    # What an absent section is called above its reason: "Belum diukur" unless the data exist but the
    # attribution guard cannot credit them yet ("Belum dapat dievaluasi").
    absent_label: str = ""

    @property
    def measured(self) -> bool:
        return self.status != NOT_MEASURED

    @property
    def absent_title(self) -> str:
        from django.utils.translation import gettext

        return self.absent_label or gettext("Belum diukur")


@dataclass
class Recommendation:
    key: str
    rule: str
    text: str
    finding_key: str
    finding_text: str


@dataclass
class Verdict:
    """One programme's single decision from the documented decision table (docs/panduan-laporan.md).

    Filled by tilik.reports.recommendations; rendered in the Ringkasan Eksekutif and the recommendations.
    """

    program: str  # the programme's name as printed
    # stable key: "expand", "continue", "improve_delivery", "collect_data", "redesign" or "not_evaluable"
    code: str
    label: str  # the verdict as printed, e.g. "Lanjutkan dan perluas"
    rule: str  # the decision-table row it comes from, e.g. "K1"
    reason: str  # the findings it rests on, formatted for the reader
    actions: list[str] = field(default_factory=list)  # budget/participation actions; never contradict the verdict
    # The same actions as editable recommendations (key, rule A1-A4, text, finding): ``actions`` is printed.
    action_items: list[Recommendation] = field(default_factory=list)


@dataclass
class Kop:
    """The letterhead (kop surat) and approval page (lembar pengesahan) as printed; see models.Letterhead."""

    pemda: str
    instansi: str
    address: str
    contact: str  # "Telp. … · Surel … · Laman …"
    logo: bytes | None = None
    logo_type: str = ""  # "image/png" or "image/jpeg"
    number: str = ""
    place_date: str = ""  # "Denpasar, 7 Desember 2026"
    signer_name: str = ""
    signer_nip: str = ""  # printed form, "19700101 199503 1 001"
    signer_position: str = ""
    signer_rank: str = ""
    configured: bool = False  # False: nothing set in Laporan → Kop dan pengesahan; the pages show blanks


@dataclass
class ExecutiveSummary:
    """The Ringkasan Eksekutif: findings picked by the documented rule (tilik.reports.sections.front)."""

    findings: list[str]
    budget: list[str]
    no_verdict: str = ""  # said plainly when no programme could be evaluated
    verdicts: list[Verdict] = field(default_factory=list)  # the evaluable programmes' verdicts
    not_evaluable: str = ""  # one line naming the programmes that cannot be evaluated yet (keeps one page)


@dataclass
class Report:
    title: str
    subtitle: str
    region: str
    year: int
    program: Any  # Program or None for a portfolio report
    generated_on: dt.date
    lang: str
    scope_label: str
    suppressed: bool
    sections: list[Section]
    recommendations: list[Recommendation] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    conclusion: list[str] = field(default_factory=list)
    snapshot: list[tuple[str, str]] = field(default_factory=list)
    kop: Kop | None = None
    summary: ExecutiveSummary | None = None
    data_as_of: dt.date | None = None

    def section(self, key: str) -> Section:
        for s in self.all_sections():
            if s.key == key:
                return s
        raise KeyError(key)

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for s in self.sections:
            out.append(s)
            out.extend(s.subsections)
        return out

    def table_rows(self) -> int:
        """Rows in all tables: the size recorded when the report is exported."""
        return sum(len(t.rows) for s in self.all_sections() for t in s.tables)

    def findings(self) -> list[Finding]:
        return [f for s in self.all_sections() for f in s.findings]
