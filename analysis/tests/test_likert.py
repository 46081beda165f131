"""Likert item summaries, reverse keying and scale scores."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.likert import item_summary, reverse_key, scale_scores


def test_item_summary_counts_and_top_box():
    values = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, None, float("nan")]
    res = item_summary(values, scale_min=1, scale_max=4)
    assert res.n == 10
    assert res.n_missing == 2
    assert res.distribution == {1: 1, 2: 2, 3: 3, 4: 4}
    assert res.mean == pytest.approx(3.0)
    assert res.sd == pytest.approx(np.std([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], ddof=1))
    # top-2-box on 1-4 = answers 3 and 4
    assert res.pct_favourable == pytest.approx(70.0)
    assert res.to_dict()["distribution"] == {"1": 1, "2": 2, "3": 3, "4": 4}


def test_item_summary_top_box_on_five_point_scale():
    res = item_summary(pd.Series([5, 5, 4, 3, 1]), scale_min=1, scale_max=5, top_box=1)
    assert res.pct_favourable == pytest.approx(40.0)
    assert res.distribution[2] == 0


@pytest.mark.parametrize("bad", [[1, 6], [0, 2], [1, 2.5]])
def test_item_summary_rejects_out_of_scale(bad):
    with pytest.raises(ValueError, match="di luar skala"):
        item_summary(bad, scale_min=1, scale_max=5)


def test_item_summary_rejects_empty_and_bad_bounds():
    with pytest.raises(ValueError):
        item_summary([None, None], scale_min=1, scale_max=5)
    with pytest.raises(ValueError):
        item_summary([1, 2], scale_min=5, scale_max=1)


def test_reverse_key():
    out = reverse_key([1, 2, None, 5], scale_min=1, scale_max=5)
    assert out.iloc[0] == 5 and out.iloc[1] == 4 and out.iloc[3] == 1
    assert math.isnan(out.iloc[2])


def test_scale_scores_uses_available_items_and_reverse():
    df = pd.DataFrame({"a": [4, 1, None], "b": [2, None, None], "c": [1, 4, 3]})
    scores = scale_scores(df, ["a", "b", "c"], reverse=["c"], scale_min=1, scale_max=4)
    # row 0: a=4, b=2, c reversed 4 -> mean 10/3; row 1: a=1, c->1; row 2: c->2
    assert scores.tolist() == pytest.approx([10 / 3, 1.0, 2.0])
    strict = scale_scores(df, ["a", "b", "c"], reverse=["c"], scale_min=1, scale_max=4, min_items=2)
    assert math.isnan(strict.iloc[2])


def test_scale_scores_reverse_needs_bounds():
    df = pd.DataFrame({"a": [1, 2], "b": [2, 3]})
    with pytest.raises(ValueError, match="scale_min"):
        scale_scores(df, ["a", "b"], reverse=["b"])
    with pytest.raises(ValueError, match="tidak ditemukan"):
        scale_scores(df, ["a", "zz"])


def test_scale_position_pools_items_of_different_lengths_by_hand():
    from analysis.likert import scale_position

    # 5-point: 1 -> 0, 5 -> 1, 3 -> 0.5; 4-point: 4 -> 1, 2 -> 1/3; junk, 0, 6 and 2.5 left out.
    got = scale_position([([1, 5, 3, None, "x", 0, 6], 5), ([4, "2", 2.5], 4), ([1, 1], 1)])
    assert got == pytest.approx((0 + 1 + 0.5 + 1 + 1 / 3) / 5)
    assert scale_position([([None], 5)]) is None and scale_position([]) is None
