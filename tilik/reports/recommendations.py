"""Recommendations derived from findings by explicit rules. Each cites the finding it rests on.

The rules (documented for evaluators in docs/panduan-laporan.md):

R1 ``low_participation``  A unit whose participation is significantly lower than the rest (Fisher test,
   Holm-adjusted p < 0.05, from analysis.participation) AND whose non-participants name a coded reason
   → a strategy targeted at that reason for that unit.
R2 ``reliability``        A questionnaire construct with Cronbach's alpha < 0.70 → revise its items.
R3 ``effect``             A Level 2 or Level 4 effect whose 95 % CI includes zero (indistinguishable from
   zero) → redesign the programme, or stop it if a redesign is not possible.
R4 ``absorption``         Budget absorption < 80 % → replan the budget and schedule.

Rules are pure functions of findings; the evaluator edits the text before export (ReportEdit).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tilik.reports import fmt
from tilik.reports.findings import Finding, Recommendation

ALPHA_MIN = 0.70
ABSORPTION_MIN = 80.0

STRATEGIES = {
    "beban_kerja": _l("jadwalkan pelatihan di luar puncak beban kerja dan atur pengganti tugas dengan atasan"),
    "tidak_diizinkan": _l("kirim surat tugas dari Sekda kepada pimpinan unit sebelum angkatan dibuka"),
    "tidak_perlu": _l("jelaskan manfaat pelatihan bagi jabatan dan kaitkan dengan hak 20 JP"),
    "tidak_termotivasi": _l("kaitkan kelulusan dengan pengembangan karier dan beri pengakuan kepada alumni"),
    "jadwal_bentrok": _l("tawarkan lebih dari satu jadwal atau kelas e-learning/blended"),
    "lokasi_jauh": _l("selenggarakan kelas di lokasi unit atau secara daring"),
    "sakit": _l("sediakan angkatan susulan"),
    "tidak_tahu": _l("kirim undangan langsung (WhatsApp/surel) dan pengingat kepada peserta dan atasannya"),
    "lainnya": _l("wawancarai pimpinan unit untuk menemukan hambatan utamanya"),
}


def _low_participation(f: Finding) -> str | None:
    if not f.data.get("reason_code"):
        return None
    strategy = STRATEGIES.get(f.data["reason_code"], STRATEGIES["lainnya"])
    return _("Strategi terarah untuk %(unit)s: alasan utama tidak ikut adalah “%(reason)s”; %(strategy)s.") % {
        "unit": f.data["unit"], "reason": f.data["reason"], "strategy": str(strategy)}


def _reliability(f: Finding) -> str | None:
    alpha = f.data.get("alpha")
    if alpha is None or alpha >= ALPHA_MIN:
        return None
    return _("Revisi butir konstruk “%(c)s” pada instrumen %(i)s (alfa %(a)s < 0,70) sebelum gelombang "
             "berikutnya: periksa butir dengan korelasi butir-total rendah.") % {
        "c": f.data["construct"], "i": f.data["instrument"], "a": fmt.num(alpha, 2)}


def _effect(f: Finding) -> str | None:
    lo, hi = f.data.get("ci_low"), f.data.get("ci_high")
    if lo is None or hi is None or not (lo <= 0 <= hi):
        return None
    return _("Rancang ulang %(p)s atau hentikan bila perancangan ulang tidak mungkin: efek Level %(l)s tidak "
             "dapat dibedakan dari nol (IK 95 %% %(lo)s – %(hi)s).") % {
        "p": f.data.get("program", ""), "l": f.data.get("level", ""), "lo": fmt.num(lo, 2), "hi": fmt.num(hi, 2)}


def _absorption(f: Finding) -> str | None:
    pct = f.data.get("pct")
    if pct is None or pct >= ABSORPTION_MIN:
        return None
    return _("Rencanakan ulang anggaran dan jadwal %(p)s: serapan %(pct)s di bawah 80 %%.") % {
        "p": f.data["program"], "pct": fmt.pct(pct)}


RULES: dict[str, tuple[str, Callable[[Finding], str | None]]] = {
    "low_participation": ("R1", _low_participation),
    "reliability": ("R2", _reliability),
    "effect": ("R3", _effect),
    "absorption": ("R4", _absorption),
}


def derive(findings: list[Finding]) -> list[Recommendation]:
    out = []
    for finding in findings:
        rule = RULES.get(finding.kind)
        if rule is None:
            continue
        text = rule[1](finding)
        if text:
            out.append(Recommendation(finding.key, rule[0], text, finding.key, finding.text))
    return out


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
