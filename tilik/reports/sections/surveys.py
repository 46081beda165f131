"""Levels 1-3 from survey waves and IKM of service units (tilik.surveys, when installed)."""

from __future__ import annotations

from statistics import fmean
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from analysis.disclosure import mean_decimals
from tilik.core import fmt
from tilik.reports import links
from tilik.reports.findings import MEASURED, SIGNIFICANT, Chart, Figure, Finding, Section, Table
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


def _access(scope: Scope) -> Any:
    from tilik.core.disclosure import AGGREGATE_ONLY, SurveyAccess

    return SurveyAccess(live=True, cells=True, rows=False) if scope.full_access else AGGREGATE_ONLY


def _results(scope: Scope, wave: Any) -> Any:
    """The wave as an aggregate reader sees it: published batch, cells below k hidden (tilik.surveys.published)."""
    from tilik.surveys.published import results_for

    return results_for(wave, _access(scope))


def _frame(scope: Scope, wave: Any) -> tuple[Any, list[Any]]:
    from tilik.surveys.published import frame_for

    return frame_for(wave, _access(scope))


def _absent(section: Section, reason: str) -> Section:
    section.reason = reason
    return section


LOW_ALPHA_EXPLAIN = 0.5  # below this a construct's alpha comes with its likely cause and item table
FEW_ITEMS = 3  # alpha of a scale this short is low by construction (Spearman-Brown)
WEAK_ITEM_R = 0.3  # corrected item-total correlation below which an item is "weak" (as analysis.reliability)


def _scale_rows(scope: Scope, kind: str, section: Section) -> list[list[str]]:
    """Scale means and Cronbach's alpha per wave and construct (the detail table), then one row per
    instrument and construct pooled over the waves: the headline, the reliability finding for the rules
    (pooled alpha with its Feldt CI, so noise in one small angkatan does not flag a strong construct) and,
    for an alpha below LOW_ALPHA_EXPLAIN, its likely cause and the item-total table."""
    rows: list[list[str]] = []
    pooled: dict[int, tuple[Any, list[Any], list[Any]]] = {}  # instrument id -> (instrument, frames, questions)
    for wave in _waves(scope, kind):
        res = _results(scope, wave)
        if res.suppressed:
            rows.append([wave.title, _("< %(k)s") % {"k": scope.k}, "–", "–", "–"])
        else:
            for sc in res.scales:
                a = getattr(sc.get("alpha"), "alpha", None)
                rows.append(
                    [
                        wave.title,
                        fmt.integer(res.n),
                        sc["construct"],
                        fmt.num(sc.get("mean"), res.decimals),  # as rounded for the reader (mean_decimals)
                        fmt.num(a, 2),
                    ]
                )
        frame, questions = _frame(scope, wave)  # published batch only: pooling live answers would allow differencing
        instrument = wave.version.instrument
        entry = pooled.setdefault(instrument.pk, (instrument, [], []))
        entry[1].append(frame)
        if not entry[2]:
            entry[2].extend(questions)
        if scope.sees_unit(wave.unit_id):  # a unit head: only waves of their units open
            section.link = links.first(section.link, "surveys:results", wave.pk)
    summary: list[list[str]] = []
    headline: list[str] = []
    means: list[tuple[float, str, str, int, int]] = []  # (mean, as printed, construct, scale points, n)
    for instrument, frames, questions in pooled.values():
        for construct, result in _pooled_scales(frames, questions):
            if scope.suppress and result["n"] < scope.k:
                continue
            alpha = result["alpha"]
            # Rounded like every mean an aggregate reader sees, so a single wave's row and its pooled row agree.
            decimals = mean_decimals(result["n"]) if scope.suppress else 2
            summary.append(
                [
                    instrument.title,
                    construct,
                    fmt.integer(result["n"]),
                    fmt.num(result["mean"], decimals),
                    fmt.num(alpha.alpha, 2) if alpha else "–",
                    f"{fmt.num(alpha.ci_low, 2)} – {fmt.num(alpha.ci_high, 2)}" if alpha else "–",
                ]
            )
            headline.append(f"{construct} {fmt.num(result['mean'], decimals)}")
            means.append((result["mean"], fmt.num(result["mean"], decimals), construct, result["points"], result["n"]))
            if alpha is None:
                continue
            section.findings.append(
                Finding(
                    f"alpha:{instrument.code}:{construct}",
                    "reliability",
                    _(
                        "Konstruk “%(c)s” pada instrumen %(i)s: alfa Cronbach gabungan semua gelombang %(a)s "
                        "(IK 95 %% %(lo)s – %(hi)s, n = %(n)s)."
                    )
                    % {
                        "c": construct,
                        "i": instrument.title,
                        "a": fmt.num(alpha.alpha, 2),
                        "lo": fmt.num(alpha.ci_low, 2),
                        "hi": fmt.num(alpha.ci_high, 2),
                        "n": fmt.integer(alpha.n),
                    },
                    {
                        "alpha": alpha.alpha,
                        "alpha_ci_low": alpha.ci_low,
                        "alpha_ci_high": alpha.ci_high,
                        "construct": construct,
                        "instrument": instrument.title,
                    },
                )
            )
            if alpha.alpha < LOW_ALPHA_EXPLAIN:
                _explain_low_alpha(section, instrument.title, construct, alpha, result["labels"])
    if summary:
        section.tables.insert(
            0,
            Table(
                _("Rata-rata per konstruk, semua gelombang digabung"),
                [_("Instrumen"), _("Konstruk"), _("n"), _("Rata-rata"), _("Alfa Cronbach"), _("IK 95 % alfa")],
                summary,
                numeric_from=2,
                note=_("Tiap konstruk dilaporkan sendiri; konstruk yang berbeda tidak dirata-ratakan bersama."),
            ),
        )
        section.headline = _("rata-rata per konstruk: %(m)s") % {"m": "; ".join(headline)}
        section.figure = _scale_figure(means)
    return rows


def _scale_figure(means: list[tuple[float, str, str, int, int]]) -> Figure:
    """The card's figure: one construct's mean, or the lowest – highest construct mean (constructs are never
    averaged together), each as the summary table prints it."""
    points = {m[3] for m in means}
    scale = _(" (skala 1–%(k)s)") % {"k": fmt.integer(points.pop())} if len(points) == 1 else ""
    if len(means) == 1:
        _mean, text, construct, _points, n = means[0]
        return Figure(
            text,
            _("rata-rata konstruk “%(c)s”") % {"c": construct} + scale,
            _("n = %(n)s jawaban") % {"n": fmt.integer(n)},
        )
    low, high = min(means, key=lambda m: m[0]), max(means, key=lambda m: m[0])
    return Figure(
        f"{low[1]} – {high[1]}",
        _("rata-rata %(n)s konstruk") % {"n": fmt.integer(len(means))} + scale,
        _("terendah: %(lc)s %(l)s; tertinggi: %(hc)s %(h)s") % {"lc": low[2], "l": low[1], "hc": high[2], "h": high[1]},
    )


def _gain_figure(gains: list[tuple[int, float]], pairs: int, mean_gain: float | None, significant: int) -> Figure:
    """The card's figure: the pair-weighted mean pre/post difference (the headline's), with the tests behind it."""
    value = fmt.num(mean_gain)
    if mean_gain is not None and value != fmt.num(0):
        value = ("+" if mean_gain > 0 else "") + value
    tests = _("%(n)s tes, %(p)s pasangan") % {"n": fmt.integer(len(gains)), "p": fmt.integer(pairs)}
    if len(gains) > 1:
        tests += "; " + _("per tes %(lo)s s.d. %(hi)s poin") % {
            "lo": fmt.num(min(d for _n, d in gains)),
            "hi": fmt.num(max(d for _n, d in gains)),
        }
    tests += "; " + _("p < 0,05 pada %(s)s dari %(n)s tes") % {
        "s": fmt.integer(significant),
        "n": fmt.integer(len(gains)),
    }
    return Figure(_("%(v)s poin") % {"v": value}, _("rata-rata selisih nilai post-test − pre-test"), tests)


def _pooled_scales(frames: list[Any], questions: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    """Per construct over the pooled responses: n, mean scale score, Cronbach's alpha and item labels."""
    import pandas as pd

    from analysis.likert import scale_scores
    from analysis.reliability import cronbach_alpha
    from tilik.surveys.choices import QuestionType

    filled = [f for f in frames if not f.empty]
    if not filled:
        return []
    frame = pd.concat(filled, ignore_index=True)
    by_construct: dict[str, list[Any]] = {}
    for q in questions:
        if q.qtype == QuestionType.LIKERT and q.construct and q.code in frame:
            by_construct.setdefault(q.construct, []).append(q)
    out = []
    for construct, items in sorted(by_construct.items()):
        codes = [q.code for q in items]
        reverse = [q.code for q in items if q.reverse_keyed]
        points = max(int(q.scale_points or 5) for q in items)
        data = frame[codes].apply(pd.to_numeric, errors="coerce").dropna(how="all")
        if data.empty:
            continue
        scores = scale_scores(data, codes, reverse=reverse, scale_min=1, scale_max=points)
        alpha = None
        if len(codes) >= 2:
            try:
                alpha = cronbach_alpha(data, items=codes, reverse=reverse, scale_min=1, scale_max=points)
            except ValueError:
                alpha = None
        labels = {q.code: _item_label(q.text) for q in items}
        out.append(
            (
                construct,
                {"n": len(data), "mean": float(scores.mean()), "alpha": alpha, "labels": labels, "points": points},
            )
        )
    return out


def _item_label(text: str) -> str:
    """An item as the reader knows it: its question text (shortened), never its code."""
    text = text.strip().rstrip(".")
    return text[:70] + ("…" if len(text) > 70 else "")


def _quoted(items: list[str]) -> str:
    return "; ".join(f"“{i}”" for i in items)


def _explain_low_alpha(section: Section, instrument: str, construct: str, alpha: Any, labels: dict[str, str]) -> None:
    """The documented reading of a low alpha (docs/panduan-laporan.md): which cause the item statistics
    point to, and the item-total table the evaluator needs to revise the items."""
    negative = [
        labels.get(i.item, i.item) for i in alpha.items if i.item_total_r == i.item_total_r and i.item_total_r < 0
    ]
    weak = [
        labels.get(i.item, i.item)
        for i in alpha.items
        if i.item_total_r == i.item_total_r and 0 <= i.item_total_r < WEAK_ITEM_R
    ]
    causes = []
    if negative:
        causes.append(
            _(
                "butir yang berkorelasi negatif dengan butir lain (%(items)s): kemungkinan butir berkunci terbalik "
                "yang belum dibalik, atau kalimatnya bermakna berlawanan"
            )
            % {"items": _quoted(negative)}
        )
    if alpha.k <= FEW_ITEMS:
        causes.append(
            _("hanya %(k)s butir: alfa skala sependek ini rendah walaupun butirnya saling berkaitan")
            % {"k": fmt.integer(alpha.k)}
        )
    if weak and not negative:
        causes.append(
            _(
                "korelasi butir-total rendah (< 0,30) pada %(items)s: butir-butir tampaknya tidak mengukur satu hal "
                "yang sama (konstruk multidimensi)"
            )
            % {"items": _quoted(weak)}
        )
    if not causes:
        causes.append(_("statistik butir tidak menunjuk satu penyebab; periksa isi butir bersama pengembang instrumen"))
    lead = (
        _("Alfa Cronbach konstruk “%(c)s” (%(i)s) negatif (%(a)s): rata-rata kovarians antarbutirnya negatif.")
        if alpha.alpha < 0
        else _(
            "Alfa Cronbach konstruk “%(c)s” (%(i)s) hanya %(a)s, di bawah 0,5: skor konstruk ini belum dapat "
            "diandalkan."
        )
    ) % {"c": construct, "i": instrument, "a": fmt.num(alpha.alpha, 2)}
    section.paragraphs.append(lead + " " + _("Kemungkinan penyebab: %(c)s.") % {"c": "; ".join(causes)})
    section.tables.append(
        Table(
            _("Korelasi butir-total — konstruk “%(c)s” (%(i)s)") % {"c": construct, "i": instrument},
            [_("Butir"), _("Korelasi butir-total terkoreksi"), _("Alfa bila butir dihapus")],
            [
                [labels.get(i.item, i.item), fmt.num(i.item_total_r, 2), fmt.num(i.alpha_if_dropped, 2)]
                for i in alpha.items
            ],
            note=_(
                "Korelasi tiap butir dengan jumlah butir lain pada konstruk yang sama (butir terbalik sudah dibalik)."
            ),
        )
    )


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
            note=scope.citywide_note(),
        )
    )
    return section


def learning_section(scope: Scope) -> Section:
    section = Section("level2", _("Level 2 — Pembelajaran"))
    if not installed():
        return _absent(section, _("Modul survei belum terpasang."))
    rows, labels, pre, post = [], [], [], []
    gains: list[tuple[int, float]] = []
    significant = 0  # tests whose pre/post difference has p < 0,05
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
        # One test per angkatan: the bar and the finding name the angkatan, so two angkatan of one programme
        # never read as two different numbers for the same thing (wave titles repeat "Post-test — …").
        batch = (
            _("%(program)s angkatan %(n)s") % {"program": wave.offering.program.name, "n": wave.offering.batch}
            if wave.offering_id
            else wave.title
        )
        labels.append(batch)
        gains.append((lr.n, lr.mean_diff))
        significant += lr.p_value < 0.05
        pre.append(lr.mean_pre)
        post.append(lr.mean_post)
        section.status = SIGNIFICANT if lr.p_value < 0.05 or section.status == SIGNIFICANT else MEASURED
        section.paragraphs.append(fmt.interp(lr))
        section.findings.append(
            Finding(
                f"effect:l2:{wave.pk}",
                "effect",
                _("Level 2 (%(name)s): selisih pre/post %(d)s poin, IK 95 %% %(lo)s – %(hi)s, %(p)s.")
                % {
                    "name": batch,
                    "d": fmt.num(lr.mean_diff),
                    "lo": fmt.num(lr.ci_low),
                    "hi": fmt.num(lr.ci_high),
                    "p": fmt.p_text(lr.p_value),
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
        if scope.sees_unit(wave.unit_id):  # a unit head: only waves of their units open
            section.link = links.first(section.link, "surveys:results", wave.pk)
    if not rows:
        return _absent(section, _("Belum ada pasangan pre-test dan post-test (Level 2) untuk program ini."))
    # Every post-test wave of the scope counts: the mean gain weighted by pairs, and the range over waves.
    total = sum(n for n, _d in gains)
    mean_gain = sum(n * d for n, d in gains) / total if total else None
    if len(gains) == 1:
        section.headline = _("1 tes, %(p)s pasangan; peningkatan %(d)s poin") % {
            "p": fmt.integer(total),
            "d": fmt.num(mean_gain),
        }
    else:
        section.headline = _(
            "%(n)s tes, %(p)s pasangan; peningkatan rata-rata %(d)s poin (per tes %(lo)s s.d. %(hi)s)"
        ) % {
            "n": fmt.integer(len(gains)),
            "p": fmt.integer(total),
            "d": fmt.num(mean_gain),
            "lo": fmt.num(min(d for _n, d in gains)),
            "hi": fmt.num(max(d for _n, d in gains)),
        }
    section.figure = _gain_figure(gains, total, mean_gain, significant)
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
                _("d Cohen (berpasangan)"),
            ],
            rows,
            note=scope.citywide_note(),
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


def _burst_paragraphs(scope: Scope) -> list[str]:
    """What the evaluator left out of IKM as suspicious bursts (and what is still waiting for review)."""
    from tilik.surveys.choices import Audience
    from tilik.surveys.models import Wave
    from tilik.surveys.selectors.bursts import exclusions_by_wave

    waves = Wave.objects.filter(audience=Audience.PUBLIC)
    if scope.units is not None:
        waves = waves.filter(unit__in=scope.units)
    found = exclusions_by_wave(waves.values_list("pk", flat=True)).values()
    excluded = sum(e.n for e in found)
    reasons = list(dict.fromkeys(r for e in found for r in e.reasons))
    pending = sum(e.pending_n for e in found)
    out = []
    if excluded:
        out.append(
            _("%(n)s respons tidak dihitung: dikeluarkan evaluator sebagai pengisian beruntun (%(why)s).")
            % {"n": fmt.integer(excluded), "why": "; ".join(reasons)}
        )
    if pending:
        still = _("%(n)s respons dalam lonjakan yang belum ditinjau evaluator masih dihitung.")
        out.append(still % {"n": fmt.integer(pending)})
    return out


def ikm_section(scope: Scope) -> Section:
    section = Section("ikm", _("Indeks Kepuasan Masyarakat (IKM) unit layanan"), link=links.link("surveys:ikm"))
    if not installed():
        return _absent(section, _("Modul survei belum terpasang."))
    from tilik.surveys.published import ikm_rows

    # Citizens' answers are anonymous: every reader gets published batches with units below k hidden.
    listed = ikm_rows(units=scope.units)
    if scope.program is not None:
        # A programme's report shows the service units whose staff it trained, not every unit surveyed.
        from tilik.evaluations.selectors_attribution import trained_unit_ids

        trained = trained_unit_ids([scope.program])
        listed = [r for r in listed if r["unit"] is not None and r["unit"].pk in trained]
        if not listed:
            return _absent(section, _("Belum ada IKM untuk unit layanan yang stafnya lulus program ini."))
        section.paragraphs.append(_("Hanya unit layanan yang stafnya lulus program ini."))
    small = sum(1 for r in listed if r.get("hidden"))
    # A wave whose answers do not cover all nine unsur has no IKM (ikm_table gives None): named, not charted.
    table = [r for r in listed if r["ikm"] is not None]
    incomplete = len(listed) - len(table) - small
    if incomplete:
        section.paragraphs.append(
            _("%(n)s survei SKM belum dapat dihitung IKM-nya karena jawaban kesembilan unsur belum lengkap.")
            % {"n": incomplete}
        )
    if not table and small:
        return _absent(
            section, _("IKM belum dapat ditampilkan: setiap unit masih kurang dari %(k)s responden.") % {"k": scope.k}
        )
    if not table:
        return _absent(section, _("Belum ada Survei Kepuasan Masyarakat yang dinilai (9 unsur)."))
    section.status = MEASURED
    section.paragraphs.extend(_burst_paragraphs(scope))
    this_year = [r for r in table if str(r["period"]).startswith(str(scope.year))]
    hidden = sum(1 for r in listed if r.get("hidden") and str(r["period"]).startswith(str(scope.year)))
    rows = []
    # The table holds the report's year (the trend chart below keeps every period for context).
    for r in this_year or table:
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
            _("IKM per unit layanan dan periode %(y)s (PermenPAN-RB 14/2017)") % {"y": scope.year}
            if this_year
            else _("IKM per unit layanan dan periode (PermenPAN-RB 14/2017)"),
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
    section.figure = Figure(
        fmt.num(fmean(values), 2),
        _("IKM rata-rata unit"),
        # the count only: a lowest or highest value could be a unit hidden for having fewer than k respondents
        _("rata-rata dari %(n)s nilai unit per periode") % {"n": fmt.integer(len(values))},
    )
    periods = sorted({str(r["period"]) for r in table})
    units = sorted({r["unit"].name for r in table if r["unit"]})  # every unit: none may drop out of the chart
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
