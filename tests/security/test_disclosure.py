from __future__ import annotations

import math

import pandas as pd
import pytest

from tilik.core.disclosure import needs_suppression, release_table, suppress_count_list

pytestmark = pytest.mark.django_db


def test_small_cells_are_hidden_for_non_evaluators(world, settings):
    settings.TILIK_MIN_CELL = 5
    table = pd.DataFrame({"L": [2, 10, 12], "P": [9, 11, 8]}, index=["A", "B", "C"])
    assert not needs_suppression(world.users["evaluator"])
    assert release_table(table, user=world.users["evaluator"]).equals(table)
    shown = release_table(table, user=world.users["pimpinan_unit"])
    assert math.isnan(shown.loc["A", "L"])
    assert int(shown.isna().sum().sum()) >= 2  # complementary suppression
    counts = suppress_count_list({"a": 3, "b": 20, "c": 30})
    assert counts.values["a"] is None and counts.n_secondary >= 1
