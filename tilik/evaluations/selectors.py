"""Reads for evaluations: who was trained and when, the comparison pool, and the analysis frames.

The only place that turns measurement rows into the pandas frames the analysis package reads.
Monthly values are averaged to the plan's analysis period (mean of the months present).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Q, QuerySet

from tilik.core.privacy.restriction import restricted_employee_ids
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.selectors_ikm import IKM_CODE, ikm_measurements
from tilik.org.models import Employee, UnitMembership
from tilik.performance.models import Indicator, Measurement
from tilik.performance.periods import STEP_MONTHS, period_floor, period_index, shift
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment

AGE_BANDS = ((0, 29, "<30"), (30, 39, "30-39"), (40, 49, "40-49"), (50, 200, "50+"))


def plans() -> QuerySet[EvaluationPlan]:
    return EvaluationPlan.objects.prefetch_related("programs", "indicators")


def runs_for(plan: EvaluationPlan) -> QuerySet[EvaluationRun]:
    return plan.runs.select_related("indicator", "by")


def _first_after(day: dt.date, frequency: str) -> dt.date:
    """First day of the first period that starts after ``day``."""
    return shift(period_floor(day, frequency), frequency, 1)


def completions(plan: EvaluationPlan) -> list[tuple[int, dt.date]]:
    """(employee id, offering end date) of completed enrolments in the plan's programmes."""
    return list(
        Enrollment.objects.filter(
            offering__program__in=plan.programs.all(),
            status=EnrollmentStatus.COMPLETED,
        ).values_list("employee_id", "offering__end_date")
    )


def treated_employees(plan: EvaluationPlan) -> dict[int, dt.date]:
    """Employee -> first analysis period after their (first) completed offering ended."""
    out: dict[int, dt.date] = {}
    for employee_id, end in completions(plan):
        start = _first_after(end, plan.frequency)
        out[employee_id] = min(out.get(employee_id, start), start)
    return out


def _unit_on(day_by_employee: dict[int, list[dt.date]]) -> dict[tuple[int, dt.date], int]:
    memberships = UnitMembership.objects.filter(employee_id__in=list(day_by_employee)).values_list(
        "employee_id", "unit_id", "start_date", "end_date"
    )
    out: dict[tuple[int, dt.date], int] = {}
    for employee_id, unit_id, start, end in memberships:
        for day in day_by_employee[employee_id]:
            if start <= day and (end is None or day <= end):
                out[(employee_id, day)] = unit_id
    return out


def treated_units(plan: EvaluationPlan) -> dict[int, dt.date]:
    """Unit -> first period after its staff's first/last completed offering (plan.unit_treated_from)."""
    done = completions(plan)
    days: dict[int, list[dt.date]] = {}
    for employee_id, end in done:
        days.setdefault(employee_id, []).append(end)
    where = _unit_on(days)
    ends: dict[int, list[dt.date]] = {}
    for employee_id, end in done:
        unit_id = where.get((employee_id, end))
        if unit_id is not None:
            ends.setdefault(unit_id, []).append(end)
    pick = max if plan.unit_treated_from == "last" else min
    return {unit_id: _first_after(pick(values), plan.frequency) for unit_id, values in ends.items()}


def _age_band(age: int) -> str:
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def employee_attributes(ids: list[int], on: dt.date) -> pd.DataFrame:
    """Matching attributes per employee on a date: unit type, golongan, age band, sex."""
    units = dict(
        UnitMembership.objects.filter(
            Q(employee_id__in=ids),
            Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
        ).values_list("employee_id", "unit__unit_type")
    )
    rows = [
        {
            "entity": e.pk,
            "unit_type": units.get(e.pk, ""),
            "golongan": e.golongan,
            "sex": e.sex,
            "age_band": _age_band(e.age_on(on)),
        }
        for e in Employee.objects.filter(pk__in=ids).only("pk", "golongan", "sex", "birth_date")
    ]
    return pd.DataFrame(rows, columns=["entity", "unit_type", "golongan", "sex", "age_band"])


def _measurements(indicator: Indicator, plan: EvaluationPlan, sources: dict[str, Any]) -> pd.DataFrame:
    """Stored values in the windows; IKM merges survey and imported values (counts into ``sources``)."""
    first = period_floor(plan.pre_start, "monthly")
    if indicator.code == IKM_CODE and indicator.entity_kind == "unit":
        df, counts = ikm_measurements(indicator, first=first, last=plan.post_end)
        sources.update(counts)
        df = df.drop(columns="source")
    else:
        field = "employee_id" if indicator.entity_kind == "employee" else "unit_id"
        stored = Measurement.objects.filter(
            indicator=indicator, period_start__gte=first, period_start__lte=plan.post_end
        )
        if field == "employee_id":  # UU PDP: an ASN who restricted processing is left out of every analysis
            stored = stored.exclude(employee_id__in=restricted_employee_ids())
        rows = stored.values_list(field, "frequency", "period_start", "value")
        df = pd.DataFrame(list(rows.iterator(chunk_size=20000)), columns=["entity", "frequency", "start", "value"])
    if df.empty:
        return df
    # Use the finest stored frequency that is not finer than the analysis period.
    order = [f for f in ("monthly", "quarterly", "semester", "annual") if STEP_MONTHS[f] <= STEP_MONTHS[plan.frequency]]
    present = [f for f in order if (df["frequency"] == f).any()]
    if present:
        df = df[df["frequency"] == present[0]]
    return df


def analysis_frame(plan: EvaluationPlan, indicator: Indicator) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per entity and analysis period inside the windows.

    Columns: entity, period (whole-number index), period_start, value, treated (ever participant, 0/1),
    first_treated (period index of first treated period; NaN = comparison), post (period in the post
    window, 0/1), d (treated and on/after its first treated period, 0/1). Rows between the windows are
    dropped. Also returns input counts.
    """
    freq = plan.frequency
    sources: dict[str, Any] = {}
    raw = _measurements(indicator, plan, sources)
    treated = treated_employees(plan) if indicator.entity_kind == "employee" else treated_units(plan)
    columns = ["entity", "period", "period_start", "value", "treated", "first_treated", "post", "d"]
    if raw.empty:
        return pd.DataFrame(columns=columns), {
            "rows": 0,
            "entities": 0,
            "treated": 0,
            "comparison": 0,
            **sources,
        }
    raw["period_start"] = [period_floor(d, freq) for d in raw["start"]]
    df = raw.groupby(["entity", "period_start"], as_index=False)["value"].mean()
    pre = (df["period_start"] >= period_floor(plan.pre_start, freq)) & (df["period_start"] <= plan.pre_end)
    post = (df["period_start"] >= period_floor(plan.post_start, freq)) & (df["period_start"] <= plan.post_end)
    df = df[pre | post].copy()
    df["post"] = post[pre | post].astype(int).to_numpy()
    if indicator.entity_kind == "unit" and treated:
        # Comparison units: same unit type as the treated ones.
        from tilik.org.models import Unit

        types = set(Unit.objects.filter(pk__in=list(treated)).values_list("unit_type", flat=True))
        keep = set(Unit.objects.filter(unit_type__in=types).values_list("pk", flat=True))
        df = df[df["entity"].isin(keep)]
    elif indicator.entity_kind == "employee":
        others = set(
            Enrollment.objects.filter(
                offering__program__in=plan.programs.all(),
                status__in=[EnrollmentStatus.ATTENDED],
            ).values_list("employee_id", flat=True)
        ) - set(treated)
        df = df[~df["entity"].isin(others)]  # attended without completing: neither group
    df["period"] = [period_index(d, freq) for d in df["period_start"]]
    first = {e: period_index(d, freq) for e, d in treated.items()}
    df["treated"] = df["entity"].map(lambda e: int(e in first))
    df["first_treated"] = df["entity"].map(lambda e: float(first.get(e, math.nan)))
    df["d"] = ((df["treated"] == 1) & (df["period"] >= df["first_treated"])).astype(int)
    df = df.sort_values(["entity", "period"]).reset_index(drop=True)[columns]
    counts = {
        "rows": int(len(df)),
        "entities": int(df["entity"].nunique()),
        "treated": int(df.loc[df["treated"] == 1, "entity"].nunique()),
        "comparison": int(df.loc[df["treated"] == 0, "entity"].nunique()),
        "periods": int(df["period"].nunique()),
        "measurements": int(len(raw)),
        **sources,
    }
    return df, counts


def entity_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per entity: baseline (pre-window mean), post-window mean and the change, plus treated."""
    pre = df[df["post"] == 0].groupby("entity")["value"].mean().rename("baseline")
    post = df[df["post"] == 1].groupby("entity")["value"].mean().rename("post_mean")
    treated = df.groupby("entity")["treated"].first()
    out = pd.concat([pre, post, treated], axis=1).dropna().reset_index()
    out["change"] = out["post_mean"] - out["baseline"]
    return out


def group_series(df: pd.DataFrame) -> dict[str, Any]:
    """Mean outcome per period for participants and comparison (for the trend chart)."""
    table = df.groupby(["period_start", "treated"])["value"].mean().unstack()
    return {
        "periods": [d.isoformat() for d in table.index],
        "treated": [None if pd.isna(v) else float(v) for v in table.get(1, pd.Series(np.nan, index=table.index))],
        "comparison": [None if pd.isna(v) else float(v) for v in table.get(0, pd.Series(np.nan, index=table.index))],
    }


def frame_sha256(df: pd.DataFrame) -> str:
    return hashlib.sha256(df.to_csv(index=False).encode()).hexdigest()
