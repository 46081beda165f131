"""balance_before: the standardised mean difference of the matching result, before matching."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.matching import balance_before


def test_smd_by_hand():
    x = pd.DataFrame({"umur": [30.0, 40.0, 50.0, 35.0, 45.0], "perempuan": [1.0, 0.0, 1.0, 0.0, 0.0]})
    d = [1, 1, 0, 0, 0]
    rows = {r["covariate"]: r for r in balance_before(x, d)}
    # umur: treated mean 35 (var 50), comparison mean 43.33 (var 58.33); pooled SD sqrt(54.17)
    assert rows["umur"]["mean_treated"] == 35.0
    assert math.isclose(rows["umur"]["mean_control"], 130 / 3)
    assert math.isclose(rows["umur"]["smd"], (35 - 130 / 3) / math.sqrt((50 + 175 / 3) / 2))
    assert math.isclose(rows["perempuan"]["smd"], (0.5 - 1 / 3) / math.sqrt((0.5 + 1 / 3) / 2))


def test_no_spread_or_too_few_rows_is_nan():
    x = pd.DataFrame({"sama": [1.0, 1.0, 1.0, 1.0]})
    assert math.isnan(balance_before(x, np.array([1, 1, 0, 0]))[0]["smd"])
    assert math.isnan(balance_before(x, [1, 0, 0, 0])[0]["smd"])
