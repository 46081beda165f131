"""Bad input exits with code 2 and one clear message naming the column and the spreadsheet row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tilik.analyze.tests.conftest import assert_input_error, run_cli, run_json, write, write_csv, write_xlsx


@pytest.fixture
def effect_file(tmp_path: Path) -> Path:
    frame = pd.DataFrame(
        {"skor": [70, 72, 75, 80, 82, 85], "ikut": [0, 0, 0, 1, 1, 1], "opd": list("AABBCC")}
    )
    return write_csv(tmp_path / "effect.csv", frame)


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "laporan.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert_input_error(run_cli("prepost", path, "--pre", "a", "--post", "b"), "laporan.pdf", "tidak didukung")


def test_missing_file(tmp_path: Path) -> None:
    assert_input_error(
        run_cli("prepost", tmp_path / "tidak-ada.csv", "--pre", "a", "--post", "b"), "tidak-ada.csv"
    )


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"this is not a zip file")
    assert_input_error(
        run_cli("prepost", path, "--pre", "a", "--post", "b"), "rusak.xlsx", "tidak dapat dibaca"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.csv"
    path.write_text("")
    assert_input_error(run_cli("prepost", path, "--pre", "a", "--post", "b"), "kosong")


def test_missing_column_lists_available(effect_file: Path) -> None:
    result = run_cli("effect", effect_file, "--outcome", "nilai", "--treatment", "ikut")
    assert_input_error(result, "'nilai'", "skor, ikut, opd")


def test_missing_column_in_english(effect_file: Path) -> None:
    result = run_cli("effect", effect_file, "--outcome", "nilai", "--treatment", "ikut", "--lang", "en")
    assert_input_error(result, "Column 'nilai' is not in the file", "skor, ikut, opd")


def test_non_numeric_names_column_row_and_value(tmp_path: Path, fmt: str) -> None:
    frame = pd.DataFrame({"pre": [1, 2, 3, 4], "post": [2, 3, "tiga", 5]})
    path = write(tmp_path, frame, fmt)
    result = run_cli("prepost", path, "--pre", "pre", "--post", "post")
    assert_input_error(result, "'post'", "baris 4", "'tiga'")  # header is row 1: third data row is row 4


def test_non_numeric_row_counts_leading_blank_rows_in_xlsx(tmp_path: Path) -> None:
    frame = pd.DataFrame({"pre": [1, 2, "x"], "post": [2, 3, 4]})
    path = write_xlsx(tmp_path / "geser.xlsx", frame, leading_blank_rows=2)
    assert_input_error(run_cli("prepost", path, "--pre", "pre", "--post", "post"), "'pre'", "baris 6")


def test_non_numeric_in_english(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", pd.DataFrame({"pre": [1, "n.a.x", 3], "post": [2, 3, 4]}))
    result = run_cli("prepost", path, "--pre", "pre", "--post", "post", "--lang", "en")
    assert_input_error(result, "Column 'pre'", "row 3", "n.a.x")


@pytest.mark.parametrize("command", ["effect", "panel"])
def test_treatment_not_binary(tmp_path: Path, fmt: str, command: str) -> None:
    frame = pd.DataFrame(
        {"y": [1.0, 2, 3, 4, 5, 6], "t": [0, 1, 0, 2, 1, 0], "u": [1, 1, 2, 2, 3, 3], "p": [1, 2] * 3}
    )
    path = write(tmp_path, frame, fmt)
    extra = ["--unit", "u", "--period", "p"] if command == "panel" else []
    result = run_cli(command, path, "--outcome", "y", "--treatment", "t", *extra)
    assert_input_error(result, "'t'", "biner", "baris 5", "'2'")


def test_group_and_post_must_be_binary(tmp_path: Path) -> None:
    frame = pd.DataFrame({"y": range(8), "g": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1, 0, 1, 0, "sesudah"]})
    path = write_csv(tmp_path / "did.csv", frame)
    result = run_cli("did", path, "--outcome", "y", "--group", "g", "--post", "post")
    assert_input_error(result, "'post'", "baris 9", "sesudah")


def test_treatment_group_with_one_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"y": [1.0, 2, 3, 4, 5], "t": [0, 0, 0, 0, 1]})
    result = run_cli("effect", write_csv(tmp_path / "d.csv", frame), "--outcome", "y", "--treatment", "t")
    assert_input_error(result, "'t'", "t = 1", "1 baris", "baris 6")


def test_treatment_with_a_single_value(tmp_path: Path) -> None:
    frame = pd.DataFrame({"y": [1.0, 2, 3, 4], "t": [1, 1, 1, 1]})
    result = run_cli("effect", write_csv(tmp_path / "d.csv", frame), "--outcome", "y", "--treatment", "t")
    assert_input_error(result, "'t'", "hanya berisi nilai 1")


def test_did_cell_with_one_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"y": range(7), "g": [0, 0, 0, 0, 1, 1, 1], "p": [0, 1, 0, 1, 0, 0, 1]})
    result = run_cli(
        "did", write_csv(tmp_path / "d.csv", frame), "--outcome", "y", "--group", "g", "--post", "p"
    )
    assert_input_error(result, "g = 1, p = 1", "1 baris", "baris 8")


def test_likert_value_outside_scale(tmp_path: Path, fmt: str) -> None:
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 7, 3, 4], "c": [1, 1, 2, 2]})
    path = write(tmp_path, frame, fmt)
    result = run_cli("reliability", path, "--items", "a,b,c", "--min", "1", "--max", "5")
    assert_input_error(result, "'b'", "baris 3", "'7'", "1", "5")


def test_reverse_needs_scale_range(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 3]}))
    assert_input_error(run_cli("reliability", path, "--items", "a,b", "--reverse", "b"), "--reverse", "--min")
    assert_input_error(
        run_cli("reliability", path, "--items", "a,b", "--reverse", "x", "--min", "1", "--max", "5"), "'x'"
    )


@pytest.mark.parametrize("value", [5, 0, 2.5])
def test_ikm_answer_outside_one_to_four(tmp_path: Path, fmt: str, value: float) -> None:
    frame = pd.DataFrame({f"U{i}": [3, 4, 3] for i in range(1, 10)}).astype(object)
    frame.loc[1, "U7"] = value
    assert_input_error(run_cli("ikm", write(tmp_path, frame, fmt)), "'U7'", "baris 3", "1–4")


def test_ikm_missing_unsur_column(tmp_path: Path) -> None:
    frame = pd.DataFrame({f"U{i}": [3, 4] for i in range(1, 9)})
    assert_input_error(run_cli("ikm", write_csv(tmp_path / "d.csv", frame)), "'U9'", "U1, U2")


def test_se_cluster_needs_cluster_column(effect_file: Path) -> None:
    for command, roles in (
        ("effect", ["--treatment", "ikut"]),
        ("did", ["--group", "ikut", "--post", "ikut"]),
    ):
        result = run_cli(command, effect_file, "--outcome", "skor", *roles, "--se", "cluster")
        assert_input_error(result, "--se cluster", "--cluster")


def test_cluster_column_must_exist(effect_file: Path) -> None:
    result = run_cli(
        "effect", effect_file, "--outcome", "skor", "--treatment", "ikut", "--se", "cluster", "--cluster", "x"
    )
    assert_input_error(result, "'x'", "skor, ikut, opd")


def test_too_few_complete_rows(tmp_path: Path) -> None:
    frame = pd.DataFrame({"pre": [1, None, 3], "post": [None, 2, None]})
    assert_input_error(
        run_cli("prepost", write_csv(tmp_path / "d.csv", frame), "--pre", "pre", "--post", "post"), "pre"
    )


def test_analysis_value_error_is_one_clean_message(tmp_path: Path) -> None:
    # A single item: analysis/ raises ValueError with an Indonesian message; it is printed, not a traceback.
    path = write_csv(tmp_path / "d.csv", pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 3]}))
    assert_input_error(run_cli("reliability", path, "--items", "a"), "butir")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["effect", "x.csv", "--treatment", "t"], "argumen wajib belum diisi: --outcome"),
        (["regresi", "x.csv"], "regresi"),
        (["effect", "x.csv", "--outcome", "y", "--treatment", "t", "--se", "robust"], "--se"),
        (["reliability", "x.csv", "--items", "a,b", "--min", "satu"], "--min"),
        (["prepost", "x.csv", "--pre", "a", "--post", "b", "--bogus"], "--bogus"),
        ([], "argumen wajib"),
    ],
)
def test_usage_errors(args: list[str], fragment: str) -> None:
    assert_input_error(run_cli(*args), fragment)


def test_usage_error_in_english() -> None:
    assert_input_error(run_cli("effect", "x.csv", "--lang", "en"), "Invalid command", "--outcome")


def test_binary_columns_accept_words_and_booleans(tmp_path: Path) -> None:
    numbers = pd.DataFrame({"y": [3.0, 4, 5, 7, 8, 9.5], "t": [0, 0, 0, 1, 1, 1]})
    words = numbers.assign(t=["tidak", "Tidak", "FALSE", "ya", "Ya", "true"])
    booleans = numbers.assign(t=[False, False, False, True, True, True])
    expected = run_json(
        "effect", write_csv(tmp_path / "n.csv", numbers), "--outcome", "y", "--treatment", "t"
    )
    for name, frame in (("w.csv", words), ("b.xlsx", booleans)):
        writer = write_xlsx if name.endswith("xlsx") else write_csv
        out = run_json("effect", writer(tmp_path / name, frame), "--outcome", "y", "--treatment", "t")
        assert out["estimate"] == pytest.approx(expected["estimate"]) == pytest.approx(24.5 / 3 - 4.0)


def test_panel_repeated_unit_period_names_both_rows(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"y": [1.0, 2, 3, 4, 5], "t": [0, 1, 0, 1, 1], "u": [1, 1, 2, 2, 1], "p": [1, 2, 1, 2, 2]}
    )
    path = write_csv(tmp_path / "d.csv", frame)
    result = run_cli("panel", path, "--outcome", "y", "--treatment", "t", "--unit", "u", "--period", "p")
    assert_input_error(result, "'u'", "'p'", "baris 6", "baris 3")


def test_text_covariate_becomes_categories_but_a_stray_word_is_an_error(tmp_path: Path) -> None:
    sm = pytest.importorskip("statsmodels.formula.api")
    frame = pd.DataFrame(
        {
            "y": [3.0, 4, 5, 7, 8, 9.5, 4, 6, 7.5, 5],
            "t": [0, 0, 0, 1, 1, 1, 0, 1, 1, 0],
            "opd": ["Dinkes", "Disdik", "BKPSDM"] * 3 + ["Dinkes"],
            "masa": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        }
    )
    out = run_json(
        "effect",
        write_csv(tmp_path / "c.csv", frame),
        "--outcome",
        "y",
        "--treatment",
        "t",
        "--covariates",
        "opd",
    )
    fit = sm.ols("y ~ t + C(opd)", data=frame).fit()
    assert out["estimate"] == pytest.approx(fit.params["t"], rel=1e-9)
    typo = frame.astype({"masa": object})
    typo.loc[4, "masa"] = "lima"
    result = run_cli(
        "effect",
        write_csv(tmp_path / "typo.csv", typo),
        "--outcome",
        "y",
        "--treatment",
        "t",
        "--covariates",
        "masa",
    )
    assert_input_error(result, "'masa'", "baris 6", "'lima'")
