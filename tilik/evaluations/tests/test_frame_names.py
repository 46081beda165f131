"""Estimator warnings and errors name the indicator and covariates as the user knows them, never a frame column."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analysis.matching import match
from tilik.evaluations.estimation import estimate_plan
from tilik.evaluations.frame_names import column_labels, readable
from tilik.evaluations.models import EvaluationPlan

FRAME_COLUMNS = ("'value'", "'d'", "'entity'", "'period'", "'treated'", "'change'", "'baseline'", "golongan=")


def _panel(missing: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for e in range(40):
        treated = int(e < 20)
        for t in range(4):
            d = int(treated and t >= 2)
            rows.append(
                {
                    "entity": e,
                    "period": t,
                    "period_start": dt.date(2025, 1 + 3 * t, 1),
                    "treated": treated,
                    "first_treated": 2 if treated else 0,
                    "d": d,
                    "value": 10 - 2 * d + rng.normal(),
                }
            )
    df = pd.DataFrame(rows)
    df.loc[: missing - 1, "value"] = np.nan
    return df


def test_did_warning_names_the_indicator_not_the_frame_columns():
    plan = EvaluationPlan(design="did")
    out = estimate_plan(_panel(missing=3), plan, outcome_label="Waktu registrasi pasien")
    dropped = [w for w in out["warnings"] if "dibuang" in w]
    assert dropped and "Waktu registrasi pasien" in dropped[0] and "sesudah pelatihan" in dropped[0]
    assert not [w for w in out["warnings"] if any(c in w for c in FRAME_COLUMNS)], out["warnings"]


def test_matching_warnings_for_collinear_and_unbalanced_covariates_are_readable():
    rng = np.random.default_rng(5)
    n = 60
    treated = np.r_[np.ones(20, int), np.zeros(n - 20, int)]
    golongan = rng.choice(["II", "III", "IV"], n)
    frame = pd.DataFrame(
        {
            "change": rng.normal(size=n) - treated,
            "treated": treated,
            "golongan": golongan,
            "baseline": rng.normal(size=n) + 2 * treated,
        }
    )
    frame["golongan_copy"] = frame["golongan"]  # repeats golongan exactly: dropped as collinear
    est = match(
        frame,
        outcome="change",
        treatment="treated",
        covariates=["golongan", "golongan_copy", "baseline"],
        method="mahalanobis",
    )
    labels = {**column_labels("Skor kinerja"), "golongan_copy": "golongan (salinan)"}
    texts = [readable(w, labels) for w in est.warnings]
    assert any("golongan (salinan)" in t for t in texts), texts
    assert not [t for t in texts if any(c in t for c in FRAME_COLUMNS)], texts


def test_an_apostrophe_in_a_method_name_does_not_hide_a_quoted_column():
    text = "The training programme (Callaway–Sant'Anna) is estimated to have decreased 'value' by 5.1."
    out = readable(text, column_labels("Waktu registrasi"))
    assert out == text.replace("'value'", "'Waktu registrasi'")
