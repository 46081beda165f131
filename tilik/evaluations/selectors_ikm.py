"""One IKM series for Level 4: Tilik's own SKM surveys first, imported IKM only where there is no survey.

The surveys app computes IKM from public SKM responses (one public wave = one service unit and period,
``tilik.surveys.published.ikm_rows``); an IKM can also be imported as a measurement. When both
exist for the same unit and period the survey value is used and the imported one is set aside, counted,
and flagged when the two differ, so the two sources never disagree silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from tilik.performance.models import Indicator, Measurement
from tilik.performance.periods import PeriodError, parse_period

IKM_CODE = "ikm"
DISAGREE_POINTS = 1.0  # an imported IKM this far (25–100 scale) from the survey's is reported
SOURCE_SURVEY, SOURCE_IMPORT = "survei", "impor"


def survey_ikm(*, first: dt.date, last: dt.date) -> dict[tuple[int, str, dt.date], tuple[float, int]]:
    """(unit, frequency, period start) -> (IKM, respondents) from public SKM waves with a usable period.

    Published batches only (``published.ikm_rows``): a wave below k respondents has no IKM here either, so
    an IKM from one to four citizens never reaches a Level 4 estimate.
    """
    from tilik.surveys.published import ikm_rows

    out: dict[tuple[int, str, dt.date], tuple[float, int]] = {}
    for row in ikm_rows():
        if row["ikm"] is None or row["unit"] is None:
            continue
        try:
            freq, start = parse_period(row["period"])
        except PeriodError:
            continue  # a free-text period ("Survei 2025") cannot be placed on the time axis
        if first <= start <= last:
            out[(row["unit"].pk, freq, start)] = (float(row["ikm"].ikm), int(row["n"]))
    return out


def ikm_measurements(indicator: Indicator, *, first: dt.date, last: dt.date) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Rows entity, frequency, start, value, source (survei/impor) and the counts per source."""
    survey = survey_ikm(first=first, last=last)
    imported = Measurement.objects.filter(
        indicator=indicator, unit__isnull=False, period_start__gte=first, period_start__lte=last
    ).values_list("unit_id", "frequency", "period_start", "value")
    rows = [(unit, freq, start, value, SOURCE_SURVEY) for (unit, freq, start), (value, _n) in survey.items()]
    ignored, disagree = 0, []
    for unit, freq, start, value in imported:
        found = survey.get((unit, freq, start))
        if found is None:
            rows.append((unit, freq, start, value, SOURCE_IMPORT))
            continue
        ignored += 1
        if abs(found[0] - value) >= DISAGREE_POINTS:
            disagree.append((unit, freq, start))
    counts = {
        "ikm_survey": len(survey),
        "ikm_imported": len(rows) - len(survey),
        "ikm_imported_ignored": ignored,
        "ikm_disagree": len(disagree),
    }
    frame = pd.DataFrame(rows, columns=["entity", "frequency", "start", "value", "source"])
    return frame, counts
