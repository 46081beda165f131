"""Recommendations derived from findings by explicit rules. Each cites the finding it rests on.

The rules (documented for evaluators in docs/panduan-laporan.md):

R1 ``low_participation``  A unit whose participation is significantly lower than the rest (Fisher test,
   Holm-adjusted p < 0.05, from analysis.participation) AND whose non-participants name a coded reason
   → a strategy targeted at that reason for that unit.
R2 ``reliability``        A questionnaire construct with Cronbach's alpha < 0.70 (one finding per instrument
   construct: its lowest alpha over the waves) → revise its items.
R3 ``effect``             A Level 2 or Level 4 effect whose 95 % CI includes zero (indistinguishable from
   zero) → redesign the programme, or stop it if a redesign is not possible.
R4 ``absorption``         Budget absorption below ``TILIK_LOW_ABSORPTION_PCT`` (default 80 %, the same
   setting that flags low absorption on the programme budget pages) → replan the budget and schedule.

Rules are pure functions of findings; the evaluator edits the text before export (ReportEdit).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tilik.core import fmt
from tilik.reports.findings import Finding, Recommendation

ALPHA_MIN = 0.70


def absorption_min() -> float:
    """The low-absorption threshold in percent, shared with the programme budget pages."""
    return float(settings.TILIK_LOW_ABSORPTION_PCT)


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


def _low_participation(f: Finding) -> str | None:
    if not f.data.get("reason_code"):
        return None
    strategy = STRATEGIES.get(f.data["reason_code"], STRATEGIES["lainnya"])
    return _("Strategi terarah untuk %(unit)s: alasan utama tidak ikut adalah “%(reason)s”; %(strategy)s.") % {
        "unit": f.data["unit"],
        "reason": f.data["reason"],
        "strategy": str(strategy),
    }


def _reliability(f: Finding) -> str | None:
    alpha = f.data.get("alpha")
    if alpha is None or alpha >= ALPHA_MIN:
        return None
    return _(
        "Revisi butir konstruk “%(c)s” pada instrumen %(i)s (alfa %(a)s < 0,70) sebelum gelombang "
        "berikutnya: periksa butir dengan korelasi butir-total rendah."
    ) % {"c": f.data["construct"], "i": f.data["instrument"], "a": fmt.num(alpha, 2)}


def _effect(f: Finding) -> str | None:
    lo, hi = f.data.get("ci_low"), f.data.get("ci_high")
    if lo is None or hi is None or not (lo <= 0 <= hi):
        return None
    return _(
        "Rancang ulang %(p)s atau hentikan bila perancangan ulang tidak mungkin: efek Level %(l)s tidak "
        "dapat dibedakan dari nol (IK 95 %% %(lo)s – %(hi)s)."
    ) % {"p": f.data.get("program", ""), "l": f.data.get("level", ""), "lo": fmt.num(lo, 2), "hi": fmt.num(hi, 2)}


def _absorption(f: Finding) -> str | None:
    pct, threshold = f.data.get("pct"), absorption_min()
    if pct is None or pct >= threshold:
        return None
    return _("Rencanakan ulang anggaran dan jadwal %(p)s: serapan %(pct)s di bawah %(min)s.") % {
        "p": f.data["program"],
        "pct": fmt.pct(pct),
        "min": fmt.pct(threshold, 0),
    }


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
