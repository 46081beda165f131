"""Cronbach's alpha against pingouin's published values (R psych::alpha)."""

import numpy as np
import pandas as pd
import pingouin
import pytest

from analysis.reliability import cronbach_alpha


@pytest.fixture(scope="module")
def wide_missing() -> pd.DataFrame:
    data: pd.DataFrame = pingouin.read_dataset("cronbach_wide_missing")
    return data


def test_pairwise_matches_published(wide_missing):
    res = cronbach_alpha(wide_missing)
    assert res.alpha == pytest.approx(0.732660835214447, abs=1e-12)
    # pingouin docstring: CI [0.435, 0.909] (Feldt), n = 12 rows
    assert (round(res.ci_low, 3), round(res.ci_high, 3)) == (0.435, 0.909)
    assert res.n == 12 and res.k == 11 and res.missing == "pairwise"


def test_listwise_matches_published(wide_missing):
    res = cronbach_alpha(wide_missing, missing="listwise")
    assert res.alpha == pytest.approx(0.8016949152542373, abs=1e-12)
    assert res.n == 9
    # pingouin keeps n = 12 for the Feldt interval after listwise deletion; we use the
    # 9 complete rows, which equals pingouin run on the complete rows themselves.
    _, ci = pingouin.cronbach_alpha(wide_missing.dropna())
    assert (round(res.ci_low, 3), round(res.ci_high, 3)) == tuple(ci)


def test_long_format_likert_dataset_matches_pingouin():
    data = pingouin.read_dataset("cronbach_alpha")
    wide = data.pivot(index="Subj", values="Scores", columns="Items")
    res = cronbach_alpha(wide)
    assert res.alpha == pytest.approx(0.5917188485995826, abs=1e-12)
    assert (round(res.ci_low, 3), round(res.ci_high, 3)) == (0.195, 0.84)
    assert any("Reliabilitas rendah" in w for w in res.warnings)


def test_item_diagnostics(wide_missing):
    complete = wide_missing.dropna()
    res = cronbach_alpha(complete)
    for diag in res.items:
        rest = complete.drop(columns=diag.item)
        assert diag.alpha_if_dropped == pytest.approx(pingouin.cronbach_alpha(rest)[0])
        expected_r = np.corrcoef(complete[diag.item], rest.sum(axis=1))[0, 1]
        assert diag.item_total_r == pytest.approx(expected_r)


def test_reverse_keying():
    rng = np.random.default_rng(1)
    base = rng.integers(1, 6, size=(40, 1))
    noise = rng.integers(-1, 2, size=(40, 4))
    data = pd.DataFrame(np.clip(base + noise, 1, 5), columns=list("abcd"))
    flipped = data.copy()
    flipped["d"] = 6 - flipped["d"]
    direct = cronbach_alpha(data)
    rev = cronbach_alpha(flipped, reverse=["d"], scale_min=1, scale_max=5)
    assert rev.alpha == pytest.approx(direct.alpha)
    assert cronbach_alpha(flipped).alpha < direct.alpha
    with pytest.raises(ValueError, match="scale_min"):
        cronbach_alpha(flipped, reverse=["d"])


def test_invalid_input():
    df = pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 9]})
    with pytest.raises(ValueError, match="di luar skala"):
        cronbach_alpha(df, scale_min=1, scale_max=5)
    with pytest.raises(ValueError, match="2 butir"):
        cronbach_alpha(df, items=["a"])
    with pytest.raises(ValueError, match="responden"):
        cronbach_alpha(df.iloc[:1])
    with pytest.raises(ValueError, match="tidak ditemukan"):
        cronbach_alpha(df, items=["a", "z"])


def test_to_dict_is_json_ready(wide_missing):
    import json

    out = cronbach_alpha(wide_missing).to_dict()
    json.dumps(out)
    assert out["items"][0]["item"] == "Q1"
