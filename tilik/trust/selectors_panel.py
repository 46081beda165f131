"""The unit-by-period panel for the coverage analysis: indices per unit and semester, and the share of the
unit's staff who completed the programme before each semester began.

"Staff" is everyone whose unit membership covers the semester's first day (Tilik stores no front-line
flag; at a puskesmas nearly all staff serve the public). Index values below k respondents are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.trust import CoverageEffect, coverage_effect, unit_period_indices
from tilik.org.models import Unit
from tilik.org.selectors import memberships_on
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Program
from tilik.surveys import published
from tilik.trust.selectors import _period, _public_waves, answers_frame

OUTCOMES = (
    "ikm",
    "ipkp",
    "ipak",
    "kepercayaan",
    "kp-responsif",
    "kp-andal",
    "kp-integritas",
    "kp-keterbukaan",
    "kp-keadilan",
)
SCALES: dict[str, tuple[float, float]] = {"ikm": (25.0, 100.0), "ipkp": (1.0, 4.0), "ipak": (1.0, 4.0)}
DEFAULT_THRESHOLD = 0.10


def programme_names() -> list[str]:
    return sorted(set(Program.objects.values_list("name", flat=True)))


def relevant_programmes(year: int | None = None) -> list[str]:
    """Programmes meant to change public service: those whose evaluation plan has the IKM indicator."""
    found = Program.objects.filter(evaluation_plans__indicators__code="ikm")
    if year is not None:
        found = found.filter(fiscal_year=year)
    return sorted(set(found.values_list("name", flat=True)))


@dataclass
class Panel:
    frame: pd.DataFrame  # unit, unit_name, period (1..P), label, start, coverage, and one column per outcome
    labels: list[str]


def _coverage(program_name: str, unit: Unit, day: dt.date) -> float | None:
    staff = set(memberships_on(day).filter(unit=unit).values_list("employee_id", flat=True))
    if not staff:
        return None
    trained = set(
        Enrollment.objects.filter(
            offering__program__name=program_name,
            status=EnrollmentStatus.COMPLETED,
            offering__end_date__lt=day,
            employee_id__in=staff,
        ).values_list("employee_id", flat=True)
    )
    return len(trained) / len(staff)


def coverage_panel(program_name: str, units: list[Unit]) -> Panel:
    """``program_name``: the programme in every fiscal year it ran (programmes are stored per year)."""
    waves = _public_waves(units)
    starts: dict[str, dt.date] = {}
    for wave in waves:
        label = _period(wave)
        day = wave.opens_at.date()
        starts[label] = min(starts.get(label, day), day)
    labels = sorted(starts)
    k = published.k()
    values: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    frame, _pending = answers_frame(waves)
    if not frame.empty:
        for unit_id, label, est in unit_period_indices(frame, k=k):
            if not est.suppressed and est.mean is not None:
                values[(unit_id, label)][est.index] = est.mean
    for row in published.ikm_rows(units=units):
        if row["ikm"] is not None and row["unit"] is not None:
            values[(str(row["unit"].pk), row["period"] or "")]["ikm"] = float(row["ikm"].ikm)
    present = {(str(w.unit_id), _period(w)) for w in waves}
    records: list[dict[str, Any]] = []
    for unit in units:
        for i, label in enumerate(labels, start=1):
            if (str(unit.pk), label) not in present:
                continue
            record: dict[str, Any] = {
                "unit": str(unit.pk),
                "unit_name": unit.name,
                "period": i,
                "label": label,
                "start": starts[label],
                "coverage": _coverage(program_name, unit, starts[label]),
            }
            for outcome in OUTCOMES:
                record[outcome] = values.get((str(unit.pk), label), {}).get(outcome)
            records.append(record)
    columns = ["unit", "unit_name", "period", "label", "start", "coverage", *OUTCOMES]
    frame_out = pd.DataFrame.from_records(records, columns=columns)
    return Panel(frame=frame_out, labels=labels)


def coverage_effects(panel: Panel, *, threshold: float = DEFAULT_THRESHOLD) -> dict[str, CoverageEffect]:
    data = panel.frame.dropna(subset=["coverage"])
    out = {}
    for outcome in OUTCOMES:
        if data[outcome].notna().sum() == 0:
            continue
        column = data[["unit", "period", "coverage", outcome]].astype({outcome: float})
        out[outcome] = coverage_effect(column, outcome=outcome, threshold=threshold)
    return out
