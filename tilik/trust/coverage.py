"""The coverage analysis as readers see it: per index the staggered DiD estimate, its 95 % CI, the minimum
meaningful effect (MME), the reading against it, and the event study's pre-trend test. Used by the analysis
page and the report section "Citra dan kepercayaan publik"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from analysis.decision import default_mme
from analysis.trust import CoverageEffect, effect_reading
from tilik.core import fmt
from tilik.org.models import Unit
from tilik.trust.catalogue import SHORT
from tilik.trust.selectors_panel import DEFAULT_THRESHOLD, Panel, coverage_effects, coverage_panel

SCALE: dict[str, tuple[float, float]] = {"ikm": (25.0, 100.0), "ipkp": (1.0, 4.0), "ipak": (1.0, 4.0)}
TRUST_SCALE = (0.0, 10.0)


def label(outcome: str) -> str:
    return "IKM" if outcome == "ikm" else str(SHORT[outcome])


def mme_for(outcome: str) -> float:
    lo, hi = SCALE.get(outcome, TRUST_SCALE)
    found = default_mme(unit="", min_value=lo, max_value=hi, baseline=None)
    if found is None:  # pragma: no cover - every scale here is bounded
        raise ValueError(outcome)
    return found[0]


@dataclass
class Row:
    outcome: str
    label: str
    effect: CoverageEffect
    mme: float
    reading: str  # analysis.trust.effect_reading code, or "none" without an estimate
    text: str


def _text(outcome: str, eff: CoverageEffect, mme: float, reading: str) -> str:
    s = eff.staggered
    if s is None:
        return _("Tidak dapat diestimasi: %(why)s") % {"why": "; ".join(eff.warnings) or _("data kurang")}
    nums = {
        "est": fmt.num(s.estimate, 2),
        "lo": fmt.num(s.ci_low, 2),
        "hi": fmt.num(s.ci_high, 2),
        "mme": fmt.num(mme, 2),
    }
    if reading == "at_least_mme":
        return (
            _("Naik %(est)s (IK 95 %% %(lo)s sampai %(hi)s): seluruh interval di atas efek minimum bermakna %(mme)s.")
            % nums
        )
    if reading == "positive":
        return (
            _(
                "Naik %(est)s (IK 95 %% %(lo)s sampai %(hi)s): ada bukti kenaikan, tetapi belum pasti sebesar efek "
                "minimum bermakna %(mme)s."
            )
            % nums
        )
    if reading == "below_mme" and s.ci_high < 0:
        return _("Turun %(est)s (IK 95 %% %(lo)s sampai %(hi)s): seluruh interval di bawah nol.") % nums
    if reading == "below_mme" and s.ci_low > 0:
        return (
            _(
                "Naik %(est)s (IK 95 %% %(lo)s sampai %(hi)s), tetapi seluruh interval di bawah efek minimum "
                "bermakna %(mme)s: kenaikannya lebih kecil dari yang dianggap bermakna."
            )
            % nums
        )
    if reading == "below_mme":
        return (
            _(
                "Tidak ada bukti kenaikan (IK 95 %% %(lo)s sampai %(hi)s mencakup nol), dan seluruh interval di "
                "bawah efek minimum bermakna %(mme)s: data tidak mendukung efek yang bermakna."
            )
            % nums
        )
    return (
        _(
            "Tidak ada bukti efek (bukan bukti tidak ada efek): IK 95 %% %(lo)s sampai %(hi)s mencakup nol dan efek "
            "minimum bermakna %(mme)s; perlu lebih banyak unit atau periode."
        )
        % nums
    )


def coverage_rows(
    program_name: str, units: list[Unit], *, threshold: float = DEFAULT_THRESHOLD
) -> tuple[Panel, list[Row]]:
    panel = coverage_panel(program_name, units)
    rows: list[Row] = []
    if panel.frame.empty:
        return panel, rows
    for outcome, eff in coverage_effects(panel, threshold=threshold).items():
        mme = mme_for(outcome)
        s = eff.staggered
        reading = "none" if s is None else effect_reading(s.ci_low, s.ci_high, mme)
        rows.append(Row(outcome, label(outcome), eff, mme, reading, _text(outcome, eff, mme, reading)))
    return panel, rows


def limitations(panel: Panel, threshold: float) -> str:
    units = panel.frame["unit"].nunique() if not panel.frame.empty else 0
    return _(
        "Analisis tingkat unit dan observasional: %(units)s unit pelayanan, %(periods)s semester. Unit dihitung "
        "terlatih mulai semester pertama ketika sedikitnya %(pct)s stafnya telah menyelesaikan program (cakupan "
        "dihitung dari semua staf unit; Tilik tidak menyimpan tanda staf garis depan). Estimasi: DiD bertahap "
        "Callaway–Sant'Anna dengan unit yang belum pernah terlatih sebagai pembanding, dan studi peristiwa untuk "
        "memeriksa tren sebelum pelatihan. Desain ini tidak dapat memisahkan pelatihan dari perubahan lain yang "
        "terjadi di unit yang sama pada waktu yang sama, dan dengan sedikit unit intervalnya lebar. Nilai "
        "unit-semester dengan kurang dari k responden tidak dipakai."
    ) % {"units": units, "periods": len(panel.labels), "pct": fmt.pct(threshold * 100, 0)}


def coverage_table(panel: Panel) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """Coverage (share of staff trained) per unit and semester, for display."""
    if panel.frame.empty:
        return panel.labels, []
    out = []
    for name, group in panel.frame.groupby("unit_name", sort=True):
        by_label = dict(zip(group["label"], group["coverage"], strict=True))
        out.append((str(name), [by_label.get(lbl) for lbl in panel.labels]))
    return panel.labels, out
