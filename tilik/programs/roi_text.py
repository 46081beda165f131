"""The sentences the ROI rule prints (programme budget page and the report's Level 5 section), in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tilik.core import fmt

MISSING = {
    "no_plan": gettext_lazy("belum ada rencana evaluasi dampak untuk program ini"),
    "no_primary": gettext_lazy("rencana evaluasi belum menetapkan indikator utama"),
    "no_run": gettext_lazy("indikator utama belum diestimasi"),
    "no_mme": gettext_lazy("efek minimum bermakna indikator utama belum ditetapkan"),
}


def missing_text(code: str) -> str:
    """A selectors_decision code in words; a text from the attribution guard passes through."""
    return str(MISSING[code]) if code in MISSING else code


def reason_text(status: Any) -> str:
    """Why no ROI is concluded ("" when it is)."""
    reason = status.reason
    if reason == "no_assumption":
        return _("ROI tidak dihitung: asumsi manfaat (konversi ke rupiah) belum diisi.")
    if reason == "no_realisasi":
        return _("ROI tidak dihitung: belum ada realisasi anggaran.")
    if reason == "no_effect":
        return _("ROI tidak dapat disimpulkan: belum ada efek terisolasi (%(why)s).") % {
            "why": missing_text(status.missing)
        }
    if reason == "no_link":
        return _(
            "ROI tidak dapat disimpulkan: asumsi manfaat belum dikaitkan dengan efek terukur "
            "(isi “perubahan hasil terukur”)."
        )
    e = status.primary.effect if status.primary is not None else None
    ci = f"{fmt.num(e.ci_low, 2)} – {fmt.num(e.ci_high, 2)}" if e is not None else "–"
    if reason == "wrong_sign":
        return _("ROI tidak dapat disimpulkan: efek %(ind)s mengarah ke arah yang memburuk (IK 95 %% %(ci)s).") % {
            "ind": e.indicator if e else "",
            "ci": ci,
        }
    if reason == "not_credible":
        return _("ROI tidak dapat disimpulkan: efek %(ind)s belum dapat dibedakan dari nol (IK 95 %% %(ci)s).") % {
            "ind": e.indicator if e else "",
            "ci": ci,
        }
    return ""


@dataclass(frozen=True)
class RoiLines:
    """Everything the ROI block prints; each quantity appears once."""

    reason: str = ""
    conversion: str = ""  # the unit conversion, shown once
    per_asn: str = ""  # Rp per ASN per year
    result: str = ""  # ROI and BCR with their ranges
    costs: str = ""  # fully loaded costs


def roi_lines(budget: Any) -> RoiLines:
    status, roi, a = budget.roi_status, budget.roi, budget.assumption
    costs = _(
        "Biaya penuh %(full)s = realisasi %(real)s + waktu kerja peserta di kelas %(time)s "
        "(%(h)s jam-peserta; rentang %(lo)s – %(hi)s)."
    ) % {
        "full": fmt.rupiah(budget.full_cost),
        "real": fmt.rupiah(budget.realisasi),
        "time": fmt.rupiah(budget.time.cost),
        "h": fmt.num(budget.time.hours, 0),
        "lo": fmt.rupiah(float(budget.realisasi) + budget.time.cost_low),
        "hi": fmt.rupiah(float(budget.realisasi) + budget.time.cost_high),
    }
    if roi is None or not roi.concluded:
        return RoiLines(reason=reason_text(status), costs=costs)
    e = status.primary.effect
    uom = status.primary.indicator.unit_of_measure if status.primary.indicator is not None else ""
    conversion = _(
        "Konversi: perbaikan 1 %(uom)s pada %(ind)s bernilai %(v)s per ASN per tahun (%(h)s jam kerja dihemat "
        "× %(c)s per jam)."
    ) % {
        "uom": uom,
        "ind": e.indicator,
        "h": fmt.num(status.hours_per_unit, 1),
        "c": fmt.rupiah(a.hourly_cost),
        "v": fmt.rupiah(roi.value_per_unit),
    }
    per_asn = _(
        "Manfaat per ASN per tahun: perbaikan %(e)s %(uom)s × %(v)s × isolasi %(iso)s × keyakinan %(conf)s = %(b)s; "
        "untuk %(n)s lulusan yang angkatannya selesai dalam masa data: %(total)s (rentang %(lo)s – %(hi)s, "
        "dari IK 95 %% efek)."
    ) % {
        "e": fmt.num(roi.effect, 2),
        "uom": uom,
        "v": fmt.rupiah(roi.value_per_unit),
        "iso": fmt.num(roi.isolation, 2),
        "conf": fmt.num(roi.confidence, 2),
        "b": fmt.rupiah(roi.benefit_per_beneficiary),
        "n": fmt.integer(roi.beneficiaries),
        "total": fmt.rupiah(roi.benefits),
        "lo": fmt.rupiah(roi.benefits_low),
        "hi": fmt.rupiah(roi.benefits_high),
    }
    result = _("ROI %(roi)s (rentang %(lo)s s.d. %(hi)s); BCR %(bcr)s (rentang %(blo)s s.d. %(bhi)s).") % {
        "roi": fmt.pct(roi.roi_pct),
        "lo": fmt.pct(roi.roi_low),
        "hi": fmt.pct(roi.roi_high),
        "bcr": fmt.num(roi.bcr, 2),
        "blo": fmt.num(roi.bcr_low, 2),
        "bhi": fmt.num(roi.bcr_high, 2),
    }
    return RoiLines(conversion=conversion, per_asn=per_asn, result=result, costs=costs)
