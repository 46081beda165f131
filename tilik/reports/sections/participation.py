"""Participation, 20 JP and budget sections (tilik.programs, always installed: the foundation)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.reports.findings import MEASURED, Chart, Finding, Section, Table
from tilik.reports.links import link
from tilik.reports.scope import Scope


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
    names = {p.pk for p in scope.programs}
    rows = [r for r in sp.funnel(scope.year, units=scope.units) if r.program is not None and r.program.pk in names]
    if not rows or not sum(r.invited for r in rows):
        section.reason = _("Belum ada peserta yang diundang pada program ini.")
        return section
    section.status = MEASURED
    hide = scope.suppress

    def cnt(n: int) -> str:
        return _("< %(k)s") % {"k": scope.k} if hide and 0 < n < scope.k else fmt.integer(n)

    section.tables.append(
        Table(
            _("Tabel partisipasi per program (diundang → terdaftar → hadir → lulus)"),
            [_("Program"), _("Diundang"), _("Terdaftar"), _("Hadir"), _("Lulus"), _("Tingkat hadir")],
            [
                [
                    r.program.name if r.program else "",
                    cnt(r.invited),
                    cnt(r.registered),
                    cnt(r.attended),
                    cnt(r.completed),
                    fmt.pct(100.0 * r.attended / r.invited if r.invited else None),
                ]
                for r in rows
            ],
        )
    )
    invited, attended = sum(r.invited for r in rows), sum(r.attended for r in rows)
    rate = 100.0 * attended / invited if invited else None
    section.headline = _("%(pct)s peserta undangan hadir") % {"pct": fmt.pct(rate)}
    section.paragraphs.append(
        _("Dari %(invited)s undangan, %(attended)s peserta hadir (%(pct)s).")
        % {"invited": fmt.integer(invited), "attended": fmt.integer(attended), "pct": fmt.pct(rate)}
    )
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
    section.tables.append(
        Table(
            _("Tingkat partisipasi per OPD (IK 95 % Wilson)"),
            [_("OPD"), _("n"), _("Hadir"), _("Tingkat"), _("IK 95 %"), _("Lebih rendah dari yang lain")],
            [
                [
                    r.rate.group,
                    fmt.integer(r.rate.n),
                    fmt.integer(r.rate.k),
                    fmt.pct(100 * r.rate.rate),
                    f"{fmt.pct(100 * r.rate.ci_low)} – {fmt.pct(100 * r.rate.ci_high)}",
                    _("ya") if r.rate.lower_than_rest else _("tidak"),
                ]
                for r in shown
            ],
            note=_("OPD dengan kurang dari %(k)s peserta disembunyikan.") % {"k": scope.k} if hide else "",
        )
    )
    top = sorted(shown, key=lambda r: r.rate.rate)[:12]
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
            data.update(reason_code=reason[0], reason=reason[1], reason_n=reason[2])
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
    section.headline = _("%(pct)s ASN mencapai %(t)s JP") % {"pct": fmt.pct(o.pct), "t": fmt.integer(int(target))}
    section.paragraphs.append(
        _("%(c)s dari %(n)s ASN aktif (%(pct)s) telah mencapai %(t)s JP pada %(y)s; rata-rata %(m)s JP.")
        % {
            "c": fmt.integer(o.n_compliant),
            "n": fmt.integer(o.n),
            "pct": fmt.pct(o.pct),
            "t": fmt.integer(int(target)),
            "y": scope.year,
            "m": fmt.num(o.mean_jp),
        }
    )
    rows = [u for u in overview.by_opd if not u.hidden]
    section.tables.append(
        Table(
            _("Kepatuhan 20 JP per OPD"),
            [_("OPD"), _("ASN"), _("Mencapai target"), _("Persentase")],
            [[u.opd, fmt.integer(u.result.n), fmt.integer(u.result.n_compliant), fmt.pct(u.result.pct)] for u in rows],
        )
    )
    return section


def budget_section(scope: Scope) -> Section:
    from tilik.programs.selectors_budget import budget_overview

    section = Section("budget", _("Anggaran"), link=link("programs:budget", query=f"?tahun={scope.year}"))
    names = {p.pk for p in scope.programs}
    rows = [
        r
        for r in budget_overview(scope.year, low_pct=settings.TILIK_LOW_ABSORPTION_PCT)
        if r.program.pk in names and r.pagu > 0
    ]
    if not rows:
        section.reason = _("Belum ada pagu anggaran untuk program ini.")
        return section
    section.status = MEASURED
    pagu = sum(r.pagu for r in rows)
    real = sum(r.realisasi for r in rows)
    absorption = float(real / pagu * 100) if pagu else None
    section.headline = _("serapan %(pct)s") % {"pct": fmt.pct(absorption)}
    section.paragraphs.append(
        _("Pagu %(pagu)s, realisasi %(real)s: serapan %(pct)s.")
        % {"pagu": fmt.rupiah(pagu), "real": fmt.rupiah(real), "pct": fmt.pct(absorption)}
    )
    section.tables.append(
        Table(
            _("Pagu dan realisasi per program"),
            [_("Program"), _("Pagu"), _("Realisasi"), _("Serapan")],
            [[r.program.name, fmt.rupiah(r.pagu), fmt.rupiah(r.realisasi), fmt.pct(r.absorption_pct)] for r in rows],
        )
    )
    section.charts.append(
        Chart(
            "absorption",
            _("Serapan anggaran per program"),
            "barh",
            [r.program.name for r in rows][:15],
            {_("Serapan (%)"): [r.absorption_pct for r in rows][:15]},
            ylabel="%",
            reference=float(settings.TILIK_LOW_ABSORPTION_PCT),
        )
    )
    for r in rows:
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
                {"program": r.program.name, "pct": r.absorption_pct},
            )
        )
    return section


def roi_section(scope: Scope) -> Section:
    from tilik.programs.selectors_budget import program_budget

    section = Section("roi", _("Level 5 — ROI"), link=link("programs:budget", query=f"?tahun={scope.year}"))
    rows: list[Any] = []
    for program in scope.programs:
        b = program_budget(program)
        if b.roi is not None:
            rows.append((program, b))
    if not rows:
        section.reason = _("Belum ada asumsi manfaat (Phillips) dan realisasi biaya untuk menghitung ROI.")
        return section
    section.status = MEASURED
    section.tables.append(
        Table(
            _("ROI Phillips per program"),
            [_("Program"), _("Biaya"), _("Manfaat disesuaikan"), _("ROI"), _("BCR"), _("Rentang ROI (sensitivitas)")],
            [
                [
                    p.name,
                    fmt.rupiah(b.roi.costs),
                    fmt.rupiah(b.roi.adjusted_benefits),
                    fmt.pct(b.roi.roi_pct),
                    fmt.num(b.roi.bcr, 2),
                    f"{fmt.pct(b.sensitivity.low.roi_pct)} – {fmt.pct(b.sensitivity.high.roi_pct)}"
                    if b.sensitivity
                    else "–",
                ]
                for p, b in rows
            ],
            note=_(
                "Manfaat dikalikan faktor isolasi dan faktor keyakinan (Phillips); manfaat tak berwujud "
                "dilaporkan terpisah."
            ),
        )
    )
    only = rows[0][1].roi if len(rows) == 1 else None
    if only is not None:
        section.headline = _("ROI %(roi)s, BCR %(bcr)s") % {"roi": fmt.pct(only.roi_pct), "bcr": fmt.num(only.bcr, 2)}
        if fmt.interp(only):
            section.paragraphs.append(fmt.interp(only))
    else:
        section.headline = _("%(n)s program dengan ROI") % {"n": len(rows)}
    return section
