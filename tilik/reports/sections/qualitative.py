"""Level 3 from interviews: starred quotes (role and unit type, never a name) and code frequencies."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tilik.core import fmt
from tilik.reports import links
from tilik.reports.findings import MEASURED, Finding, Quote, Section, Table
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
    _rater_changes(scope, section)
    if installed():
        _interviews(scope, section)
    if not section.measured:
        section.reason = _("Belum ada survei perilaku 360° atau wawancara berkode untuk program ini.")
    return section


def _ratee_scores(scope: Scope, waves: list[Any]) -> Any:
    """Mean Likert score per (ratee key, rater group) over these waves (several peers averaged first), read
    as the report's reader may see them (published batches for an aggregate reader)."""
    import pandas as pd

    from analysis.likert import scale_scores
    from tilik.reports.sections.surveys import _frame
    from tilik.surveys.choices import QuestionType

    parts = []
    for wave in waves:
        frame, questions = _frame(scope, wave)
        likert = [q for q in questions if q.qtype == QuestionType.LIKERT and q.code in frame]
        if frame.empty or not likert:
            continue
        codes = [q.code for q in likert]
        points = max(int(q.scale_points or 5) for q in likert)
        score = scale_scores(
            frame[codes].apply(pd.to_numeric, errors="coerce"),
            codes,
            reverse=[q.code for q in likert if q.reverse_keyed],
            scale_min=1,
            scale_max=points,
        )
        parts.append(pd.DataFrame({"key": frame["kunci_peserta"], "group": frame["kelompok_penilai"], "score": score}))
    if not parts:
        return pd.Series(dtype=float, index=pd.MultiIndex.from_tuples([], names=["key", "group"]))
    rows = pd.concat(parts, ignore_index=True)
    rows = rows[(rows["key"] != "") & rows["score"].notna()]
    return rows.groupby(["key", "group"])["score"].mean()


def _rater_changes(scope: Scope, section: Section) -> None:
    """360° before/after per programme and rater type, like with like: the alumni's change against the change
    of the comparison staff rated in the same waves (ratees who did not complete the programme), as a
    difference in differences with a heteroskedasticity-robust CI."""
    if not apps.is_installed("tilik.surveys"):
        return
    from analysis.learning import prepost
    from analysis.regression import effect
    from tilik.programs.choices import EnrollmentStatus
    from tilik.programs.models import Enrollment
    from tilik.surveys.choices import Anonymity, RaterGroup
    from tilik.surveys.models import ParticipantKey, Wave
    from tilik.surveys.selectors.raters import is_360

    labels = dict(RaterGroup.choices)
    tables: list[Table] = []
    for program in scope.programs:
        rows: list[list[str]] = []
        waves = [
            w
            for w in Wave.objects.filter(offering__program=program, anonymity=Anonymity.RAHASIA)
            .select_related("offering", "version")
            .order_by("opens_at", "id")
            if is_360(w)
        ]
        before = [w for w in waves if w.offering is not None and w.opens_at.date() < w.offering.start_date]
        after = [w for w in waves if w.offering is not None and w.opens_at.date() >= w.offering.end_date]
        if not before or not after:
            continue
        completers = Enrollment.objects.filter(offering__program=program, status=EnrollmentStatus.COMPLETED)
        trained = set(
            ParticipantKey.objects.filter(employee_id__in=completers.values("employee_id")).values_list(
                "key", flat=True
            )
        )
        pre, post = _ratee_scores(scope, before), _ratee_scores(scope, after)
        if scope.units is not None:  # a unit head's report: the ratees now working in the viewer's units
            from tilik.org.models import UnitMembership

            here = UnitMembership.objects.filter(end_date__isnull=True, unit__in=scope.units).values("employee_id")
            keys = set(ParticipantKey.objects.filter(employee_id__in=here).values_list("key", flat=True))
            pre = pre[pre.index.get_level_values("key").isin(keys)]
            post = post[post.index.get_level_values("key").isin(keys)]
        for group in RaterGroup.values:
            if group not in pre.index.get_level_values("group") or group not in post.index.get_level_values("group"):
                continue
            a, b = pre.xs(group, level="group"), post.xs(group, level="group")
            same = a.index.intersection(b.index)
            change = (b.loc[same] - a.loc[same]).rename("change").to_frame()
            change["trained"] = [int(k in trained) for k in change.index]
            alumni, others = change[change["trained"] == 1], change[change["trained"] == 0]
            if len(alumni) < 2 or (scope.suppress and len(alumni) < scope.k):
                continue
            own = prepost(a.loc[alumni.index].to_numpy(), b.loc[alumni.index].to_numpy())
            did = None
            if len(others) >= 2 and not (scope.suppress and len(others) < scope.k):
                did = effect(change.reset_index(drop=True), outcome="change", treatment="trained", se="hc3")
            # Seven columns, so the table fits a portrait A4 page in the PDF and Word files.
            rows.append(
                [
                    str(labels[group]),
                    f"{fmt.integer(len(alumni))} / {fmt.integer(len(others)) if did is not None else '–'}",
                    f"{fmt.num(own.mean_pre, 2)} → {fmt.num(own.mean_post, 2)}",
                    f"{fmt.num(own.mean_diff, 2)} ({fmt.num(own.ci_low, 2)} – {fmt.num(own.ci_high, 2)})",
                    fmt.num(others["change"].mean(), 2) if did is not None else "–",
                    f"{fmt.num(did.estimate, 2)} ({fmt.num(did.ci_low, 2)} – {fmt.num(did.ci_high, 2)})"
                    if did is not None
                    else "–",
                    fmt.pvalue(did.p_value) if did is not None else "–",
                ]
            )
            # The reading: against the comparison group when there is one, else the alumni's own change.
            value, lo, hi, pv = (
                (did.estimate, did.ci_low, did.ci_high, did.p_value)
                if did is not None
                else (own.mean_diff, own.ci_low, own.ci_high, own.p_value)
            )
            basis = _("dibanding perubahan kelompok pembanding") if did is not None else _("tanpa kelompok pembanding")
            text = _(
                "Level 3 (%(p)s), penilaian %(g)s: perubahan perilaku alumni %(basis)s %(d)s poin skala, "
                "IK 95 %% %(lo)s – %(hi)s, %(pv)s (n = %(n)s)."
            ) % {
                "p": program.name,
                "g": str(labels[group]).lower(),
                "basis": basis,
                "d": fmt.num(value, 2),
                "lo": fmt.num(lo, 2),
                "hi": fmt.num(hi, 2),
                "pv": fmt.p_text(pv),
                "n": fmt.integer(len(alumni)),
            }
            section.paragraphs.append(text)
            section.findings.append(
                Finding(
                    f"effect:l3:{program.slug}:{group}",
                    "behaviour",
                    text,
                    {
                        "level": 3,
                        "program": program.name,
                        "program_id": program.pk,
                        "rater": group,
                        "estimate": float(value),
                        "ci_low": float(lo),
                        "ci_high": float(hi),
                        "p_value": float(pv),
                        "comparison": did is not None,
                        "n": len(alumni),
                    },
                )
            )
        if rows:
            tables.append(
                Table(
                    _("Perubahan perilaku (360°) per jenis penilai — %(p)s: alumni dibanding kelompok pembanding")
                    % {"p": program.name},
                    [
                        _("Penilai"),
                        _("Alumni / pembanding"),
                        _("Alumni: sebelum → sesudah"),
                        _("Perubahan alumni (IK 95 %)"),
                        _("Perubahan pembanding"),
                        _("Selisih perubahan (IK 95 %)"),
                        _("p"),
                    ],
                    rows,
                    note=_(
                        "Sebelum dan sesudah dibandingkan untuk jenis penilai yang sama dan orang yang sama. "
                        "Pembanding: pegawai yang dinilai pada gelombang yang sama tetapi tidak mengikuti program. "
                        "Selisih perubahan = perubahan alumni dikurangi perubahan pembanding (regresi, galat baku "
                        "HC3)."
                    ),
                )
            )
    if not tables:
        return
    section.status = MEASURED
    section.tables[0:0] = tables
    # The headline is the change, never a mean pooled over before and after: the supervisors' rating
    # (self-ratings run high), per programme, against the comparison group when there is one.
    supervisor = [f for f in section.findings if f.kind == "behaviour" and f.data["rater"] == "atasan"]
    parts = [
        _("%(p)s %(d)s (IK 95 %% %(lo)s – %(hi)s)")
        % {
            "p": f.data["program"],
            "d": fmt.num(f.data["estimate"], 2),
            "lo": fmt.num(f.data["ci_low"], 2),
            "hi": fmt.num(f.data["ci_high"], 2),
        }
        for f in supervisor
    ]
    if parts:
        section.headline = _("perubahan penilaian atasan: %(l)s") % {"l": "; ".join(parts)}


def _interviews(scope: Scope, section: Section) -> None:
    from tilik.interviews.models import Interview, Segment
    from tilik.interviews.selectors import attribution

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
    if not section.headline:  # no 360° change to lead with: the card says what was measured, not just "Terukur"
        section.headline = ngettext(
            "%(n)s wawancara dianalisis dengan pengodean tematik",
            "%(n)s wawancara dianalisis dengan pengodean tematik",
            n_interviews,
        ) % {"n": fmt.integer(n_interviews)}
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
        _frequency_table(codebook, interviews, section)
        _agreement_table(codebook, section)


def _primary_coder(codebook: Any, interviews: Any) -> Any:
    """The coder with the most segments on these interviews: one coder's codings are counted, so a
    double-coded transcript (for the agreement check) is not counted twice."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from tilik.interviews.models import Segment

    top = (
        Segment.objects.filter(codebook=codebook, transcript__interview__in=interviews)
        .values("coder")
        .annotate(n=Count("id"))
        .order_by("-n", "coder")
        .first()
    )
    return get_user_model().objects.filter(pk=top["coder"]).first() if top else None


def _frequency_table(codebook: Any, interviews: Any, section: Section) -> None:
    """Segments and interviews per code over the report's interviews only (its programmes, year and units)."""
    from tilik.interviews.models import Segment
    from tilik.interviews.selectors import code_tree

    coder = _primary_coder(codebook, interviews)
    segments = Segment.objects.filter(codebook=codebook, transcript__interview__in=interviews)
    if coder is not None:
        segments = segments.filter(coder=coder)
    seg_count: dict[int, int] = {}
    per_code: dict[int, set[int]] = {}
    scoped: set[int] = set()
    for code_id, interview_id in segments.values_list("codes", "transcript__interview"):
        scoped.add(interview_id)
        if code_id is None:
            continue
        seg_count[code_id] = seg_count.get(code_id, 0) + 1
        per_code.setdefault(code_id, set()).add(interview_id)
    rows = [
        (
            len(per_code[code.pk]),
            [("  " * depth) + code.name, fmt.integer(seg_count[code.pk]), fmt.integer(len(per_code[code.pk]))],
        )
        for code, depth in code_tree(codebook)
        if code.pk in seg_count
    ]
    if not rows:
        return
    rows.sort(key=lambda r: -r[0])
    section.tables.append(
        Table(
            _("Frekuensi kode tematik — %(cb)s (%(n)s wawancara dalam cakupan laporan ini)")
            % {"cb": codebook.name, "n": fmt.integer(len(scoped))},
            [_("Kode"), _("Segmen"), _("Wawancara")],
            [r[1] for r in rows[:15]],
            note=_("Hanya wawancara program dan tahun laporan ini, menurut pengodean pengode utama.")
            + (" " + _("%(n)s kode lain tidak ditampilkan.") % {"n": len(rows) - 15} if len(rows) > 15 else ""),
        )
    )


def _agreement_table(codebook: Any, section: Section) -> None:
    """Cohen's kappa per code between the codebook's first two coders, on transcripts both coded."""
    from tilik.interviews.selectors import coders
    from tilik.interviews.selectors_analysis import intercoder_agreement

    both = coders(codebook)
    if len(both) < 2:
        section.paragraphs.append(
            _("Kesepakatan antarpengode belum dapat dihitung untuk %(cb)s: transkrip baru dikodekan satu pengode.")
            % {"cb": codebook.name}
        )
        return
    agreement = intercoder_agreement(codebook, both[0], both[1])
    # Codes nobody used carry nothing; the others are rated, or not assessable (analysis.agreement's rule).
    shown = [r for r in agreement.rows if r.result is not None and r.used]
    rated = [r.result for r in shown if r.result is not None and r.result.estimable]
    if not agreement.transcripts or not shown:
        return
    unassessable = len(shown) - len(rated)
    if rated:
        kappas = [k.kappa for k in rated]
        text = _(
            "Kesepakatan antarpengode (%(cb)s): %(t)s transkrip dikodekan dua pengode secara terpisah; "
            "kappa Cohen per kode %(lo)s s.d. %(hi)s (median %(med)s)."
        ) % {
            "cb": codebook.name,
            "t": fmt.integer(agreement.transcripts),
            "lo": fmt.num(min(kappas), 2),
            "hi": fmt.num(max(kappas), 2),
            "med": fmt.num(sorted(kappas)[len(kappas) // 2], 2),
        }
    else:
        text = _(
            "Kesepakatan antarpengode (%(cb)s): %(t)s transkrip dikodekan dua pengode secara terpisah; "
            "tidak ada kode yang kappanya dapat dinilai."
        ) % {"cb": codebook.name, "t": fmt.integer(agreement.transcripts)}
    if unassessable:
        text += " " + _(
            "%(u)s kode tidak dapat dinilai karena salah satu pengode tidak pernah (atau selalu) memakainya; "
            "untuk kode itu hanya hitungan mentah yang dilaporkan."
        ) % {"u": fmt.integer(unassessable)}
    section.paragraphs.append(text)
    section.tables.append(
        Table(
            _("Kesepakatan antarpengode per kode (kappa Cohen) — %(cb)s") % {"cb": codebook.name},
            [
                _("Kode"),
                _("Tafsiran"),
                _("Kappa"),
                _("IK 95 %"),
                _("Kesepakatan teramati"),
                _("Berkode: keduanya / hanya A / hanya B"),
            ],
            [_agreement_cells(r) for r in shown],
            note=_(
                "Dihitung per kalimat atas transkrip yang dikodekan kedua pengode (%(s)s kalimat); "
                "tafsiran menurut Landis dan Koch (1977). Pengode A dan B: dua pengode buku kode ini, "
                "urut nama pengguna. Kappa tidak dapat dinilai bila satu pengode tidak pernah (atau selalu) "
                "memakai kode itu; interval tidak dicetak bila galat bakunya nol."
            )
            % {"s": fmt.integer(agreement.sentences)},
            numeric_from=2,
        )
    )


def _agreement_cells(row: Any) -> list[str]:
    """One report row; '–' where analysis.agreement gives no kappa or no interval."""
    k, counts = row.result, row.counts
    return [
        ("  " * row.depth) + row.code.name,
        row.label,
        fmt.num(k.kappa, 2) if k.estimable else "–",
        f"{fmt.num(k.ci_low, 2)} – {fmt.num(k.ci_high, 2)}" if k.has_interval else "–",
        fmt.pct(100 * k.observed_agreement),
        " / ".join(fmt.integer(c) for c in counts),
    ]
