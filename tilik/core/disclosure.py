"""Disclosure control for aggregates that leave Tilik (pages for non-evaluators, reports, exports).

Wraps analysis.disclosure with the configured minimum cell size settings.TILIK_MIN_CELL (k, default 5):
counts 0 < n < k are hidden, with complementary suppression so no hidden cell can be recovered from
the totals. Use ``needs_suppression(user)`` to decide per viewer for identified data (enrolments, JP);
``survey_access(user, anonymous=...)`` decides for survey answers, where an anonymous wave binds
evaluators and admins too (docs/keamanan.md, "Kerahasiaan hasil survei").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings

from analysis.disclosure import CountSuppressionResult, SuppressionResult, suppress, suppress_counts
from tilik.core.roles import is_evaluator


def min_cell() -> int:
    return int(settings.TILIK_MIN_CELL)


def needs_suppression(user: Any) -> bool:
    """True for everyone but admins and evaluators (unit heads, pimpinan daerah, peserta, the public)."""
    return not is_evaluator(user)


@dataclass(frozen=True)
class SurveyAccess:
    """What one viewer may see of one wave's answers.

    live: every stored response as of now (otherwise the last published batch snapshot, so that reading
    before and after one submission reveals nothing); cells: aggregates over fewer than k respondents
    (per question, per choice, per unit, per rater group); rows: the response rows as a download
    (pseudonymous keys for rahasia waves, never names; quasi-identifiers recoded for anonymous ones).
    """

    live: bool
    cells: bool
    rows: bool


AGGREGATE_ONLY = SurveyAccess(live=False, cells=False, rows=False)


def survey_access(user: Any, *, anonymous: bool) -> SurveyAccess:
    """Anonymous waves: nobody, evaluators and admins included, sees a cell below k or an unpublished batch.

    Rahasia waves: evaluators and admins analyse pseudonymous rows live; everyone else reads aggregates.
    """
    if not is_evaluator(user):
        return AGGREGATE_ONLY
    if anonymous:
        return SurveyAccess(live=False, cells=False, rows=True)
    return SurveyAccess(live=True, cells=True, rows=True)


def suppress_table(table: pd.DataFrame, *, k: int | None = None) -> SuppressionResult:
    """A two-way count table with small cells (and their complements) masked as NaN."""
    return suppress(table, k=k or min_cell())


def suppress_count_list(
    mapping: Mapping[str, int], *, k: int | None = None, total_shown: bool = True
) -> CountSuppressionResult:
    """A one-way list of counts; suppressed values become None."""
    return suppress_counts(mapping, k=k or min_cell(), total_shown=total_shown)


def release_table(table: pd.DataFrame, *, user: Any, k: int | None = None) -> pd.DataFrame:
    """The table as this user may see it: unchanged for evaluators, suppressed for everyone else."""
    if not needs_suppression(user):
        return table
    return suppress_table(table, k=k).table
