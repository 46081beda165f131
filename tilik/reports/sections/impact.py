"""Level 4 and the impact on ASN performance and public service, from stored evaluation runs."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports.findings import MEASURED, SIGNIFICANT, Chart, Finding, Section, Table
from tilik.reports.links import link
from tilik.reports.scope import Scope


def installed() -> bool:
    return apps.is_installed("tilik.evaluations") and apps.is_installed("tilik.performance")


def latest_runs(scope: Scope) -> list[Any]:
    """The newest successful run per (plan, indicator) of the plans that evaluate the scope's programmes."""
    from tilik.evaluations.models import EvaluationRun

    runs = (
        EvaluationRun.objects.filter(plan__programs__in=scope.programs, error="", estimate__isnull=False)
        .select_related("plan", "indicator")
        .order_by("plan_id", "indicator_id", "-at", "-id")
        .distinct()
    )
    seen: set[tuple[int, int]] = set()
    out = []
    for run in runs:
        key = (run.plan_id, run.indicator_id)
        if key not in seen:
            seen.add(key)
            out.append(run)
    return out


def _row(run: Any) -> list[str]:
    return [
        run.indicator.name,
        run.get_design_display(),
        fmt.num(run.estimate, 2),
        f"{fmt.num(run.ci_low, 2)} – {fmt.num(run.ci_high, 2)}",
        fmt.pvalue(run.p_value),
        fmt.integer(run.n),
    ]


HEADERS = ["Indikator", "Desain", "Estimasi", "IK 95 %", "p", "n"]


def _absent(section: Section) -> Section:
    section.reason = (
        _("Modul evaluasi dampak belum terpasang.")
        if not installed()
        else _("Belum ada hasil estimasi dampak (rencana evaluasi belum dijalankan) untuk program ini.")
    )
    return section


def results_section(scope: Scope) -> Section:
    section = Section("level4", _("Level 4 — Hasil"))
    if not installed():
        return _absent(section)
    runs = latest_runs(scope)
    if not runs:
        return _absent(section)
    section.status = SIGNIFICANT if any(r.p_value is not None and r.p_value < 0.05 for r in runs) else MEASURED
    section.link = link("evaluations:run", runs[0].pk)
    section.tables.append(
        Table(_("Estimasi dampak per indikator"), [_(h) for h in HEADERS], [_row(r) for r in runs], numeric_from=2)
    )
    for run in runs:
        text = run.interpretation_en if not fmt.is_indonesian() and run.interpretation_en else run.interpretation
        if text:
            section.paragraphs.append(text)
        section.findings.append(
            Finding(
                f"effect:l4:{run.pk}",
                "effect",
                _("Level 4 (%(ind)s, %(design)s): estimasi %(est)s, IK 95 %% %(lo)s – %(hi)s, p = %(p)s.")
                % {
                    "ind": run.indicator.name,
                    "design": run.get_design_display(),
                    "est": fmt.num(run.estimate, 2),
                    "lo": fmt.num(run.ci_low, 2),
                    "hi": fmt.num(run.ci_high, 2),
                    "p": fmt.pvalue(run.p_value),
                },
                {
                    "level": 4,
                    "estimate": run.estimate,
                    "ci_low": run.ci_low,
                    "ci_high": run.ci_high,
                    "p_value": run.p_value,
                    "program": run.plan.name,
                    "run": run.pk,
                },
            )
        )
    best = min(runs, key=lambda r: r.p_value if r.p_value is not None else 1.0)
    section.headline = f"{best.indicator.name}: {fmt.num(best.estimate, 2)} (p = {fmt.pvalue(best.p_value)})"
    series = best.series or {}
    if series.get("periods"):
        section.charts.append(
            Chart(
                "impact_trend",
                _("Tren %(ind)s: peserta dan pembanding") % {"ind": best.indicator.name},
                "line",
                [str(p)[:7] for p in series["periods"]],
                {
                    _("Terlatih"): list(series.get("treated", [])),
                    **({_("Pembanding"): list(series["comparison"])} if series.get("comparison") else {}),
                },
                ylabel=best.indicator.unit_of_measure,
            )
        )
    return section


def impact_section(scope: Scope, ikm: Section) -> Section:
    """Dampak terhadap kinerja ASN (employee indicators) dan pelayanan publik (unit indicators, IKM)."""
    section = Section("impact", _("Dampak terhadap Kinerja ASN dan Pelayanan Publik"))
    if installed():
        runs = latest_runs(scope)
        for kind, title in (("employee", _("Kinerja ASN")), ("unit", _("Pelayanan publik (unit layanan)"))):
            mine = [r for r in runs if r.indicator.entity_kind == kind]
            if mine:
                section.status = MEASURED
                section.tables.append(Table(title, [_(h) for h in HEADERS], [_row(r) for r in mine], numeric_from=2))
    if ikm.measured:
        section.status = MEASURED
        section.paragraphs.append(_("IKM unit layanan: %(h)s.") % {"h": ikm.headline})
    section.subsections.append(ikm)
    if not section.measured:
        section.reason = _("Belum ada data kinerja, waktu layanan puskesmas atau IKM yang dianalisis.")
    return section
