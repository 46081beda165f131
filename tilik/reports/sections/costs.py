"""Budget (absorption, over-spend) and Level 5 ROI sections of the report.

Absorption is judged only once every angkatan of a programme has ended; a programme that has not started
shows "belum dimulai", never 0 %. ROI follows the ROI rule (tilik.evaluations.selectors_roi): no point value
without a credible primary effect, and then the reason.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports.findings import MEASURED, Chart, Figure, Finding, Section, Table
from tilik.reports.links import link
from tilik.reports.scope import Scope


def budget_rows(scope: Scope) -> list[Any]:
    from tilik.programs.selectors_budget import budget_overview

    names = {p.pk for p in scope.programs}
    return [
        r
        for r in budget_overview(scope.year, low_pct=settings.TILIK_LOW_ABSORPTION_PCT)
        if r.program.pk in names and r.pagu > 0
    ]


def _absorption_cell(r: Any) -> str:
    if r.state == "not_started":
        return _("belum dimulai")
    text = fmt.pct(r.absorption_pct)
    return text + " " + _("(berjalan)") if r.state == "running" else text


def budget_section(scope: Scope) -> Section:
    section = Section("budget", _("Anggaran"), link=link("programs:budget", query=f"?tahun={scope.year}"))
    rows = budget_rows(scope)
    if not rows:
        section.reason = _("Belum ada pagu anggaran untuk program ini.")
        return section
    section.status = MEASURED
    pagu = sum(r.pagu for r in rows)
    real = sum(r.realisasi for r in rows)
    absorption = float(real / pagu * 100) if pagu else None
    section.headline = _("serapan %(pct)s") % {"pct": fmt.pct(absorption)}
    section.figure = Figure(
        fmt.pct(absorption),
        _("serapan anggaran"),
        _("realisasi %(real)s dari pagu %(pagu)s") % {"real": fmt.rupiah(real), "pagu": fmt.rupiah(pagu)},
    )
    section.paragraphs.append(
        _("Pagu %(pagu)s, realisasi %(real)s: serapan %(pct)s.")
        % {"pagu": fmt.rupiah(pagu), "real": fmt.rupiah(real), "pct": fmt.pct(absorption)}
    )
    waiting = [r.program.name for r in rows if r.state != "ended"]
    if waiting:
        section.paragraphs.append(
            _(
                "Serapan %(p)s belum dinilai karena angkatannya belum dimulai atau masih berjalan; "
                "program yang belum dimulai tidak dihitung 0 %%."
            )
            % {"p": ", ".join(waiting)}
        )
    section.tables.append(
        Table(
            _("Pagu dan realisasi per program"),
            [_("Program"), _("Pagu"), _("Realisasi"), _("Serapan"), _("Baris melebihi pagu")],
            [
                [
                    r.program.name,
                    fmt.rupiah(r.pagu),
                    fmt.rupiah(r.realisasi),
                    _absorption_cell(r),
                    fmt.integer(r.over_lines) if r.over_lines else "–",
                ]
                for r in rows
            ],
            note=scope.citywide_note(),  # budgets are per programme: pemda-wide even for a unit head
        )
    )
    judged = [r for r in rows if r.state == "ended"]
    if judged:
        section.charts.append(
            Chart(
                "absorption",
                _("Serapan anggaran per program (angkatan selesai)"),
                "barh",
                [r.program.name for r in judged],
                {_("Serapan (%)"): [r.absorption_pct for r in judged]},
                ylabel="%",
                reference=float(settings.TILIK_LOW_ABSORPTION_PCT),
            )
        )
    for r in rows:
        if r.state == "ended":
            section.findings.append(
                Finding(
                    f"absorption:{r.program.slug}",
                    "absorption",
                    _("Serapan anggaran %(name)s %(pct)s (realisasi %(real)s dari pagu %(pagu)s).")
                    % {
                        "name": r.program.name,
                        "pct": fmt.pct(r.absorption_pct),
                        "real": fmt.rupiah(r.realisasi),
                        "pagu": fmt.rupiah(r.pagu),
                    },
                    {"program": r.program.name, "program_id": r.program.pk, "pct": r.absorption_pct, "final": True},
                )
            )
        if r.over_lines:
            section.findings.append(
                Finding(
                    f"overspend:{r.program.slug}",
                    "overspend",
                    _("%(name)s: %(n)s baris anggaran direalisasikan melebihi pagunya.")
                    % {"name": r.program.name, "n": fmt.integer(r.over_lines)},
                    {"program": r.program.name, "program_id": r.program.pk, "lines": r.over_lines},
                )
            )
    return section


def roi_section(scope: Scope) -> Section:
    from tilik.evaluations.selectors_budget import program_budget
    from tilik.programs.roi_text import roi_lines

    section = Section("roi", _("Level 5 — ROI"), link=link("programs:budget", query=f"?tahun={scope.year}"))
    budgets = [program_budget(p) for p in scope.programs]
    budgets = [b for b in budgets if b.assumption is not None and b.realisasi > 0]
    if not budgets:
        section.reason = _("Belum ada asumsi manfaat (Phillips) dan realisasi biaya untuk menghitung ROI.")
        return section
    section.status = MEASURED
    rows = []
    concluded = 0
    for b in budgets:
        lines = roi_lines(b)
        roi = b.roi if b.roi is not None and b.roi.concluded else None
        if roi is None:
            rows.append([b.program.name, fmt.rupiah(b.full_cost), "–", _("tidak dapat disimpulkan"), "–"])
            section.paragraphs.append(f"{b.program.name}: {lines.reason}")
            continue
        concluded += 1
        rows.append(
            [
                b.program.name,
                fmt.rupiah(b.full_cost),
                fmt.rupiah(roi.benefit_per_beneficiary),
                f"{fmt.pct(roi.roi_pct)} ({fmt.pct(roi.roi_low)} – {fmt.pct(roi.roi_high)})",
                f"{fmt.num(roi.bcr, 2)} ({fmt.num(roi.bcr_low, 2)} – {fmt.num(roi.bcr_high, 2)})",
            ]
        )
        section.paragraphs.extend(f"{b.program.name}: {t}" for t in (lines.conversion, lines.per_asn, lines.costs))
    section.tables.append(
        Table(
            _("ROI Phillips per program (rentang dari interval kepercayaan efek dan rentang biaya)"),
            [_("Program"), _("Biaya penuh"), _("Manfaat per ASN per tahun"), _("ROI"), _("BCR")],
            rows,
            note=_(
                "Biaya penuh = realisasi + waktu kerja peserta di kelas. ROI hanya dihitung dari efek indikator "
                "utama yang interval kepercayaannya tidak memuat nol; manfaat tak berwujud dilaporkan terpisah."
            ),
        )
    )
    if len(budgets) == 1:
        b = budgets[0]
        if b.roi is not None and b.roi.concluded:
            section.headline = _("ROI %(roi)s (rentang %(lo)s – %(hi)s)") % {
                "roi": fmt.pct(b.roi.roi_pct),
                "lo": fmt.pct(b.roi.roi_low),
                "hi": fmt.pct(b.roi.roi_high),
            }
        else:
            section.headline = _("ROI tidak dapat disimpulkan")
    else:
        section.headline = _("%(n)s dari %(m)s program dengan ROI yang dapat disimpulkan") % {
            "n": concluded,
            "m": len(budgets),
        }
    return section
