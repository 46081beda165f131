"""Participation, 20 JP and budget sections (tilik.programs, always installed: the foundation)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports.findings import MEASURED, Chart, Figure, Finding, Section, Table
from tilik.reports.links import link
from tilik.reports.scope import Scope
from tilik.reports.sections.costs import budget_section, roi_section  # noqa: F401 (moved; old import path)

AGE_OLDER = 50  # the age band the participation analysis compares (as the planner's "50+")


def _program_enrollment_ids(scope: Scope) -> set[int] | None:
    if scope.program is None:
        return None
    from tilik.programs.models import Enrollment

    return set(Enrollment.objects.filter(offering__program=scope.program).values_list("id", flat=True))


def _top_reasons(enrollment_ids: list[int]) -> tuple[str, str, int] | None:
    """The most frequent coded reason among these non-participants: (code, label, count)."""
    from tilik.programs.choices import AbsenceReason
    from tilik.programs.models import Enrollment

    codes = Counter(
        Enrollment.objects.filter(id__in=enrollment_ids).exclude(reason_code="").values_list("reason_code", flat=True)
    )
    if not codes:
        return None
    code, n = sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return code, str(dict(AbsenceReason.choices).get(code, code)), n


def participation_section(scope: Scope) -> Section:
    from tilik.programs import selectors_participation as sp

    section = Section(
        "participation",
        _("Partisipasi dan motivasi"),
        link=link("programs:participation", query=f"?tahun={scope.year}"),
    )
    rows, not_started = _started_funnel(scope)
    if not rows or not sum(r.invited for r in rows):
        section.reason = (
            _("Angkatan program ini belum dimulai; tingkat kehadiran dihitung setelah angkatan berjalan.")
            if not_started
            else _("Belum ada peserta yang diundang pada program ini.")
        )
        return section
    section.status = MEASURED
    hide = scope.suppress

    def cnt(n: int) -> str:
        return _("< %(k)s") % {"k": scope.k} if hide and 0 < n < scope.k else fmt.integer(n)

    funnel_cells, attended_hidden = _funnel_cells(rows, scope)

    section.tables.append(
        Table(
            _("Tabel partisipasi per program (diundang → terdaftar → hadir → lulus)"),
            [_("Program"), _("Diundang"), _("Terdaftar"), _("Hadir"), _("Lulus"), _("Tingkat hadir")],
            funnel_cells,
            note=_("Sel dengan kurang dari %(k)s orang disembunyikan, bersama sel pelengkapnya.") % {"k": scope.k}
            if hide
            else "",
        )
    )
    experiments = _experiments(scope)
    trial = {e.offering.program_id for e in experiments}
    # The headline rate is the ordinary invitation rounds: a reminder experiment's invitees include a
    # control arm deliberately left without reminders, reported on its own below.
    regular = [r for r in rows if r.program is None or r.program.pk not in trial] if trial else rows
    regular = regular or rows
    invited, attended = sum(r.invited for r in regular), sum(r.attended for r in regular)
    rate = 100.0 * attended / invited if invited else None
    if hide and (attended_hidden or 0 < attended < scope.k or 0 < invited < scope.k):
        rate = None  # the attended total would give a hidden cell back (disclosure control)
    section.headline = (
        _("%(pct)s peserta undangan hadir") % {"pct": fmt.pct(rate)}
        if rate is not None or not hide
        else _("disembunyikan (kurang dari %(k)s orang)") % {"k": scope.k}
    )
    if rate is not None:
        section.figure = Figure(
            fmt.pct(rate), _("peserta undangan hadir"), _("dari %(invited)s undangan") % {"invited": cnt(invited)}
        )
    section.paragraphs.append(
        _("Dari %(invited)s undangan, %(attended)s peserta hadir (%(pct)s).")
        % {
            "invited": cnt(invited),
            "attended": "–" if rate is None and hide else cnt(attended),
            "pct": fmt.pct(rate),
        }
    )
    if not_started:
        section.paragraphs.append(
            _(
                "%(n)s angkatan yang belum dimulai (%(names)s) tidak dihitung: undangannya masih berjalan, "
                "jadi pesertanya belum dapat dinilai hadir atau tidak."
            )
            % {"n": fmt.integer(len(not_started)), "names": ", ".join(not_started)}
        )
    if regular is not rows:
        section.paragraphs.append(
            _("Program dengan eksperimen pengingat tidak ikut dalam angka utama; hasilnya dilaporkan di bawah.")
        )
    for experiment in experiments:
        _experiment_paragraphs(experiment, section, scope)
    frame = sp.participation_frame(scope.year, units=scope.units)
    ids = _program_enrollment_ids(scope)
    if ids is not None:
        frame = frame[frame["enrollment"].isin(ids)]
    else:
        frame = frame[frame["enrollment"].isin(_year_enrollments(scope))]
    if len(frame) < 2:
        return section
    rates = sp.group_rates(frame, "opd", min_cell=scope.k if hide else None)
    shown = [r for r in rates if not r.hidden]
    split_hidden = _opd_hidden(rates, scope)  # attended or absent below k: count, rate and CI hidden
    shown = [r for r in shown if r.rate.group not in split_hidden]
    section.tables.append(
        Table(
            _("Tingkat partisipasi per OPD (IK 95 % Wilson)"),
            [_("OPD"), _("n"), _("Hadir"), _("Tingkat"), _("IK 95 %"), _("Lebih rendah dari OPD lain?")],
            [
                [
                    r.rate.group,
                    fmt.integer(r.rate.n),
                    fmt.integer(r.rate.k),
                    fmt.pct(100 * r.rate.rate),
                    f"{fmt.pct(100 * r.rate.ci_low)} – {fmt.pct(100 * r.rate.ci_high)}",
                    _lower_flag(r.rate),
                ]
                for r in shown
            ],
            note=" ".join(
                t
                for t in (
                    _(
                        "“Ya”: lebih rendah dari gabungan OPD lain menurut uji Fisher satu sisi, p setelah koreksi "
                        "Holm < 0,05. “Tidak terbukti”: perbedaannya tidak signifikan setelah koreksi Holm — "
                        "bukan bukti bahwa partisipasinya sama."
                    ),
                    _(
                        "OPD dengan kurang dari %(k)s peserta, atau kurang dari %(k)s yang hadir atau tidak hadir, "
                        "disembunyikan."
                    )
                    % {"k": scope.k}
                    if hide
                    else "",
                )
                if t
            ),
        )
    )
    top = sorted(shown, key=lambda r: r.rate.rate)  # every OPD shown in the table is charted
    if top:  # every OPD may be hidden (cells below k): no empty chart
        section.charts.append(
            Chart(
                "participation_opd",
                _("Tingkat partisipasi per OPD"),
                "barh",
                [r.rate.group for r in top],
                {_("Hadir (%)"): [100 * r.rate.rate for r in top]},
                ylabel="%",
            )
        )
    _age_effect(frame, section, scope)
    for r in shown:
        if not r.rate.lower_than_rest:
            continue
        missing = frame[(frame["opd"] == r.rate.group) & (frame["not_part"] == 1)]["enrollment"].tolist()
        reason = _top_reasons(missing)
        data: dict[str, Any] = {
            "unit": r.rate.group,
            "rate": 100 * r.rate.rate,
            "n": r.rate.n,
            "p_adjusted": r.rate.p_adjusted,
        }
        text = _("Partisipasi di %(unit)s %(pct)s, lebih rendah dari OPD lain (p Holm %(p)s)") % {
            "unit": r.rate.group,
            "pct": fmt.pct(100 * r.rate.rate),
            "p": fmt.pvalue(r.rate.p_adjusted),
        }
        if reason is not None:
            small = hide and 0 < reason[2] < scope.k  # never a count below k, not even in a finding's data
            data.update(reason_code=reason[0], reason=reason[1], reason_n=None if small else reason[2])
            text += _("; alasan terbanyak: %(reason)s (%(n)s orang)") % {"reason": reason[1], "n": cnt(reason[2])}
        section.findings.append(Finding(f"participation:{r.rate.group}", "low_participation", text + ".", data))
    return section


def _year_enrollments(scope: Scope) -> set[int]:
    from tilik.programs.models import Enrollment

    return set(Enrollment.objects.filter(offering__program__in=scope.programs).values_list("id", flat=True))


def jp_section(scope: Scope) -> Section:
    from tilik.programs.selectors_jp import jp_overview

    target = float(settings.TILIK_JP_TARGET)
    section = Section(
        "jp", _("Hak 20 JP pengembangan kompetensi"), link=link("programs:jp", query=f"?tahun={scope.year}")
    )
    overview = jp_overview(scope.year, target=target, units=scope.units, min_cell=scope.k if scope.suppress else None)
    if overview.overall is None:
        section.reason = _("Belum ada data ASN aktif atau buku JP.")
        return section
    section.status = MEASURED
    o = overview.overall
    # A share is a count in disguise: hidden when those meeting or missing the target are fewer than k.
    small = scope.suppress and bool(_split_hidden([("_", o.n_compliant, o.n)], scope))
    pct = fmt.pct(None if small else o.pct)
    section.headline = (
        _("disembunyikan (kurang dari %(k)s orang)") % {"k": scope.k}
        if small
        else _("%(pct)s ASN mencapai %(t)s JP") % {"pct": pct, "t": fmt.integer(int(target))}
    )
    if not small:
        section.figure = Figure(
            pct,
            _("ASN mencapai %(t)s JP") % {"t": fmt.integer(int(target))},
            _("%(c)s dari %(n)s ASN aktif; rata-rata %(m)s JP")
            % {"c": fmt.integer(o.n_compliant), "n": fmt.integer(o.n), "m": fmt.num(o.mean_jp)},
        )
    section.paragraphs.append(
        _("%(c)s dari %(n)s ASN aktif (%(pct)s) telah mencapai %(t)s JP pada %(y)s; rata-rata %(m)s JP.")
        % {
            "c": "–" if small else fmt.integer(o.n_compliant),
            "n": fmt.integer(o.n),
            "pct": pct,
            "t": fmt.integer(int(target)),
            "y": scope.year,
            "m": fmt.num(o.mean_jp),
        }
    )
    rows = [u for u in overview.by_opd if not u.hidden]
    # Meeting or missing the target below k is a cell too (n and the count give the rest).
    split = _split_hidden([(u.opd, u.result.n_compliant, u.result.n) for u in rows], scope)
    rows = [u for u in rows if u.opd not in split]
    section.tables.append(
        Table(
            _("Kepatuhan 20 JP per OPD"),
            [_("OPD"), _("ASN"), _("Mencapai target"), _("Persentase")],
            [[u.opd, fmt.integer(u.result.n), fmt.integer(u.result.n_compliant), fmt.pct(u.result.pct)] for u in rows],
            note=_(
                "OPD dengan kurang dari %(k)s ASN, atau kurang dari %(k)s yang mencapai atau belum mencapai target, "
                "disembunyikan."
            )
            % {"k": scope.k}
            if scope.suppress
            else "",
        )
    )
    return section


def _started_funnel(scope: Scope) -> tuple[list[Any], list[str]]:
    """Invited -> registered -> attended -> completed per programme over offerings that have ended, and the
    offerings left out (not finished yet: their invitees cannot have attended)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from tilik.org.models import UnitMembership
    from tilik.programs import selectors_participation as sp
    from tilik.programs.models import Enrollment, Offering

    today = timezone.localdate()
    offerings = Offering.objects.filter(program__in=scope.programs)
    pending = [str(o) for o in offerings.filter(end_date__gte=today).select_related("program").order_by("start_date")]
    qs = Enrollment.objects.filter(offering__in=offerings.filter(end_date__lt=today))
    if scope.units is not None:
        current = UnitMembership.objects.filter(end_date__isnull=True, unit__in=scope.units).values("employee_id")
        qs = qs.filter(employee_id__in=current)
    counts = {
        row["offering__program"]: row
        for row in qs.values("offering__program").annotate(
            invited=Count("id"),
            registered=Count("id", filter=Q(status__in=sp.EVER_REGISTERED)),
            attended=Count("id", filter=Q(status__in=sp.TOOK_PART)),
            completed=Count("id", filter=Q(status=sp.S.COMPLETED)),
        )
    }
    rows = [
        sp.FunnelRow(p, *(counts[p.pk][k] for k in ("invited", "registered", "attended", "completed")))
        for p in sorted(scope.programs, key=lambda p: p.name)
        if p.pk in counts
    ]
    return rows, pending


def _lower_flag(rate: Any) -> str:
    """"Ya" only when the group is lower after Holm's correction; otherwise the difference is unproven."""
    if rate.p_adjusted is None:
        return "–"
    p = fmt.pvalue(rate.p_adjusted)
    if rate.lower_than_rest:
        return _("ya (p Holm %(p)s)") % {"p": p}
    return _("tidak terbukti (p Holm %(p)s)") % {"p": p}


def _experiments(scope: Scope) -> list[Any]:
    from tilik.programs.models import ReminderExperiment

    return list(
        ReminderExperiment.objects.filter(offering__program__in=scope.programs)
        .select_related("offering__program")
        .order_by("created_at", "id")
    )


def _uplift_sentence(arm: str, up: Any) -> str:
    """The plain reading of one randomised arm against control (attendance), with its CI and p."""
    values = {
        "arm": arm,
        "d": fmt.num(abs(up.estimate) * 100, 1),
        "lo": fmt.num(up.ci_low * 100, 1),
        "hi": fmt.num(up.ci_high * 100, 1),
        "p": fmt.p_text(up.p_value),
    }
    if up.p_value < 0.05 and up.estimate > 0:
        return _("%(arm)s menaikkan partisipasi %(d)s poin persen, IK 95 %% %(lo)s s.d. %(hi)s, %(p)s.") % values
    if up.p_value < 0.05:
        return _("%(arm)s menurunkan partisipasi %(d)s poin persen, IK 95 %% %(lo)s s.d. %(hi)s, %(p)s.") % values
    return (
        _(
            "Pengaruh %(arm)s terhadap partisipasi tidak terbukti: selisih %(d)s poin persen, "
            "IK 95 %% %(lo)s s.d. %(hi)s memuat nol, %(p)s."
        )
        % values
    )


def _experiment_paragraphs(experiment: Any, section: Section, scope: Scope) -> None:
    """A randomised reminder experiment: hadir per arm, the uplift over control with its CI, and a sentence."""
    from tilik.programs.selectors_strategies import experiment_results

    arms = experiment_results(experiment)
    control = next((a for a in arms if a.attendance_uplift is None), None)
    if control is None or len(arms) < 2:
        return
    # Rates and uplifts give each arm's attended and absent counts back: both sides are cells too.
    hide = scope.suppress and (
        any(a.n < scope.k for a in arms) or bool(_split_hidden([(a.label, a.attended, a.n) for a in arms], scope))
    )
    if hide:
        section.paragraphs.append(
            _(
                "Eksperimen pengingat %(name)s: ada kelompok dengan kurang dari %(k)s orang yang diundang, hadir "
                "atau tidak hadir; hasil tidak ditampilkan."
            )
            % {"name": experiment.name, "k": scope.k}
        )
        return
    section.paragraphs.append(
        _(
            "Eksperimen pengingat acak “%(name)s” (%(offering)s): %(n)s undangan diacak ke %(arms)s kelompok; "
            "kelompok kontrol tanpa pengingat hadir %(rate)s."
        )
        % {
            "name": experiment.name,
            "offering": str(experiment.offering),
            "n": fmt.integer(sum(a.n for a in arms)),
            "arms": fmt.integer(len(arms)),
            "rate": fmt.pct(100.0 * control.attended / control.n if control.n else None),
        }
    )
    rows = []
    for a in arms:
        up = a.attendance_uplift
        rows.append(
            [
                a.label,
                fmt.integer(a.n),
                fmt.integer(a.attended),
                fmt.pct(100.0 * a.attended / a.n if a.n else None),
                fmt.points(up.estimate) if up else "–",
                f"{fmt.points(up.ci_low)} s.d. {fmt.points(up.ci_high)}" if up else "–",
                fmt.pvalue(up.p_value) if up else "–",
            ]
        )
        if up is not None:
            section.paragraphs.append(_uplift_sentence(a.label, up))
            section.findings.append(
                Finding(
                    f"experiment:{experiment.pk}:{a.arm}",
                    "reminder_experiment",
                    _uplift_sentence(a.label, up),
                    {
                        "arm": a.arm,
                        "estimate": up.estimate,
                        "ci_low": up.ci_low,
                        "ci_high": up.ci_high,
                        "p_value": up.p_value,
                    },
                )
            )
    section.tables.append(
        Table(
            _("Eksperimen pengingat: kehadiran per kelompok acak"),
            [_("Kelompok"), _("Diundang"), _("Hadir"), _("Tingkat hadir"), _("Selisih vs kontrol (poin)"),
             _("IK 95 %"), _("p")],
            rows,
            note=" ".join(
                t
                for t in (
                    _("Selisih proporsi dengan IK skor Newcombe dan uji skor dua sisi; kelompok ditentukan acak."),
                    scope.citywide_note(),  # the randomised arms are read whole, not cut by the viewer's unit
                )
                if t
            ),
        )
    )


def _age_effect(frame: Any, section: Section, scope: Scope) -> None:
    """Participation of ASN aged 50+ against younger ASN: the two rates, the difference with its CI and p."""
    from analysis.experiments import proportion_uplift

    older = frame[frame["age"] >= AGE_OLDER]
    younger = frame[frame["age"] < AGE_OLDER]
    if older.empty or younger.empty:
        return
    if scope.suppress and min(len(older), len(younger)) < scope.k:
        return
    split = [(name, int(g["took_part"].sum()), len(g)) for name, g in (("tua", older), ("muda", younger))]
    if _split_hidden(split, scope):  # each rate with its n gives attended and absent counts back
        return
    up = proportion_uplift(
        k_treat=int(older["took_part"].sum()),
        n_treat=len(older),
        k_control=int(younger["took_part"].sum()),
        n_control=len(younger),
    )
    values = {
        "old": fmt.pct(100 * up.extra["rate_treat"]),
        "young": fmt.pct(100 * up.extra["rate_control"]),
        "no": fmt.integer(len(older)),
        "ny": fmt.integer(len(younger)),
        "d": fmt.points(up.estimate),
        "lo": fmt.points(up.ci_low),
        "hi": fmt.points(up.ci_high),
        "p": fmt.p_text(up.p_value),
        "age": AGE_OLDER,
    }
    text = _(
        "Umur: ASN berumur %(age)s tahun ke atas ikut %(old)s (n = %(no)s), yang lebih muda %(young)s "
        "(n = %(ny)s); selisih %(d)s poin persen, IK 95 %% %(lo)s s.d. %(hi)s, %(p)s."
    ) % values
    if up.p_value >= 0.05:
        text += " " + _("Perbedaan menurut umur tidak terbukti pada data ini.")
    section.paragraphs.append(text)
    section.findings.append(
        Finding(
            "participation:age",
            "age_participation",
            text,
            {"estimate": up.estimate, "ci_low": up.ci_low, "ci_high": up.ci_high, "p_value": up.p_value},
        )
    )


def _funnel_cells(rows: list[Any], scope: Scope) -> tuple[list[list[str]], bool]:
    """The funnel table as readers may see it, and whether the attended total must be hidden.

    The funnel's columns are cumulative; underneath lie four disjoint groups per programme (not registered,
    registered but absent, attended but not passed, passed). Those are suppressed with complementary cells
    (analysis.disclosure.suppress) and a programme with any hidden group shows only its invited total, since
    each cumulative cell would give a hidden group back by subtraction. A single-programme table with a hidden
    group also hides the attended total that the paragraph prints.
    """
    import pandas as pd

    from tilik.core.disclosure import suppress_table

    def rate(r: Any) -> str:
        return fmt.pct(100.0 * r.attended / r.invited if r.invited else None)

    def name_of(r: Any) -> str:
        return r.program.name if r.program else ""

    if not scope.suppress or not rows:
        cells = [
            [name_of(r), *map(fmt.integer, (r.invited, r.registered, r.attended, r.completed)), rate(r)] for r in rows
        ]
        return cells, False
    groups = pd.DataFrame(
        [[r.invited - r.registered, r.registered - r.attended, r.attended - r.completed, r.completed] for r in rows],
        columns=["tidak_daftar", "tidak_hadir", "tidak_lulus", "lulus"],
    )
    mask = suppress_table(groups, k=scope.k).mask.to_numpy()
    small = _("< %(k)s") % {"k": scope.k}
    out = []
    for r, hidden in zip(rows, mask, strict=True):
        name = name_of(r)
        if not hidden.any():
            out.append([name, *map(fmt.integer, (r.invited, r.registered, r.attended, r.completed)), rate(r)])
        else:
            total = small if 0 < r.invited < scope.k or len(rows) == 1 and hidden.all() else fmt.integer(r.invited)
            out.append([name, total, "–", "–", "–", "–"])
    return out, len(rows) == 1 and bool(mask.any())


def _opd_hidden(rates: list[Any], scope: Scope) -> set[str]:
    """OPD whose attended count may not be shown: attended or absent below k, with complementary rows."""
    return _split_hidden([(r.rate.group, r.rate.k, r.rate.n) for r in rates if not r.hidden], scope)


def _split_hidden(groups: list[tuple[str, int, int]], scope: Scope) -> set[str]:
    """Groups (name, yes, n) whose yes/no split may not be shown, with complementary groups.

    n and the yes count together give the no count, so both sides of the split are cells.
    """
    if not scope.suppress or not groups:
        return set()
    import pandas as pd

    from tilik.core.disclosure import suppress_table

    table = pd.DataFrame([[yes, n - yes] for _g, yes, n in groups], index=[g for g, _y, _n in groups])
    mask = suppress_table(table, k=scope.k).mask
    return {str(g) for g in mask.index[mask.any(axis=1)]}
