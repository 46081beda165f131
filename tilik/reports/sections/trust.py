"""Citra dan kepercayaan publik (issue 21): IPKP, IPAK and trust per service unit, and the estimate of how
they moved with the share of a unit's staff trained (tilik.trust, when installed)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports import links
from tilik.reports.findings import MEASURED, Figure, Section, Table
from tilik.reports.scope import Scope


def installed() -> bool:
    return apps.is_installed("tilik.trust")


def _programmes(scope: Scope) -> list[str]:
    """The programme (or the year's programmes) whose evaluation plan targets public service (IKM indicator)."""
    from tilik.trust.selectors_panel import relevant_programmes

    names = relevant_programmes(scope.year if scope.program is None else None)
    if scope.program is not None:
        return [scope.program.name] if scope.program.name in names else []
    return names


def _cell(est: Any) -> str:
    if est is None or est.n == 0:
        return "–"
    if est.suppressed:
        return _("< %(k)s resp.") % {"k": est.k}
    return (
        f"{fmt.num(est.mean, 2)} ({fmt.num(est.ci_low, 2)}–{fmt.num(est.ci_high, 2)})"
        if est.ci_low is not None
        else fmt.num(est.mean, 2)
    )


def trust_section(scope: Scope, *, estimates: bool = True) -> Section:
    """The report subsection; ``estimates=False`` (the dashboard tile) skips the coverage analysis."""
    section = Section("citra", _("Citra dan kepercayaan publik"), link=links.link("trust:overview"))
    if not installed():
        section.reason = _("Modul citra dan kepercayaan publik belum terpasang.")
        return section
    from tilik.trust.catalogue import SCORING_NOTE
    from tilik.trust.coverage import coverage_rows, limitations
    from tilik.trust.selectors import latest_overview, units_with_public_surveys
    from tilik.trust.selectors_panel import DEFAULT_THRESHOLD

    units = units_with_public_surveys(scope.units)
    overview = [r for r in latest_overview(units) if r["estimates"]]
    shown = [r for r in overview if any(e.n > 0 for e in r["estimates"].values())]
    if not shown:
        section.reason = _("Belum ada jawaban halaman integritas dan kepercayaan pada survei publik.")
        return section
    section.status = MEASURED
    trust_values = [
        e.mean for r in shown if (e := r["estimates"].get("kepercayaan")) is not None and e.mean is not None
    ]
    section.headline = (
        _("%(n)s unit; kepercayaan %(lo)s–%(hi)s (0–10)")
        % {"n": len(shown), "lo": fmt.num(min(trust_values), 1), "hi": fmt.num(max(trust_values), 1)}
        if trust_values
        else _("%(n)s unit dengan indeks") % {"n": len(shown)}
    )
    if trust_values:
        low, high = fmt.num(min(trust_values), 1), fmt.num(max(trust_values), 1)
        section.figure = Figure(
            low if low == high else f"{low} – {high}",
            _("kepercayaan kepada Pemerintah Kota (0–10), terendah – tertinggi per unit")
            if low != high
            else _("kepercayaan kepada Pemerintah Kota (0–10)"),
            _("%(n)s unit layanan dengan indeks") % {"n": fmt.integer(len(shown))},
        )
    section.paragraphs.append(
        _(
            "Warga menjawab SKM dan, bila bersedia, satu halaman tambahan: Survei Persepsi Anti Korupsi (IPAK) dan "
            "lima pendorong kepercayaan OECD dengan kepercayaan umum kepada Pemerintah Kota (0–10). Indeks dengan "
            "kurang dari %(k)s responden disembunyikan."
        )
        % {"k": scope.k}
    )
    rows = []
    for r in shown:
        e = r["estimates"]
        rows.append(
            [
                r["unit"].name,
                r["period"],
                _cell(e.get("ipkp")),
                _cell(e.get("ipak")),
                _cell(e.get("kepercayaan")),
                _cell(e.get("kp-responsif")),
                _cell(e.get("kp-andal")),
                _cell(e.get("kp-integritas")),
            ]
        )
    section.tables.append(
        Table(
            _("Indeks per unit pada periode terbarunya (rata-rata dan IK 95 %)"),
            [
                _("Unit"),
                _("Periode"),
                "IPKP",
                "IPAK",
                _("Kepercayaan"),
                _("Responsivitas"),
                _("Keandalan"),
                _("Integritas"),
            ],
            rows,
            note=str(SCORING_NOTE),
            numeric_from=2,
        )
    )
    if not estimates:
        return section
    names = _programmes(scope)
    if not names:
        section.paragraphs.append(
            _(
                "Belum ada program dengan rencana evaluasi berindikator IKM: perubahan indeks belum dikaitkan dengan "
                "pelatihan."
            )
        )
    for name in names:
        panel, effects = coverage_rows(name, units, threshold=DEFAULT_THRESHOLD)
        if not effects:
            continue
        section.tables.append(
            Table(
                _("Perubahan indeks menurut cakupan pelatihan %(p)s (DiD bertahap, per unit dan semester)")
                % {"p": name},
                [_("Indeks"), _("Estimasi"), _("IK 95 %"), _("Bacaan")],
                [
                    [
                        row.label,
                        fmt.num(row.effect.staggered.estimate, 2) if row.effect.staggered else "–",
                        f"{fmt.num(row.effect.staggered.ci_low, 2)} – {fmt.num(row.effect.staggered.ci_high, 2)}"
                        if row.effect.staggered
                        else "–",
                        row.text,
                    ]
                    for row in effects
                ],
                note=limitations(panel, DEFAULT_THRESHOLD),
                numeric_from=1,
            )
        )
    return section
