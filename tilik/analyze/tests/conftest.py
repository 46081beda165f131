"""Helpers: write real CSV/XLSX files and run the real `tilik analyze` command in a subprocess."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: Any) -> CliResult:
    """Run `python -m tilik.cli analyze ...` as evaluators do, without Django settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("TILIK_DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(  # noqa: S603 - our own command, fixed argv
        [sys.executable, "-m", "tilik.cli", "analyze", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=300,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def _reject_constant(name: str) -> Any:
    raise AssertionError(f"non-standard JSON constant {name}")


def run_json_stderr(*args: Any) -> tuple[dict[str, Any], str]:
    """Run with --json: exactly one JSON object on stdout (plus whatever went to stderr)."""
    result = run_cli(*args, "--json")
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout, parse_constant=_reject_constant)  # NaN/Infinity are not JSON
    assert isinstance(payload, dict)
    return payload, result.stderr


def run_json(*args: Any) -> dict[str, Any]:
    return run_json_stderr(*args)[0]


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def write_csv(path: Path, frame: pd.DataFrame, *, delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow(["" if _cell(v) is None else _cell(v) for v in row])
    return path


def write_xlsx(path: Path, frame: pd.DataFrame, *, leading_blank_rows: int = 0) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(leading_blank_rows):
        sheet.append([])
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    book.save(path)
    return path


def write(tmp_path: Path, frame: pd.DataFrame, fmt: str, name: str = "data") -> Path:
    target = tmp_path / f"{name}.{fmt}"
    return write_csv(target, frame) if fmt == "csv" else write_xlsx(target, frame)


def assert_input_error(result: CliResult, *fragments: str) -> None:
    """Exit code 2, one clear message on stderr naming what is wrong, no traceback, nothing on stdout."""
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.fixture(params=["csv", "xlsx"])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)
