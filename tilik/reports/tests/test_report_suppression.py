"""Reports suppress small cells for every presenter, the CLI included (issue 16 item 7).

The CLI once printed participation cells of 1-4 people while its appendix claimed k = 5; the funnel and
OPD tables now hide them with complementary cells, so no hidden group comes back from the totals.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilik.reports.scope import Scope
from tilik.reports.sections.participation import _funnel_cells
from tilik.reports.tests.support import build_programme


@pytest.mark.django_db
def test_cli_report_hides_participation_cells_below_k(tmp_path):
    data = build_programme()  # Dinas Alfa: 8 invited, 1 attended; Dinas Beta: 8 of 8
    call_command(
        "report",
        "--programme",
        data["program"].slug,
        "--format",
        "html",
        "--output",
        str(tmp_path / "r.html"),
        stdout=io.StringIO(),
    )
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Ambang sel kecil" in html  # the appendix states k ...
    assert "12,5" not in html  # ... and Dinas Alfa's 1 of 8 (12,5 %) is no longer printed
    assert "Lebih rendah dari OPD lain" not in html or "Dinas Alfa</td>" not in html


def _rows(groups: list[list[int]]) -> list[SimpleNamespace]:
    rows = []
    for i, (no_reg, absent, failed, passed) in enumerate(groups):
        attended = failed + passed
        registered = absent + attended
        rows.append(
            SimpleNamespace(
                program=SimpleNamespace(name=f"P{i}"),
                invited=no_reg + registered,
                registered=registered,
                attended=attended,
                completed=passed,
            )
        )
    return rows


def _determined(
    groups: np.ndarray, hidden: np.ndarray, rows: list[int], totals: list[np.ndarray]
) -> list[tuple[int, int]]:
    """Hidden cells a reader can solve for from the published row totals and column-sum totals (linear algebra)."""
    cells = [tuple(ix) for ix in np.argwhere(hidden)]
    if not cells:
        return []
    index = {c: j for j, c in enumerate(cells)}
    equations = []
    for r in rows:  # the invited total of these programmes is printed as a number
        equations.append([1.0 if c[0] == r else 0.0 for c in cells])
    for cols in totals:  # paragraph totals printed as numbers: invited (all columns), attended (columns 2-3)
        equations.append([1.0 if c[1] in cols else 0.0 for c in cells])
    if not equations:
        return []
    a = np.array(equations)
    rank = np.linalg.matrix_rank(a)
    solved = []
    for c in cells:
        unit = np.zeros(len(cells))
        unit[index[c]] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            solved.append(c)
    return solved


group = st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(group, min_size=2, max_size=6))
def test_funnel_hides_small_groups_and_none_is_recoverable_from_totals(groups):
    rows = _rows(groups)
    scope = Scope(year=2026, suppress=True, k=5)
    cells, attended_hidden = _funnel_cells(rows, scope)
    arr = np.array(groups)
    hidden = np.zeros_like(arr, dtype=bool)
    for i, shown in enumerate(cells):
        if shown[2] == "–":  # a programme with a hidden group shows only its invited total
            hidden[i] = True
        else:
            assert not ((arr[i] > 0) & (arr[i] < 5)).any(), "a group below k is printed"
    # every primary cell is hidden
    assert not ((arr > 0) & (arr < 5) & ~hidden).any()
    printed = [i for i, shown in enumerate(cells) if shown[1] != "< 5"]
    totals = []
    if arr.sum() >= 5:  # the paragraph prints totals of k or more only
        totals.append(np.array([0, 1, 2, 3]))
    if not attended_hidden and arr[:, 2:].sum() >= 5:
        totals.append(np.array([2, 3]))
    primary = {tuple(ix) for ix in np.argwhere((arr > 0) & (arr < 5))}
    solved = [c for c in _determined(arr, hidden, printed, totals) if c in primary]
    assert solved == [], f"hidden groups {solved} follow from the totals"
