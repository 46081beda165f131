"""One verdict per programme from the decision table, the actions beside it, and the instrument rules.

The table itself is pure (analysis.decision; documented for evaluators in docs/panduan-laporan.md, and in
the report's appendix): K1 lanjutkan dan perluas, K2 lanjutkan, K3 perbaiki pelaksanaan, K4 belum cukup
bukti — kumpulkan data, K5 hentikan atau rancang ulang, K0 belum dapat dievaluasi. Beside the verdict:

A1 ``participation``  a unit whose participation is significantly lower (Holm-adjusted) and whose
   non-participants name a coded reason → a strategy for that reason (not for a K5 programme).
A2 ``absorption``     absorption below ``TILIK_LOW_ABSORPTION_PCT`` once every angkatan has ended → replan
   schedule and spending (K5: return or reallocate the rest, never more money).
A3 ``overspend``      a budget line realised above its pagu → account for it.
A4 ``scale``          K1 only → more seats next year.

Instrument rule (not about a programme):

R2 ``reliability``    a construct whose pooled Cronbach's alpha has its whole 95 % CI (Feldt) below 0.70 →
   revise its items. A low point estimate with a CI reaching 0.70 is not flagged (small samples are noisy).

Every verdict and action cites its rule and the finding it rests on; the evaluator edits texts before export.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysis.decision import Action, Decision, decide
from tilik.core import fmt
from tilik.reports.findings import Finding, Recommendation, Table, Verdict

ALPHA_MIN = 0.70

LABELS = {
    "expand": gettext_lazy("Lanjutkan dan perluas"),
    "continue": gettext_lazy("Lanjutkan"),
    "improve_delivery": gettext_lazy("Perbaiki pelaksanaan"),
    "collect_data": gettext_lazy("Belum cukup bukti — kumpulkan data"),
    "redesign": gettext_lazy("Hentikan atau rancang ulang"),
    "not_evaluable": gettext_lazy("Belum dapat dievaluasi"),
}

MME_BASIS = {
    "plan": gettext_lazy("ditetapkan dalam rencana evaluasi"),
    "percent": gettext_lazy("bawaan: 5 poin persen"),
    "range": gettext_lazy("bawaan: 5 persen rentang skala"),
    "baseline": gettext_lazy("bawaan: 10 persen rata-rata awal kelompok terlatih"),
}

N_KIND = {
    "employee": gettext_lazy("peserta"),
    "unit": gettext_lazy("unit layanan"),
    "period": gettext_lazy("periode"),
}


STRATEGIES = {
    "beban_kerja": gettext_lazy(
        "jadwalkan pelatihan di luar puncak beban kerja dan atur pengganti tugas dengan atasan"
    ),
    "tidak_diizinkan": gettext_lazy("kirim surat tugas dari Sekda kepada pimpinan unit sebelum angkatan dibuka"),
    "tidak_perlu": gettext_lazy("jelaskan manfaat pelatihan bagi jabatan dan kaitkan dengan hak 20 JP"),
    "tidak_termotivasi": gettext_lazy("kaitkan kelulusan dengan pengembangan karier dan beri pengakuan kepada alumni"),
    "jadwal_bentrok": gettext_lazy("tawarkan lebih dari satu jadwal atau kelas e-learning/blended"),
    "lokasi_jauh": gettext_lazy("selenggarakan kelas di lokasi unit atau secara daring"),
    "sakit": gettext_lazy("sediakan angkatan susulan"),
    "tidak_tahu": gettext_lazy("kirim undangan langsung (WhatsApp/surel) dan pengingat kepada peserta dan atasannya"),
    "lainnya": gettext_lazy("wawancarai pimpinan unit untuk menemukan hambatan utamanya"),
}


def _strategy(unit: str, reason_code: str, reason: str) -> str:
    strategy = STRATEGIES.get(reason_code, STRATEGIES["lainnya"])
    return _("Strategi terarah untuk %(unit)s: alasan utama tidak ikut adalah “%(reason)s”; %(strategy)s.") % {
        "unit": unit,
        "reason": reason,
        "strategy": str(strategy),
    }


def _cite(rule: str, basis: str) -> str:
    return _("(dasar %(rule)s: %(basis)s)") % {"rule": rule, "basis": basis}


# --- R2: instrument reliability -----------------------------------------------------------------------------


def _reliability(f: Finding) -> str | None:
    high = f.data.get("alpha_ci_high")
    if high is None or high >= ALPHA_MIN:
        return None
    return _(
        "Revisi butir konstruk “%(c)s” pada instrumen %(i)s sebelum gelombang berikutnya: alfa gabungan %(a)s "
        "dengan IK 95 %% %(lo)s – %(hi)s, seluruhnya di bawah 0,70; periksa butir dengan korelasi butir-total rendah."
    ) % {
        "c": f.data["construct"],
        "i": f.data["instrument"],
        "a": fmt.num(f.data.get("alpha"), 2),
        "lo": fmt.num(f.data.get("alpha_ci_low"), 2),
        "hi": fmt.num(high, 2),
    }


def derive(findings: list[Finding], *, participation: bool = True) -> list[Recommendation]:
    """Recommendations that are not about one programme: R2, and (for a year report) R1 per unit."""
    out = []
    for f in findings:
        if f.kind == "reliability":
            text = _reliability(f)
            if text:
                out.append(Recommendation(f.key, "R2", text, f.key, f.text))
        elif participation and f.kind == "low_participation" and f.data.get("reason_code"):
            text = _strategy(f.data["unit"], f.data["reason_code"], f.data.get("reason", ""))
            out.append(Recommendation(f.key, "A1", text, f.key, f.text))
    return out


# --- the programme verdicts ----------------------------------------------------------------------------------


def _effect_sentence(inputs: Any) -> str:
    status = inputs.primary
    e = status.effect
    uom = status.indicator.unit_of_measure if status.indicator is not None else ""
    sentence = _(
        "Indikator utama %(ind)s: estimasi %(est)s %(uom)s, IK 95 %% %(lo)s – %(hi)s; efek minimum bermakna "
        "%(mme)s %(uom)s (%(basis)s)."
    ) % {
        "ind": e.indicator,
        "est": fmt.num(e.estimate, 2),
        "uom": uom,
        "lo": fmt.num(e.ci_low, 2),
        "hi": fmt.num(e.ci_high, 2),
        "mme": fmt.num(e.mme, 2),
        "basis": str(MME_BASIS.get(status.mme_basis, "")),
    }
    if not e.higher_is_better:
        sentence += " " + _("Untuk indikator ini penurunan berarti perbaikan.")
    return sentence


def _basis_text(code: str, d: Decision, inputs: Any) -> str:
    ev = inputs.evidence
    if code == "ci_above_mme":
        return _("seluruh IK berada di atas efek minimum bermakna")
    if code == "roi_non_negative":
        return _("rentang ROI %(lo)s s.d. %(hi)s tidak merugi") % {
            "lo": fmt.pct(ev.roi_low),
            "hi": fmt.pct(ev.roi_high),
        }
    if code == "roi_unknown":
        return _("ROI belum dapat disimpulkan, sehingga perluasan belum dianjurkan")
    if code == "roi_may_be_negative":
        return _("rentang ROI %(lo)s s.d. %(hi)s masih memuat kerugian, sehingga perluasan belum dianjurkan") % {
            "lo": fmt.pct(ev.roi_low),
            "hi": fmt.pct(ev.roi_high),
        }
    if code == "ci_above_zero":
        return _("IK tidak memuat nol: ada perbaikan")
    if code == "mme_in_ci":
        return _("besarnya belum pasti mencapai efek minimum bermakna")
    if code == "ci_below_mme":
        text = _("seluruh IK di bawah efek minimum bermakna: bukti bahwa efeknya tidak bermakna")
        if d.tost is not None:
            text += " " + _("(uji ekuivalensi satu sisi terhadap efek minimum bermakna, %(p)s)") % {
                "p": fmt.p_text(d.tost.p_upper)
            }
        return text
    if code == "wrong_sign":
        return _("seluruh IK berada di arah memburuk")
    if code == "ci_spans_zero_mme":
        return _(
            "IK memuat nol dan efek minimum bermakna: belum ada bukti ada atau tidak adanya efek "
            "(ini bukan bukti bahwa program tidak berefek)"
        )
    if code == "learning_ok":
        shown = [f.text for f in inputs.learning_findings if (f.data.get("ci_low") or 0) > 0][:1]
        # The finding already names its level ("Level 2 (…): …") and ends with a full stop.
        return _("peserta belajar (%(f)s)") % {"f": shown[0].rstrip(".") if shown else "–"}
    if code == "transfer_poor":
        return _("tetapi belum ada bukti perilaku kerja berubah menurut penilaian 360° (Level 3: %(n)s)") % {
            "n": inputs.transfer_note or "–"
        }
    if code == "no_primary":
        from tilik.programs.roi_text import missing_text

        if not ev.missing_reason:
            return _("belum ada estimasi indikator utama")
        from tilik.evaluations.selectors_attribution import why

        # The verdict's label already says "Belum dapat dievaluasi"; give the cause alone.
        return why(missing_text(ev.missing_reason))
    return code


def _reason(d: Decision, inputs: Any) -> str:
    parts = []
    if inputs.evidence.primary is not None:
        parts.append(_effect_sentence(inputs))
    basis = "; ".join(_basis_text(code, d, inputs) for code in d.basis)
    parts.append(basis[:1].upper() + basis[1:] + ".")
    if d.power is not None and d.power.exceeds_available:
        # More than exist: "collect more" would be an empty promise; say the design cannot decide.
        parts.append(
            (
                _(
                    "Perhitungan daya uji: perlu sekitar %(total)s unit layanan (kini %(now)s), lebih dari jumlah "
                    "unit yang ada (%(available)s): desain ini tidak dapat memutuskan; pertimbangkan indikator "
                    "tingkat pegawai atau periode lebih panjang."
                )
                if inputs.primary.n_kind == "unit"
                else _(
                    "Perhitungan daya uji: perlu sekitar %(total)s peserta (kini %(now)s), lebih dari jumlah "
                    "pegawai yang ada (%(available)s): desain ini tidak dapat memutuskan; pertimbangkan periode "
                    "pengamatan lebih panjang atau indikator yang lebih peka."
                )
            )
            % {
                "total": fmt.integer(d.power.n_required),
                "now": fmt.integer(d.power.n_now),
                "available": fmt.integer(d.power.n_available),
            }
        )
    elif d.power is not None:
        kind = str(N_KIND.get(inputs.primary.n_kind, N_KIND["employee"]))
        parts.append(
            _(
                "Perhitungan daya uji: perlu sekitar %(more)s %(kind)s lagi (total %(total)s, kini %(now)s) "
                "agar IK 95 %% cukup sempit untuk memutuskan, dengan asumsi galat baku mengecil sebanding akar n."
            )
            % {
                "more": fmt.integer(d.power.additional),
                "kind": kind,
                "total": fmt.integer(d.power.n_required),
                "now": fmt.integer(d.power.n_now),
            }
        )
    return " ".join(parts)


def _action(a: Action, inputs: Any) -> Recommendation:
    """One action as an editable recommendation: its text, rule and the finding it rests on."""
    ev, name = inputs.evidence, inputs.evidence.program
    key = f"action:{name}:{a.code}" + (f":{a.subject}" if a.subject else "")
    absorption = _("serapan %(pct)s setelah semua angkatan selesai, di bawah %(min)s") % {
        "pct": fmt.pct(ev.absorption_pct),
        "min": fmt.pct(ev.low_absorption_pct, 0),
    }
    if a.code == "scale_budget":
        text = _("Tambah kuota atau angkatan %(p)s pada tahun anggaran berikutnya.") % {"p": name}
        basis = str(LABELS["expand"])
    elif a.code == "participation":
        unit = next(u for u in ev.low_units if u.unit == a.subject)
        text = _strategy(unit.unit, unit.reason_code, unit.reason)
        basis = _("partisipasi %(u)s lebih rendah dari unit lain (p Holm < 0,05)") % {"u": unit.unit}
    elif a.code == "absorption_replan":
        text = _("Perbaiki jadwal dan perencanaan anggaran %(p)s agar pagu terserap sesuai rencana.") % {"p": name}
        basis = absorption
    elif a.code == "absorption_return":
        text = _("Jangan menambah pagu %(p)s sebelum dirancang ulang; sisa pagu dikembalikan atau dialihkan.") % {
            "p": name
        }
        basis = absorption
    else:  # overspend
        text = _("Periksa dan pertanggungjawabkan baris anggaran %(p)s yang melampaui pagunya.") % {"p": name}
        basis = _("%(n)s baris melebihi pagu") % {"n": fmt.integer(ev.over_lines)}
    return Recommendation(key, a.rule, text, key, basis)


def _printed(item: Recommendation) -> str:
    return f"{item.text} {_cite(item.rule, item.finding_text)}"


def verdict_for(inputs: Any) -> Verdict:
    d = decide(inputs.evidence)
    items = [_action(a, inputs) for a in d.actions]
    return Verdict(
        program=inputs.evidence.program,
        code=d.verdict,
        label=str(LABELS[d.verdict]),
        rule=d.rule,
        reason=_reason(d, inputs),
        actions=[_printed(i) for i in items],
        action_items=items,
    )


def build(scope: Any, findings: list[Finding]) -> tuple[list[Verdict], list[Recommendation]]:
    """The report's verdicts (one per programme in scope) and its other recommendations."""
    from tilik.reports.evidence import low_units, program_inputs
    from tilik.reports.sections.costs import budget_rows

    one = scope.program is not None
    units = low_units(findings) if one else ()
    rows = {r.program.pk: r for r in budget_rows(scope)}
    verdicts = [
        verdict_for(program_inputs(p, findings, budget_row=rows.get(p.pk), units=units)) for p in scope.programs
    ]
    recs = derive(findings, participation=not one)
    if verdicts and all(v.code == "redesign" for v in verdicts):
        recs = [r for r in recs if r.rule != "A1"]  # no participation drive when every programme is to be redesigned
    return verdicts, recs


CONDITIONS = [
    (
        "K1",
        "expand",
        gettext_lazy("batas bawah IK indikator utama ≥ efek minimum bermakna (EMB) dan batas bawah rentang ROI ≥ 0"),
    ),
    (
        "K2",
        "continue",
        gettext_lazy(
            "batas bawah IK ≥ EMB tanpa rentang ROI yang tak merugi; atau 0 < batas bawah IK < EMB ≤ batas atas"
        ),
    ),
    (
        "K3",
        "improve_delivery",
        gettext_lazy(
            "bukan K1/K2; peserta belajar (Level 2), belum ada bukti perilaku kerja berubah (Level 3, 360°), reaksi "
            "(Level 1) tidak buruk"
        ),
    ),
    ("K0", "not_evaluable", gettext_lazy("bukan K1–K3 dan belum ada estimasi indikator utama (alasan disebut)")),
    (
        "K5",
        "redesign",
        gettext_lazy("batas atas IK < EMB: bukti efek tidak bermakna (uji ekuivalensi satu sisi) atau arah memburuk"),
    ),
    (
        "K4",
        "collect_data",
        gettext_lazy(
            "batas bawah IK ≤ 0 dan batas atas ≥ EMB: belum ada bukti; perhitungan daya uji menyebut data tambahan"
        ),
    ),
]


def decision_table() -> Table:
    """The decision table for the report's appendix (the same rows as docs/panduan-laporan.md)."""
    return Table(
        _("Lampiran C. Tabel keputusan program (dicoba berurutan K1, K2, K3, K0, K5, K4)"),
        [_("Aturan"), _("Keputusan"), _("Syarat")],
        [[rule, str(LABELS[code]), str(text)] for rule, code, text in CONDITIONS],
        note=_(
            "IK dibalik arahnya sehingga positif = perbaikan. EMB ditetapkan pada rencana evaluasi; bawaannya 5 poin "
            "persen, 5 persen rentang skala, atau 10 persen rata-rata awal kelompok terlatih. ROI hanya dihitung dari "
            "efek indikator utama yang IK-nya tidak memuat nol. Tindakan A1–A4 tidak pernah bertentangan dengan "
            "keputusan."
        ),
        numeric_from=99,
    )


def page_verdicts(scope: Any, sections: list[Any]) -> list[Verdict]:
    """The programme page's verdict: the same inputs and the evaluator's edited texts as the report."""
    from tilik.reports.models import ReportEdit
    from tilik.reports.sections.participation import participation_section
    from tilik.reports.selectors import report_key

    findings = [f for s in sections for sub in [s, *s.subsections] for f in sub.findings]
    findings += participation_section(scope).findings
    verdicts = build(scope, findings)[0]
    edit = ReportEdit.objects.filter(key=report_key(scope)).first()
    apply_action_edits(verdicts, edit.recommendations if edit else {})
    return verdicts


def apply_action_edits(verdicts: list[Verdict], edits: dict[str, str]) -> None:
    """The evaluator's texts for the actions beside each verdict (an empty text drops the action)."""
    for v in verdicts:
        v.action_items = apply_edits(v.action_items, edits)
        v.actions = [_printed(i) for i in v.action_items]


def form_items(verdicts: list[Verdict], recs: list[Recommendation]) -> list[Recommendation]:
    """What the evaluator may edit: every action beside a verdict, then the other recommendations."""
    return [i for v in verdicts for i in v.action_items] + recs


def apply_edits(recs: list[Recommendation], edits: dict[str, str]) -> list[Recommendation]:
    """The evaluator's edited texts replace the derived ones (an empty text drops a recommendation)."""
    out = []
    for rec in recs:
        if rec.key in edits:
            if not edits[rec.key].strip():
                continue
            rec.text = edits[rec.key].strip()
        out.append(rec)
    return out
