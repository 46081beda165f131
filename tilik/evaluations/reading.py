"""What the pages and the report say about one stored estimate, composed from its stored numbers.

The analysis package's own interpretation (with its column names and many decimals) stays on the
result page's technical details; readers get these sentences. Rules, in order:

* the headline sentence is ``estimation.sentence`` (direction word + absolute size + what it is measured
  against, as the design allows);
* ``n`` is named for what it counts per design (``N_COUNTS``), and participants are counted separately;
* the limitations paragraph states the design's assumption, the pre-trend (or balance) check, the
  numbers, the share of graduates with outcome data, and what would change the conclusion.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tilik.core import fmt
from tilik.evaluations.estimation import sentence
from tilik.evaluations.selectors_attribution import TREATED_AFTER_KEY

SMD_BALANCED = 0.1


def n_counts(design: str) -> str:
    """What an estimate's ``n`` counts, per design."""
    if design == "matched":
        return _("peserta/unit (terlatih dan pembanding terpakai)")
    if design == "its":
        return _("periode deret waktu")
    return _("observasi (entitas × periode)")


def n_text(run: Any) -> str:
    return f"{fmt.integer(run.n)} {n_counts(run.design)}"


def headline(run: Any) -> str:
    out = {"estimate": run.estimate, "ci_low": run.ci_low, "ci_high": run.ci_high, "p_value": run.p_value}
    return sentence(run.indicator.name, run.indicator.unit_of_measure, out, run.indicator.direction, run.design)


def _assumption(design: str) -> str:
    return {
        "did": _("tanpa program, peserta dan pembanding akan mengikuti tren yang sejajar"),
        "event_study": _(
            "tanpa program, angkatan yang dilatih dan yang belum dilatih akan mengikuti tren yang sejajar"
        ),
        "matched": _("peserta dan pembanding yang dicocokkan tidak berbeda pada hal yang tidak diamati"),
        "its": _("tidak ada perubahan lain pada saat yang sama yang memengaruhi hasil (tidak ada kelompok pembanding)"),
    }.get(design, _("hasil tidak akan berubah tanpa program (tidak ada kelompok pembanding, asumsi ini kuat)"))


def _check(run: Any) -> str:
    result = run.result or {}
    if run.design == "event_study":
        p = (result.get("event_study") or {}).get("pretrend_p")
        if p is None:
            return _("Uji pra-tren tidak tersedia.")
        if p < 0.05:
            return _(
                "Uji pra-tren: %(p)s; hasil sebelum pelatihan sudah berbeda antar kelompok, estimasi diragukan."
            ) % {"p": fmt.p_text(p)}
        return _(
            "Uji pra-tren: %(p)s; tidak ada bukti tren berbeda sebelum pelatihan (bukan bukti bahwa trennya sama)."
        ) % {"p": fmt.p_text(p)}
    if run.design == "matched":
        smds = [abs(b["smd_after"]) for b in result.get("balance", []) if b.get("smd_after") is not None]
        if not smds:
            return _("Keseimbangan kovariat tidak tersedia.")
        worst = max(smds)
        return (
            _("Keseimbangan setelah pencocokan: selisih baku terbesar %(s)s (seimbang bila ≤ %(t)s).")
            if worst <= SMD_BALANCED
            else _(
                "Keseimbangan setelah pencocokan: selisih baku terbesar %(s)s, melebihi %(t)s; "
                "pembanding kurang sebanding."
            )
        ) % {"s": fmt.num(worst, 2), "t": fmt.num(SMD_BALANCED, 1)}
    if run.design == "its":
        its = result.get("result") or {}  # the segmented regression's own result, beside the chart series
        return _("Deret waktu: %(pre)s periode sebelum dan %(post)s periode sesudah pelatihan.") % {
            "pre": fmt.integer(its.get("n_pre")),
            "post": fmt.integer(its.get("n_post")),
        }
    if run.design == "did":
        return _("Uji pra-tren tidak dijalankan untuk desain ini; periksa grafik tren peserta dan pembanding.")
    return _("Tanpa pembanding, tren sebelum pelatihan tidak dapat diuji.")


def _numbers(run: Any, attribution: Any) -> str:
    counts = run.input_counts or {}
    entity = _("unit layanan") if run.indicator.entity_kind == "unit" else _("peserta")
    treated = counts.get(TREATED_AFTER_KEY, counts.get("treated"))
    text = _("Estimasi dihitung dari %(t)s %(entity)s terlatih dengan data sesudah pelatihan (semua angkatan)") % {
        "t": fmt.integer(treated),
        "entity": entity,
    }
    if run.design in ("did", "matched", "event_study"):
        text += _(" dan %(c)s pembanding") % {"c": fmt.integer(counts.get("comparison"))}
    text += _("; n analisis %(n)s.") % {"n": n_text(run)}
    if attribution is not None and run.indicator.entity_kind == "employee" and attribution.completers:
        missing = max(attribution.completers - attribution.counted, 0)
        text += " " + _(
            "Dari %(c)s lulusan angkatan yang dinilai, %(k)s masuk estimasi ini dengan data hasil sesudah "
            "pelatihan; %(m)s tidak (tanpa data, atau selesai di luar masa rencana evaluasi)."
        ) % {"c": fmt.integer(attribution.completers), "k": fmt.integer(attribution.counted), "m": fmt.integer(missing)}
    return text


def _would_change(run: Any) -> str:
    lo, hi, p = fmt.to_float(run.ci_low), fmt.to_float(run.ci_high), fmt.to_float(run.p_value)
    unit = run.indicator.unit_of_measure
    if lo is None or hi is None or p is None:
        return _("Tanpa interval kepercayaan, kesimpulan belum dapat ditarik.")
    if p < 0.05 and (lo > 0 or hi < 0):
        near = min(abs(lo), abs(hi))
        return _(
            "Kesimpulan ini berubah bila asumsi desain tidak berlaku; data juga sejalan dengan efek sekecil "
            "%(near)s %(unit)s."
        ) % {"near": fmt.num(near, 2), "unit": unit}
    far = max(abs(lo), abs(hi))
    return _(
        "Interval kepercayaan mencakup nol dan juga efek hingga %(far)s %(unit)s: lebih banyak peserta atau "
        "periode pengamatan diperlukan untuk menyimpulkan ada atau tidak ada pengaruh."
    ) % {"far": fmt.num(far, 2), "unit": unit}


def limitations(run: Any, attribution: Any = None) -> str:
    """One paragraph: design and its assumption, the check, n, graduates with data, what would change it."""
    return " ".join(
        [
            _("Keterbatasan: desain %(design)s, dengan asumsi %(assume)s.")
            % {"design": run.get_design_display(), "assume": _assumption(run.design)},
            _check(run),
            _numbers(run, attribution),
            _would_change(run),
        ]
    )


def warnings_text(run: Any) -> str:
    """The estimator's own warnings, as one sentence ("" when none)."""
    items = [str(w).rstrip(".") for w in run.warnings or [] if str(w).strip()]
    return _("Catatan estimator: %(w)s.") % {"w": "; ".join(items)} if items else ""
