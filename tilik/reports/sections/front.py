"""The report's front matter: kop surat, lembar pengesahan and the Ringkasan Eksekutif.

The executive summary picks its findings by one fixed rule (documented in docs/panduan-laporan.md,
"Ringkasan Eksekutif") so that what a Sekda reads first never depends on who ran the report:

1. effect estimates (Level 4 before Level 2) whose 95 % CI excludes zero, smallest p first, one per
   programme and level (a programme's several test waves would otherwise fill the list);
2. then the findings the recommendations cite, in the recommendations' order;
3. then, while fewer than three, the headline of each measured section (Levels 1–5, impact, budget,
   participation …), in report order.

Each finding is printed once; at most five. The verdicts are printed as the decision table gave them
(programmes that cannot be evaluated yet are named on one line, their reasons stay in the Rekomendasi
chapter, so the summary keeps to one page); the budget message is the budget section's statement plus
the recommendations that rest on an absorption finding and the verdicts' budget actions (A2 absorption,
A3 overspend, A4 more seats).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports.findings import ExecutiveSummary, Finding, Kop, Report

MIN_FINDINGS = 3
MAX_FINDINGS = 5
BUDGET_ACTIONS = ("A2", "A3", "A4")  # the decision table's absorption, overspend and scale-up actions
EFFECT_LEVELS = (4, 2)  # outcome before learning: the order a Sekda reads a programme's value in


def _excludes_zero(f: Finding) -> bool:
    lo, hi = f.data.get("ci_low"), f.data.get("ci_high")
    return lo is not None and hi is not None and not (lo <= 0 <= hi)


def _p(f: Finding) -> float:
    p = f.data.get("p_value")
    return 1.0 if p is None else float(p)


def summary_findings(report: Report) -> list[str]:
    """The 3–5 findings of the Ringkasan Eksekutif, by the rule in the module docstring."""
    findings = report.findings()
    chosen: list[str] = []

    def add(text: str) -> None:
        if text and text not in chosen and len(chosen) < MAX_FINDINGS:
            chosen.append(text)

    effects = [f for f in findings if f.kind == "effect" and f.data.get("level") in EFFECT_LEVELS]
    effects = [f for f in effects if _excludes_zero(f)]
    effects.sort(key=lambda f: (-int(f.data["level"]), _p(f)))
    seen: set[tuple[int, str]] = set()
    for f in effects:
        key = (int(f.data["level"]), str(f.data.get("program", f.key)))
        if key not in seen:
            seen.add(key)
            add(f.text)
    for rec in report.recommendations:
        add(rec.finding_text)
    for s in report.all_sections():
        if s.measured and s.headline and len(chosen) < MIN_FINDINGS:
            add(f"{s.title}: {s.headline}.")
    return chosen


def _has(report: Report, key: str) -> bool:
    try:
        report.section(key)
    except KeyError:
        return False
    return True


def budget_message(report: Report) -> list[str]:
    out: list[str] = []
    if _has(report, "budget"):
        budget = report.section("budget")
        if budget.measured:
            out.extend(budget.paragraphs[:1])
        else:
            out.append(_("Anggaran: belum diukur. %(why)s") % {"why": budget.reason})
    absorption = {f.key for f in report.findings() if f.kind == "absorption"}
    out.extend(rec.text for rec in report.recommendations if rec.finding_key in absorption)
    for verdict in report.verdicts:
        out.extend(item.text for item in verdict.action_items if item.rule in BUDGET_ACTIONS)
    return list(dict.fromkeys(out))


def executive_summary(report: Report) -> ExecutiveSummary:
    summary = ExecutiveSummary(findings=summary_findings(report), budget=budget_message(report))
    evaluable = [v for v in report.verdicts if v.code != "not_evaluable"]
    if not report.verdicts:
        summary.no_verdict = _(
            "Belum ada program yang dapat diberi keputusan menurut tabel keputusan: hasil yang tersimpan belum "
            "cukup untuk menilai program mana pun."
        )
    elif not evaluable:
        summary.no_verdict = _(
            "Tidak satu pun program dapat dievaluasi dengan tabel keputusan."
        )
    summary.verdicts = evaluable
    waiting = [v.program for v in report.verdicts if v.code == "not_evaluable"]
    if waiting:
        summary.not_evaluable = _(
            "Belum dapat dievaluasi (%(n)s program): %(names)s. Alasannya tercantum per program di bab Rekomendasi."
        ) % {"n": len(waiting), "names": ", ".join(waiting)}
    if not summary.findings:
        summary.findings = [_("Belum ada temuan terukur untuk laporan ini.")]
    return summary


def nip_printed(nip: str) -> str:
    """The NIP as it is printed under a signature: 19700101 199503 1 001."""
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def kop(region: str, *, today: Any) -> Kop:
    """The stored letterhead (Laporan → Kop dan pengesahan) for printing; blanks when none is set."""
    from tilik.reports.models import Letterhead

    row = Letterhead.objects.first()
    if row is None:
        return Kop(pemda=region, instansi="", address="", contact="", place_date="")
    contact = [
        text % value
        for text, value in (
            (_("Telp. %s"), row.phone),
            (_("Surel %s"), row.email),
            (_("Laman %s"), row.website),
        )
        if value
    ]
    logo, logo_type = None, ""
    if row.logo:
        try:
            with row.logo.open("rb") as fh:
                logo = fh.read()
        except OSError:
            logo = None
        if logo:
            logo_type = "image/png" if logo.startswith(b"\x89PNG") else "image/jpeg"
    return Kop(
        pemda=row.pemda,
        instansi=row.instansi,
        address=row.address,
        contact=" · ".join(contact),
        logo=logo,
        logo_type=logo_type,
        number=row.number,
        place_date=f"{row.place}, {fmt.date(row.signed_on or today)}",
        signer_name=row.signer_name,
        signer_nip=nip_printed(row.signer_nip),
        signer_position=row.signer_position,
        signer_rank=row.signer_rank,
        configured=True,
    )
