"""The comparison group a plan proposes, before it is run: who would be compared with whom, and how alike
they are (a balance table), so the evaluator can judge the design before estimating.

For an employee indicator the proposal is the run's own pool (``selectors.analysis_frame``): ASN who
completed an angkatan of the plan's programmes against ASN with data in the same windows who did not
take part (not-yet-trained), optionally restricted to the unit types of the treated ones. The table lists
the baseline outcome (mean in the pre window) and the shares by sex, unit type, golongan and age band,
with the standardised mean difference (``analysis.matching.balance_before``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from analysis.matching import balance_before
from tilik.evaluations import selectors
from tilik.evaluations.models import EvaluationPlan
from tilik.evaluations.selectors_decision import primary_indicator

IMBALANCED = 0.25  # |SMD| above this: the groups differ enough that matching or adjustment is advised


@dataclass(frozen=True)
class BalanceLine:
    label: str
    treated: float
    comparison: float
    smd: float | None

    @property
    def flagged(self) -> bool:
        return self.smd is not None and abs(self.smd) > IMBALANCED


@dataclass(frozen=True)
class ComparisonPreview:
    indicator: str
    n_treated: int
    n_comparison: int
    lines: list[BalanceLine] = field(default_factory=list)
    reason: str = ""  # why no table (then the counts may be zero)


def _dummies(attrs: pd.DataFrame, column: str, label: str) -> pd.DataFrame:
    values = attrs[column].fillna("").astype(str)
    out = pd.DataFrame(index=attrs.index)
    for value in sorted(v for v in values.unique() if v):
        out[f"{label}: {value}"] = (values == value).astype(float)
    return out


def comparison_preview(plan: EvaluationPlan) -> ComparisonPreview | None:
    """The proposed comparison group for the plan's primary (or only) employee indicator; None otherwise."""
    indicator = primary_indicator(plan)
    if indicator is None or indicator.entity_kind != "employee":
        return None
    df, _counts = selectors.analysis_frame(plan, indicator)
    if df.empty:
        return ComparisonPreview(indicator.name, 0, 0, reason=_("Belum ada data %(i)s pada masa rencana ini.")
                                 % {"i": indicator.name})
    summary = selectors.entity_summary(df)
    baseline = df[df["post"] == 0].groupby("entity")["value"].mean()
    entities = sorted(set(summary["entity"]) | set(baseline.index))
    treated = df.groupby("entity")["treated"].first()
    n_t = int((treated == 1).sum())
    n_c = int((treated == 0).sum())
    if not n_t or not n_c:
        why = _("Belum ada peserta yang lulus dengan data pada masa rencana.") if not n_t else _(
            "Tidak ada ASN pembanding (belum dilatih) dengan data pada masa rencana.")
        return ComparisonPreview(indicator.name, n_t, n_c, reason=why)
    attrs = selectors.employee_attributes([int(e) for e in entities], plan.pre_end).set_index("entity")
    attrs = attrs.reindex(entities)
    x = pd.DataFrame(index=entities)
    x[_("Nilai awal (rata-rata masa sebelum)")] = baseline.reindex(entities)
    x[_("Perempuan")] = (attrs["sex"] == "P").astype(float)
    x = x.join(_dummies(attrs, "unit_type", _("Jenis unit")))
    x = x.join(_dummies(attrs, "golongan", _("Golongan")))
    x = x.join(_dummies(attrs, "age_band", _("Umur")))
    x = x.dropna(subset=[x.columns[0]])
    d = treated.reindex(x.index).fillna(0).astype(int).to_numpy()
    lines = [BalanceLine(r["covariate"], r["mean_treated"], r["mean_control"],
                         None if math.isnan(r["smd"]) else r["smd"]) for r in balance_before(x, d)]
    return ComparisonPreview(indicator.name, n_t, n_c, lines)
