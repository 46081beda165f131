"""Choose and call the analysis estimator for a plan's design. No statistics here: analysis/ does them.

Each function takes the frame from ``selectors.analysis_frame`` and returns a plain dict with the
headline (estimate, se, CI, p, n, method, warnings, interpretations), the full result (``to_dict``) and
chart series. ``naive_prepost`` is the before/after change at the participants alone, shown beside
every design so the evaluator sees what the comparison group removes.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.utils import translation
from django.utils.translation import gettext as _

from analysis.its import interrupted_time_series
from analysis.matching import match
from analysis.panel import event_study, staggered, twfe
from analysis.regression import effect
from analysis.results import Estimate
from tilik.core.fmt import num, p_text
from tilik.evaluations.frame_names import column_labels, label_of, readable
from tilik.evaluations.models import EvaluationPlan
from tilik.evaluations.selectors import employee_attributes, entity_summary, group_series
from tilik.performance.periods import period_index


def _headline(est: Estimate) -> dict[str, Any]:
    return {
        "estimate": est.estimate,
        "se": est.se,
        "ci_low": est.ci_low,
        "ci_high": est.ci_high,
        "p_value": est.p_value,
        "n": est.n,
        "method": est.method,
        "warnings": list(est.warnings),
        "interpretation_id": est.interpretation_id,
        "interpretation_en": est.interpretation_en,
    }


def clean_cohort(df: pd.DataFrame, plan: EvaluationPlan) -> pd.DataFrame:
    """For two-window designs: comparison entities, plus participants first treated between the windows."""
    lo = period_index(plan.pre_end, plan.frequency)
    hi = period_index(plan.post_start, plan.frequency)
    ok = (df["treated"] == 0) | ((df["first_treated"] > lo) & (df["first_treated"] <= hi))
    return df[ok]


def naive_prepost(df: pd.DataFrame, plan: EvaluationPlan) -> dict[str, Any]:
    """After-minus-before at the participants only (entity fixed effects, clustered by entity).

    Each participant's periods from its first treated period (``d``) against its periods before. For
    two-window designs only the clean cohort counts (there ``d`` equals ``post``); for the event study
    every staggered cohort counts, each around its own start, like the estimate shown beside it.
    """
    part = df if plan.design == "event_study" else clean_cohort(df, plan)
    part = part[part["treated"] == 1].assign(entity=lambda x: "e" + x["entity"].astype(str))
    try:
        est = effect(part, outcome="value", treatment="d", covariates=["entity"], se="cluster", cluster="entity")
    except ValueError as exc:
        return {"error": str(exc)}
    return _headline(est)


def run_did(df: pd.DataFrame, plan: EvaluationPlan) -> dict[str, Any]:
    est = twfe(df, outcome="value", treatment="d", unit="entity", period="period", se="cluster")
    return {**_headline(est), "result": est.to_dict()}


def run_prepost(df: pd.DataFrame, plan: EvaluationPlan) -> dict[str, Any]:
    out = naive_prepost(df, plan)
    if "error" in out:
        raise ValueError(out["error"])
    out["warnings"] = [
        *out["warnings"],
        _(
            "Tanpa kelompok pembanding: perubahan ini mencampur efek program dengan "
            "tren yang akan terjadi juga tanpa program."
        ),
    ]
    return {**out, "result": {}}


def run_matched(df: pd.DataFrame, plan: EvaluationPlan) -> dict[str, Any]:
    """Nearest-neighbour matching (analysis.matching) on the before/after change of each entity.

    Categorical attributes in ``match_on`` first restrict the comparison pool to the cells (e.g. golongan ×
    sex) that occur among participants; then entities are matched by Mahalanobis distance on those
    attributes and the baseline outcome.
    """
    summary = entity_summary(clean_cohort(df, plan))
    categorical = [c for c in plan.match_on if c != "baseline"]
    if categorical:
        attrs = employee_attributes([int(e) for e in summary["entity"]], plan.pre_end)
        summary = summary.merge(attrs, on="entity", how="left")
        cells = summary[summary["treated"] == 1][categorical].drop_duplicates()
        pool = summary[summary["treated"] == 0].merge(cells, on=categorical, how="inner")
        summary = pd.concat([summary[summary["treated"] == 1], pool], ignore_index=True)
        categorical = [c for c in categorical if summary[c].nunique() > 1]
    covariates = [*categorical, "baseline"]
    est = match(
        summary,
        outcome="change",
        treatment="treated",
        covariates=covariates,
        method="mahalanobis",
        caliper=None,
    )
    return {**_headline(est), "result": est.to_dict(), "balance": est.extra.get("balance", [])}


def run_its(df: pd.DataFrame, plan: EvaluationPlan) -> dict[str, Any]:
    part = clean_cohort(df, plan)
    series = part[part["treated"] == 1].groupby("period")["value"].mean().sort_index()
    full = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
    first_post = period_index(plan.post_start, plan.frequency)
    index = (
        int(full.index.get_loc(first_post))  # type: ignore[arg-type]
        if first_post in full.index
        else int((full.index < first_post).sum())
    )
    res = interrupted_time_series(full.to_numpy().tolist(), intervention_index=index)
    head = _headline(res.level_change)
    head.update(
        method=res.method,
        warnings=list(res.warnings),
        interpretation_id=res.interpretation_id,
        interpretation_en=res.interpretation_en,
    )
    return {
        **head,
        "result": res.to_dict(),
        "its_values": [None if math.isnan(v) else float(v) for v in full],
        "its_index": index,
    }


def run_event_study(df: pd.DataFrame, plan: EvaluationPlan) -> dict[str, Any]:
    es = event_study(
        df,
        outcome="value",
        unit="entity",
        period="period",
        first_treated="first_treated",
        leads=plan.leads,
        lags=plan.lags,
    )
    cs = staggered(df, outcome="value", unit="entity", period="period", first_treated="first_treated")
    out = {**_headline(cs), "result": cs.to_dict(), "event_study": es.to_dict()}
    out["warnings"] = list(dict.fromkeys([*cs.warnings, *es.warnings]))
    out["interpretation_id"] = f"{cs.interpretation_id} {es.interpretation_id}"
    out["interpretation_en"] = f"{cs.interpretation_en} {es.interpretation_en}"
    return out


RUNNERS = {
    "did": run_did,
    "prepost": run_prepost,
    "matched": run_matched,
    "its": run_its,
    "event_study": run_event_study,
}


def estimate_plan(df: pd.DataFrame, plan: EvaluationPlan, outcome_label: str = "value") -> dict[str, Any]:
    # analysis/ quotes the frame's columns ('value', 'change', 'golongan=III') in what it says; readers need
    # the indicator and covariates by the names they know, in the interpretation, warnings and errors alike.
    labels = column_labels(outcome_label)
    try:
        out = RUNNERS[plan.design](df, plan)
    except ValueError as exc:
        raise ValueError(readable(str(exc), labels)) from exc
    out["series"] = group_series(df)
    out["interpretation_id"] = readable(out["interpretation_id"], labels)
    with translation.override("en"):
        out["interpretation_en"] = readable(out["interpretation_en"], column_labels(outcome_label))
    out["warnings"] = [readable(str(w), labels) for w in out["warnings"]]
    for row in out.get("balance") or []:
        row["covariate"] = label_of(str(row["covariate"]), labels)
    return out


def _num(value: float) -> str:
    return num(value, 1)  # rounds: Django's number_format alone truncates (-5.08 -> "-5,0")


# Designs that estimate against a comparison group; ITS compares with the participants' own earlier trend
# and pre/post with nothing. The wording of every estimate follows this table, never the design's name.
HAS_COMPARISON = frozenset({"did", "matched", "event_study"})


def against(design: str) -> str:
    """What the change is measured against, for the sentence after the number."""
    if design in HAS_COMPARISON:
        return _("dibanding kelompok pembanding")
    if design == "its":
        return _("dibanding tren sebelum pelatihan (tanpa kelompok pembanding)")
    return _("(tanpa kelompok pembanding)")


def sentence(indicator_name: str, unit: str, out: dict[str, Any], direction: str, design: str) -> str:
    """ "Waktu registrasi pasien turun 4,8 menit (IK 95 %: 3,9–5,7) dibanding kelompok pembanding; ...".

    The direction word carries the sign (never "turun −4,8"); "not significant" is worded as "cannot yet be
    told apart from zero", never as "no effect".
    """
    est, lo, hi = out["estimate"], out["ci_low"], out["ci_high"]
    if est is None or not math.isfinite(est):
        return ""
    if lo is None or hi is None:
        ci = "–"
    elif (lo < 0) == (hi < 0):
        a, b = sorted((abs(lo), abs(hi)))
        ci = f"{_num(a)}–{_num(b)}"
    else:
        ci = _("%(lo)s s.d. %(hi)s") % {"lo": _num(lo), "hi": _num(hi)}
    values = {"name": indicator_name, "value": _num(abs(est)), "unit": unit, "ci": ci, "against": against(design)}
    text = (
        _("%(name)s turun %(value)s %(unit)s (IK 95 %%: %(ci)s) %(against)s")
        if est < 0
        else _("%(name)s naik %(value)s %(unit)s (IK 95 %%: %(ci)s) %(against)s")
    ) % values
    good = (est < 0) == (direction == "lower")
    if out["p_value"] is not None and out["p_value"] < 0.05:
        text += (
            _("; perubahan ini membaik dan signifikan secara statistik (%(p)s).")
            if good
            else _("; perubahan ini memburuk dan signifikan secara statistik (%(p)s).")
        ) % {"p": p_text(out["p_value"])}
    else:
        text += _(
            "; belum dapat dibedakan dari nol (%(p)s): data belum cukup untuk menyimpulkan ada atau tidak ada pengaruh."
        ) % {"p": p_text(out["p_value"])}
    return text
