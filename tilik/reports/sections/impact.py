"""Level 4 and the impact on ASN performance and public service, from stored evaluation runs."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports.findings import MEASURED, SIGNIFICANT, Chart, Figure, Finding, Section, Table
from tilik.reports.links import link
from tilik.reports.scope import Scope


def installed() -> bool:
    return apps.is_installed("tilik.evaluations") and apps.is_installed("tilik.performance")


def attribution(scope: Scope) -> Any:
    """The scope's runs split by the attribution guard (tilik.evaluations.selectors_attribution)."""
    from tilik.evaluations.selectors_attribution import attributed_runs

    return attributed_runs(scope.programs)


HEADERS = ["Indikator", "Desain", "Estimasi", "IK 95 %", "p", "Terlatih", "n analisis"]


def _row(checked: Any) -> list[str]:
    from tilik.evaluations.reading import n_text

    run = checked.run
    counted = _("%(n)s unit") if run.indicator.entity_kind == "unit" else _("%(n)s peserta")
    return [
        f"{run.indicator.name} ({run.indicator.unit_of_measure})",
        run.get_design_display(),
        fmt.num(run.estimate, 2),
        f"{fmt.num(run.ci_low, 2)} – {fmt.num(run.ci_high, 2)}",
        fmt.pvalue(run.p_value),
        counted % {"n": fmt.integer(checked.counted)},
        n_text(run),
    ]


def _table(title: str, checked: list[Any]) -> Table:
    return Table(
        title,
        [_(h) for h in HEADERS],
        [_row(c) for c in checked],
        numeric_from=2,
        note=_(
            "Terlatih: peserta (atau unit layanan) dari angkatan program ini yang hasilnya teramati sesudah "
            "pelatihan; n analisis: yang dihitung oleh metode estimasi."
        ),
    )


def _absent(section: Section, blocked: list[Any] | None = None) -> Section:
    if not installed():
        section.reason = _("Modul evaluasi dampak belum terpasang.")
    elif blocked:
        from django.utils.text import capfirst

        from tilik.evaluations.selectors_attribution import why

        # The section's title says "Belum dapat dievaluasi"; the reason gives the cause alone.
        section.reason = capfirst("; ".join(dict.fromkeys(why(b.reason) for b in blocked)))
        section.absent_label = _("Belum dapat dievaluasi")  # estimates exist; the guard says why not yet
    else:
        section.reason = _("Belum ada hasil estimasi dampak (rencana evaluasi belum dijalankan) untuk program ini.")
    return section


def _blocked_paragraphs(blocked: list[Any]) -> list[str]:
    """Why an estimate of a plan covering the scope is not credited to it (no number)."""
    out = []
    for b in blocked:
        out.append(
            _("%(ind)s (%(plan)s): %(why)s.") % {"ind": b.run.indicator.name, "plan": b.run.plan.name, "why": b.reason}
        )
    return out


def credited_programs(checked: Any) -> list[str]:
    """The programmes an estimate is credited to: those of the angkatan it counts (the plan's name is not one)."""
    from tilik.programs.models import Offering

    ids = [c.offering_id for c in checked.cohorts if c.counted]
    rows = Offering.objects.filter(pk__in=ids).order_by("program__name").values_list("program__name", flat=True)
    return list(dict.fromkeys(rows)) or [checked.run.plan.name]


def _estimate_figure(run: Any, n_runs: int) -> Figure:
    """The card's figure: the headline's estimate with its unit; the comparison says against what, its 95 % CI
    and p, and whether the data can tell it apart from zero (never "no effect")."""
    from tilik.evaluations.estimation import against

    parts = [against(run.design)]
    if run.ci_low is not None and run.ci_high is not None:
        parts.append(_("IK 95 %% %(lo)s – %(hi)s") % {"lo": fmt.num(run.ci_low, 2), "hi": fmt.num(run.ci_high, 2)})
    if run.p_value is not None:
        parts.append(fmt.p_text(run.p_value))
        clear: bool | None = run.p_value < 0.05
    elif run.ci_low is not None and run.ci_high is not None:
        clear = not run.ci_low <= 0 <= run.ci_high
    else:
        clear = None  # neither p nor an interval: the card says nothing about significance
    if clear is False:
        parts.append(_("belum dapat dibedakan dari nol"))
    elif clear:
        parts.append(_("membaik") if (run.estimate < 0) == (run.indicator.direction == "lower") else _("memburuk"))
    compare = "; ".join(parts)
    if n_runs > 1:
        compare += " · " + _("indikator dengan p terkecil dari %(n)s") % {"n": fmt.integer(n_runs)}
    value = f"{fmt.num(run.estimate, 2)} {run.indicator.unit_of_measure}".strip()
    return Figure(value, run.indicator.name, compare)


def results_section(scope: Scope) -> Section:
    from tilik.evaluations.reading import headline, limitations, warnings_text

    section = Section("level4", _("Level 4 — Hasil"))
    if not installed():
        return _absent(section)
    split = attribution(scope)
    checked = split.credited
    if not checked:
        return _absent(section, split.blocked)
    runs = [c.run for c in checked]
    section.status = SIGNIFICANT if any(r.p_value is not None and r.p_value < 0.05 for r in runs) else MEASURED
    section.link = link("evaluations:run", runs[0].pk)
    section.tables.append(_table(_("Estimasi dampak per indikator"), checked))
    for c in checked:
        run = c.run
        section.paragraphs.append(headline(run))
        section.paragraphs.append(_("Angkatan yang tercakup: %(cohorts)s.") % {"cohorts": c.covered})
        section.paragraphs.append(limitations(run, c))
        if note := warnings_text(run):
            section.paragraphs.append(note)
        names = credited_programs(c)
        section.findings.append(
            Finding(
                f"effect:l4:{run.pk}",
                "effect",
                _(
                    "Level 4 (%(program)s — %(ind)s, %(design)s): estimasi %(est)s %(unit)s, IK 95 %% %(lo)s – "
                    "%(hi)s, %(p)s."
                )
                % {
                    "program": ", ".join(names),
                    "ind": run.indicator.name,
                    "design": run.get_design_display(),
                    "est": fmt.num(run.estimate, 2),
                    "unit": run.indicator.unit_of_measure,
                    "lo": fmt.num(run.ci_low, 2),
                    "hi": fmt.num(run.ci_high, 2),
                    "p": fmt.p_text(run.p_value),
                },
                {
                    "level": 4,
                    "estimate": run.estimate,
                    "ci_low": run.ci_low,
                    "ci_high": run.ci_high,
                    "p_value": run.p_value,
                    "program": ", ".join(names),
                    "plan": run.plan.name,
                    "run": run.pk,
                    "design": run.design,
                    "indicator": run.indicator.name,
                    "unit": run.indicator.unit_of_measure,
                    "direction": run.indicator.direction,
                    "participants": c.counted,
                },
            )
        )
    section.paragraphs.extend(_blocked_paragraphs(split.blocked))
    best = min(runs, key=lambda r: r.p_value if r.p_value is not None else 1.0)
    section.headline = _("%(ind)s: %(est)s %(unit)s (%(p)s)") % {
        "ind": best.indicator.name,
        "est": fmt.num(best.estimate, 2),
        "unit": best.indicator.unit_of_measure,
        "p": fmt.p_text(best.p_value),
    }
    section.figure = _estimate_figure(best, len(runs))
    series = best.series or {}
    if series.get("periods"):
        with_comparison = bool(series.get("comparison")) and any(v is not None for v in series["comparison"])
        section.charts.append(
            Chart(
                "impact_trend",
                (_("Tren %(ind)s: peserta dan pembanding") if with_comparison else _("Tren %(ind)s: peserta"))
                % {"ind": best.indicator.name},
                "line",
                [str(p)[:7] for p in series["periods"]],
                {
                    _("Terlatih"): list(series.get("treated", [])),
                    **({_("Pembanding"): list(series["comparison"])} if with_comparison else {}),
                },
                ylabel=best.indicator.unit_of_measure,
            )
        )
    return section


def impact_section(scope: Scope, ikm: Section) -> Section:
    """Dampak terhadap kinerja ASN (employee indicators) dan pelayanan publik (unit indicators, IKM)."""
    section = Section("impact", _("Dampak terhadap Kinerja ASN dan Pelayanan Publik"))
    if installed():
        split = attribution(scope)
        for kind, title in (("employee", _("Kinerja ASN")), ("unit", _("Pelayanan publik (unit layanan)"))):
            mine = [c for c in split.credited if c.run.indicator.entity_kind == kind]
            if mine:
                section.status = MEASURED
                section.tables.append(_table(title, mine))
        section.paragraphs.extend(_blocked_paragraphs(split.blocked))
    if ikm.measured:
        section.status = MEASURED
        section.paragraphs.append(_("IKM unit layanan: %(h)s.") % {"h": ikm.headline})
    section.subsections.append(ikm)
    if not section.measured:
        section.reason = _("Belum ada data kinerja, waktu layanan puskesmas atau IKM yang dianalisis.")
    return section
