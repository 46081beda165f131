"""Levels 1-3 from survey waves and IKM of service units (tilik.surveys, when installed)."""

from __future__ import annotations

from statistics import fmean
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports import links
from tilik.reports.findings import MEASURED, SIGNIFICANT, Chart, Finding, Section, Table
from tilik.reports.scope import Scope

NOT_INSTALLED = "tilik.surveys"


def installed() -> bool:
    return apps.is_installed("tilik.surveys")


def _waves(scope: Scope, kind: str) -> list[Any]:
    from tilik.surveys.models import Wave

    return list(
        Wave.objects.filter(version__instrument__kind=kind)
        .filter(Q(program__in=scope.programs) | Q(offering__program__in=scope.programs))
        .select_related("version__instrument", "program", "offering__program")
        .order_by("opens_at", "id")
        .distinct()
    )


def _results(scope: Scope, wave: Any) -> Any:
    from tilik.surveys.selectors.results import wave_results

    return wave_results(wave, full_access=scope.full_access, min_cell=scope.k)


def _absent(section: Section, reason: str) -> Section:
    section.reason = reason
    return section


def _scale_rows(scope: Scope, kind: str, section: Section) -> list[list[str]]:
    """Scale means and Cronbach's alpha per wave and construct; alpha findings for the rules."""
    rows: list[list[str]] = []
    means: list[float] = []
    # One finding per instrument and construct (its lowest alpha over the waves): one recommendation to revise
    # the construct, not one per angkatan, and a unique key for the evaluator's edits.
    lowest: dict[str, Finding] = {}
    for wave in _waves(scope, kind):
        res = _results(scope, wave)
        if res.suppressed:
            rows.append([wave.title, _("< %(k)s") % {"k": scope.k}, "–", "–", "–"])
            continue
        for sc in res.scales:
            alpha = sc.get("alpha")
            a = getattr(alpha, "alpha", None)
            rows.append([wave.title, fmt.integer(res.n), sc["construct"], fmt.num(sc.get("mean"), 2), fmt.num(a, 2)])
            if sc.get("mean") is not None:
                means.append(sc["mean"])
            key = f"alpha:{wave.version.instrument.code}:{sc['construct']}"
            if a is not None and (key not in lowest or a < lowest[key].data["alpha"]):
                lowest[key] = Finding(
                    key,
                    "reliability",
                    _("Konstruk “%(c)s” pada instrumen %(i)s: alfa Cronbach %(a)s (n = %(n)s).")
                    % {
                        "c": sc["construct"],
                        "i": wave.version.instrument.title,
                        "a": fmt.num(a, 2),
                        "n": fmt.integer(alpha.n),
                    },
                    {"alpha": a, "construct": sc["construct"], "instrument": wave.version.instrument.title},
                )
        section.link = links.first(section.link, "surveys:results", wave.pk)
    section.findings.extend(lowest.values())
    if means:
        section.headline = _("rata-rata skala %(m)s") % {"m": fmt.num(fmean(means), 2)}
    return rows


def reaction_section(scope: Scope) -> Section:
    section = Section("level1", _("Level 1 — Reaksi"))
    if not installed():
        return _absent(section, _("Modul survei belum terpasang."))
    rows = _scale_rows(scope, "reaksi", section)
    if not rows:
        return _absent(section, _("Belum ada survei reaksi (Level 1) untuk program ini."))
    section.status = MEASURED
    section.tables.append(
        Table(
            _("Kepuasan peserta per konstruk (skala Likert) dan reliabilitas"),
            [_("Gelombang"), _("n"), _("Konstruk"), _("Rata-rata"), _("Alfa Cronbach")],
            rows,
            numeric_from=3,
        )
    )
    return section


def learning_section(scope: Scope) -> Section:
    section = Section("level2", _("Level 2 — Pembelajaran"))
    if not installed():
        return _absent(section, _("Modul survei belum terpasang."))
    rows, labels, pre, post = [], [], [], []
    for wave in _waves(scope, "tes"):
        if wave.phase != "post":
            continue
        res = _results(scope, wave)
        lr = res.learning
        if res.suppressed or lr is None or isinstance(lr, dict):
            continue
        name = wave.offering.program.name if wave.offering_id else wave.title
        rows.append(
            [
                wave.title,
                fmt.integer(lr.n),
                fmt.num(lr.mean_pre),
                fmt.num(lr.mean_post),
                fmt.num(lr.mean_diff),
                f"{fmt.num(lr.ci_low)} – {fmt.num(lr.ci_high)}",
                fmt.pvalue(lr.p_value),
                fmt.num(lr.normalized_gain, 2),
                fmt.num(lr.cohens_dz, 2),
            ]
        )
        labels.append(wave.title[:30])
        pre.append(lr.mean_pre)
        post.append(lr.mean_post)
        section.status = SIGNIFICANT if lr.p_value < 0.05 or section.status == SIGNIFICANT else MEASURED
        section.paragraphs.append(fmt.interp(lr))
        section.findings.append(
            Finding(
                f"effect:l2:{wave.pk}",
                "effect",
                _("Level 2 (%(name)s): selisih pre/post %(d)s poin, IK 95 %% %(lo)s – %(hi)s, p = %(p)s.")
                % {
                    "name": name,
                    "d": fmt.num(lr.mean_diff),
                    "lo": fmt.num(lr.ci_low),
                    "hi": fmt.num(lr.ci_high),
                    "p": fmt.pvalue(lr.p_value),
                },
                {
                    "level": 2,
                    "estimate": lr.mean_diff,
                    "ci_low": lr.ci_low,
                    "ci_high": lr.ci_high,
                    "p_value": lr.p_value,
                    "program": name,
                },
            )
        )
        section.link = links.first(section.link, "surveys:results", wave.pk)
    if not rows:
        return _absent(section, _("Belum ada pasangan pre-test dan post-test (Level 2) untuk program ini."))
    section.headline = _("%(n)s tes; peningkatan %(d)s poin") % {"n": len(rows), "d": rows[0][4]}
    section.tables.append(
        Table(
            _("Hasil pre-test dan post-test (uji t berpasangan)"),
            [
                _("Gelombang"),
                _("n"),
                _("Pre"),
                _("Post"),
                _("Selisih"),
                _("IK 95 %"),
                _("p"),
                _("Gain ternormalisasi"),
                _("d_z"),
            ],
            rows,
        )
    )
    section.charts.append(
        Chart(
            "learning",
            _("Rata-rata nilai pre-test dan post-test"),
            "bar",
            labels,
            {_("Pre-test"): pre, _("Post-test"): post},
            ylabel=_("Nilai"),
        )
    )
    return section


def behaviour_survey_rows(scope: Scope, section: Section) -> list[list[str]]:
    if not installed():
        return []
    return _scale_rows(scope, "perilaku", section)


def ikm_section(scope: Scope) -> Section:
    section = Section("ikm", _("Indeks Kepuasan Masyarakat (IKM) unit layanan"), link=links.link("surveys:ikm"))
    if not installed():
        return _absent(section, _("Modul survei belum terpasang."))
    from tilik.surveys.selectors.results import ikm_table

    listed = ikm_table(units=scope.units)
    # A wave whose answers do not cover all nine unsur has no IKM (ikm_table gives None): named, not charted.
    table = [r for r in listed if r["ikm"] is not None]
    incomplete = len(listed) - len(table)
    if incomplete:
        section.paragraphs.append(
            _("%(n)s survei SKM belum dapat dihitung IKM-nya karena jawaban kesembilan unsur belum lengkap.")
            % {"n": incomplete}
        )
    if not table:
        return _absent(section, _("Belum ada Survei Kepuasan Masyarakat yang dinilai (9 unsur)."))
    section.status = MEASURED
    this_year = [r for r in table if str(r["period"]).startswith(str(scope.year))]
    hidden = 0
    rows = []
    for r in table:
        if scope.suppress and r["ikm"].n < scope.k:
            hidden += 1
            continue
        rows.append(
            [
                r["unit"].name if r["unit"] else "–",
                str(r["period"]),
                fmt.integer(r["ikm"].n),
                fmt.num(r["ikm"].ikm, 2),
                f"{r['ikm'].grade} ({r['ikm'].category})",
            ]
        )
    section.tables.append(
        Table(
            _("IKM per unit layanan dan periode (PermenPAN-RB 14/2017)"),
            [_("Unit"), _("Periode"), _("Responden"), _("IKM"), _("Mutu")],
            rows,
            numeric_from=2,
            note=_("%(n)s baris disembunyikan (kurang dari %(k)s responden).") % {"n": hidden, "k": scope.k}
            if hidden
            else "",
        )
    )
    values = [r["ikm"].ikm for r in (this_year or table)]
    section.headline = _("IKM rata-rata unit %(v)s") % {"v": fmt.num(fmean(values), 2)}
    periods = sorted({str(r["period"]) for r in table})
    units = sorted({r["unit"].name for r in table if r["unit"]})[:8]
    series = {
        u: [
            next((r["ikm"].ikm for r in table if r["unit"] and r["unit"].name == u and str(r["period"]) == p), None)
            for p in periods
        ]
        for u in units
    }
    if len(periods) > 1:
        section.charts.append(
            Chart("ikm_trend", _("Tren IKM per unit layanan"), "line", periods, series, ylabel="IKM", reference=88.31)
        )
    return section
