"""Small-cell suppression: worked example and hypothesis properties."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis.disclosure import (
    mean_decimals,
    pct_decimals,
    rare_categories,
    small_split,
    suppress,
    suppress_counts,
)


def test_worked_example():
    table = pd.DataFrame(
        {"II": [12, 3, 20], "III": [30, 25, 2], "IV": [8, 9, 15]},
        index=["Dinkes", "Disdik", "Satpol PP"],
    )
    res = suppress(table, k=5)
    # primaries: Disdik/II = 3 and Satpol PP/III = 2
    assert res.n_primary == 2
    mask = res.mask
    assert mask.loc["Disdik", "II"] and mask.loc["Satpol PP", "III"]
    # every row and column with a hidden cell has at least two
    assert all(mask.sum(axis=1).isin([0, 2, 3])) and all(mask.sum(axis=0).isin([0, 2, 3]))
    # the complement in row Disdik is its smallest other cell (9), in column II the smallest (12)
    assert mask.loc["Disdik", "IV"] and mask.loc["Dinkes", "II"]
    assert res.row_totals["Disdik"] == 37 and res.grand_total == 124
    assert res.table.isna().loc["Disdik", "II"]
    out = res.to_dict()
    json.dumps(out)
    assert out["table"]["Disdik"]["II"] is None and out["table"]["Dinkes"]["III"] == 30
    assert out["n_suppressed"] == res.n_primary + res.n_secondary


def test_zeros_are_shown_and_preferred_last_as_complements():
    table = pd.DataFrame({"a": [3, 0, 8], "b": [0, 7, 9], "c": [10, 6, 7]})
    res = suppress(table, k=5)
    assert not res.mask.loc[1, "a"] and not res.mask.loc[0, "b"]  # zeros stay shown
    assert res.mask.loc[0, "c"]  # row 0's complement is 10, not the zero beside it
    assert res.mask.loc[2, "a"]  # column a's complement is 8, not the zero above it
    assert res.table.loc[1, "a"] == 0
    # a zero is hidden only when nothing else can protect the line
    forced = suppress(pd.DataFrame({"a": [3, 0], "b": [0, 7], "c": [10, 6]}), k=5)
    assert forced.mask.loc[1, "a"]


def test_single_column_table_hides_equal_totals():
    table = pd.DataFrame({"n": [2, 10, 12]}, index=["x", "y", "z"])
    res = suppress(table, k=5)
    assert res.mask["n"].tolist() == [True, True, False]
    assert np.isnan(res.row_totals["x"]) and np.isnan(res.row_totals["y"])
    assert res.col_totals["n"] == 24


def test_invalid_tables():
    with pytest.raises(ValueError):
        suppress(pd.DataFrame({"a": [1.5, 2]}))
    with pytest.raises(ValueError):
        suppress(pd.DataFrame({"a": [-1, 2]}))
    with pytest.raises(ValueError):
        suppress(pd.DataFrame({"a": ["x", "y"]}))
    with pytest.raises(ValueError):
        suppress(pd.DataFrame({"a": [1, 2]}), k=0)


def test_suppress_counts():
    res = suppress_counts({"Pria": 40, "Wanita": 3, "Lainnya": 0}, k=5)
    assert res.values == {"Pria": None, "Wanita": None, "Lainnya": 0}
    assert res.total == 43 and res.n_primary == 1 and res.n_secondary == 1
    no_total = suppress_counts({"Pria": 40, "Wanita": 3}, k=5, total_shown=False)
    assert no_total.values == {"Pria": 40, "Wanita": None} and no_total.total is None
    single = suppress_counts({"Semua": 3})
    assert single.values == {"Semua": None} and single.total is None


counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


@settings(max_examples=300, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=counts),
    st.integers(1, 10),
)
def test_suppression_properties(values, k):
    table = pd.DataFrame(values)
    res = suppress(table, k=k)
    mask = res.mask.to_numpy()
    shown = values[~mask]
    assert not ((shown > 0) & (shown < k)).any()  # no small count is shown
    assert (res.table.to_numpy()[~mask] == shown).all()  # shown cells are untouched
    assert mask[(values > 0) & (values < k)].all()
    for i in range(values.shape[0]):
        if not np.isnan(res.row_totals.iloc[i]):
            assert mask[i].sum() != 1, f"row {i} total reveals its only hidden cell"
            assert res.row_totals.iloc[i] == values[i].sum()
    for j in range(values.shape[1]):
        if not np.isnan(res.col_totals.iloc[j]):
            assert mask[:, j].sum() != 1, f"column {j} total reveals its only hidden cell"
    assert res.n_primary + res.n_secondary == mask.sum()


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=8), st.integers(1, 10), st.booleans())
def test_suppress_counts_properties(values, k, total_shown):
    mapping = {f"c{i}": v for i, v in enumerate(values)}
    res = suppress_counts(mapping, k=k, total_shown=total_shown)
    shown = [v for v in res.values.values() if v is not None]
    assert not any(0 < v < k for v in shown)
    if res.total is not None:
        assert len(res.suppressed) != 1
        assert res.total == sum(values)


# --- shares, rounding and quasi-identifier recoding (issue 19 items 3-4) ---


def test_a_share_is_a_count_in_disguise():
    assert small_split(1, 8, k=5)  # 12,5 % of 8 is one person
    assert small_split(7, 8, k=5)  # 87,5 % leaves one out
    assert not small_split(5, 10, k=5)
    assert small_split(3, 3, k=5)  # 3 of 3: a group of 3
    assert not small_split(0, 6, k=5) and not small_split(6, 6, k=5)


def test_rounding_is_coarser_for_small_n():
    assert (mean_decimals(6), pct_decimals(6)) == (1, 0)
    assert (mean_decimals(250), pct_decimals(250)) == (2, 1)


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=12), max_size=8))
def test_recoded_categories_never_single_out_fewer_than_k(counts):
    merged = rare_categories(counts, k=5)
    kept = {key: c for key, c in counts.items() if key not in merged}
    assert all(c == 0 or c >= 5 for c in kept.values())  # every value left as it is holds k or more rows
    pooled = sum(counts[key] for key in merged)
    # the "other" group is empty, holds k or more, or is everything there is (nothing left to tell it from)
    assert pooled == 0 or pooled >= 5 or not any(kept.values())
