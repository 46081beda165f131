"""Writes for evaluations: plans and runs. A run stores everything needed to reproduce it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import analysis
from analysis.results import to_jsonable
from tilik.core.audit import audit_record
from tilik.evaluations.estimation import estimate_plan, naive_prepost, sentence
from tilik.evaluations.models import Design, EvaluationPlan, EvaluationRun
from tilik.evaluations.selectors import analysis_frame, frame_sha256
from tilik.evaluations.selectors_attribution import COHORTS_KEY, TREATED_AFTER_KEY, cohort_counts, treated_after
from tilik.performance.models import Indicator
from tilik.programs.models import Program

MIN_ENTITIES = 2


@transaction.atomic
def evaluation_plan_create(
    *,
    name: str,
    programs: Iterable[Program],
    indicators: Iterable[Indicator],
    design: str,
    pre_start: dt.date,
    pre_end: dt.date,
    post_start: dt.date,
    post_end: dt.date,
    by: Any,
    **fields: Any,
) -> EvaluationPlan:
    indicators = list(indicators)
    if design == Design.ITS and any(i.entity_kind != "unit" for i in indicators):
        raise ValidationError({"design": _("Deret waktu terinterupsi hanya untuk indikator unit layanan.")})
    primary = fields.get("primary_indicator")
    if primary is not None and primary not in indicators:
        raise ValidationError(
            {"primary_indicator": _("Indikator utama harus salah satu indikator hasil rencana ini.")}
        )
    plan = EvaluationPlan(
        name=name,
        design=design,
        pre_start=pre_start,
        pre_end=pre_end,
        post_start=post_start,
        post_end=post_end,
        **fields,
    )
    plan.full_clean()
    plan.save()
    plan.programs.set(list(programs))
    plan.indicators.set(indicators)
    audit_record(actor=by, action="evaluation_plan.create", target=plan, design=design)
    return plan


@transaction.atomic
def evaluation_plan_decision_set(
    *, plan: EvaluationPlan, primary_indicator: Indicator | None, min_meaningful_effect: float | None, by: Any
) -> EvaluationPlan:
    """Set the indicator the programme verdict rests on and the smallest effect worth having."""
    if primary_indicator is not None and not plan.indicators.filter(pk=primary_indicator.pk).exists():
        raise ValidationError(
            {"primary_indicator": _("Indikator utama harus salah satu indikator hasil rencana ini.")}
        )
    plan.primary_indicator = primary_indicator
    plan.min_meaningful_effect = min_meaningful_effect
    plan.full_clean()
    plan.save(update_fields=["primary_indicator", "min_meaningful_effect"])
    audit_record(
        actor=by,
        action="evaluation_plan.decision",
        target=plan,
        primary_indicator=primary_indicator.pk if primary_indicator else None,
        min_meaningful_effect=min_meaningful_effect,
    )
    return plan


def _clean_float(value: Any) -> float | None:
    cleaned = to_jsonable(value)
    return cleaned if isinstance(cleaned, float) else (float(cleaned) if isinstance(cleaned, int) else None)


@transaction.atomic
def evaluation_run(*, plan: EvaluationPlan, indicator: Indicator, by: Any) -> EvaluationRun:
    """Build the frame, call the estimator for the plan's design, store the result.

    Too few units or an estimator that cannot fit give a stored run with the reason in ``error`` and
    ``warnings`` (never a crash), so the page can say why.
    """
    df, counts = analysis_frame(plan, indicator)
    # The attribution guard's record: which angkatan the treated group holds, with outcomes after training.
    counts[COHORTS_KEY] = cohort_counts(plan, indicator.entity_kind, df)
    counts[TREATED_AFTER_KEY] = len(treated_after(plan, df))
    params = {
        "design": plan.design,
        "frequency": plan.frequency,
        "pre": [plan.pre_start.isoformat(), plan.pre_end.isoformat()],
        "post": [plan.post_start.isoformat(), plan.post_end.isoformat()],
        "unit_treated_from": plan.unit_treated_from,
        "match_on": list(plan.match_on),
        "leads": plan.leads,
        "lags": plan.lags,
        "programs": sorted(plan.programs.values_list("slug", flat=True)),
        "indicator": indicator.code,
    }
    run = EvaluationRun(
        plan=plan,
        indicator=indicator,
        design=plan.design,
        by=by if getattr(by, "is_authenticated", False) else None,
        analysis_version=analysis.__version__,
        params=params,
        input_counts=counts,
        input_sha256=frame_sha256(df),
        method="",
    )
    warnings: list[str] = []
    if not counts[COHORTS_KEY]:
        run.error = _(
            "Belum dapat dievaluasi: belum ada peserta atau unit terlatih yang hasilnya teramati sesudah "
            "angkatannya selesai (angkatan belum selesai, belum ada peserta hadir, atau masa sesudah belum "
            "ada datanya)."
        )
        warnings.append(run.error)
    elif counts["treated"] < MIN_ENTITIES or (
        plan.design not in ("prepost", "its") and counts["comparison"] < MIN_ENTITIES
    ):
        run.error = _("Terlalu sedikit unit untuk estimasi: %(t)s peserta dan %(c)s pembanding (minimal %(m)s).") % {
            "t": counts["treated"],
            "c": counts["comparison"],
            "m": MIN_ENTITIES,
        }
        warnings.append(run.error)
    else:
        try:
            out = estimate_plan(df, plan, outcome_label=indicator.name)
        except ValueError as exc:
            run.error = str(exc)
            warnings.append(_("Estimasi gagal: %(e)s") % {"e": exc})
        else:
            run.method = out["method"][:200]
            for key in ("estimate", "se", "ci_low", "ci_high", "p_value"):
                setattr(run, key, _clean_float(out[key]))
            run.n = int(out["n"])
            warnings.extend(out["warnings"])
            if counts["treated"] < 10:
                warnings.append(
                    _("Hanya %(n)s peserta/unit terlatih: estimasi kurang presisi.") % {"n": counts["treated"]}
                )
            run.interpretation = (
                sentence(
                    indicator.name,
                    indicator.unit_of_measure,
                    out,
                    indicator.direction,
                    plan.design,
                )
                + " "
                + out["interpretation_id"]
            )
            run.interpretation_en = out["interpretation_en"]
            run.result = to_jsonable({k: v for k, v in out.items() if k not in ("series",)})
            run.series = to_jsonable(out["series"])
            if plan.design != "prepost":
                run.naive = to_jsonable(naive_prepost(df, plan))
    run.warnings = warnings
    run.full_clean()
    run.save()
    audit_record(actor=by, action="evaluation.run", target=run, indicator=indicator.code, sha256=run.input_sha256)
    return run


def evaluation_run_all(*, plan: EvaluationPlan, by: Any) -> list[EvaluationRun]:
    return [evaluation_run(plan=plan, indicator=indicator, by=by) for indicator in plan.indicators.all()]
