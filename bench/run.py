"""Run every benchmark in bench/ and refresh the results table in bench/README.md.

    .venv/bin/python bench/run.py                 # all benchmarks (make bench)
    .venv/bin/python bench/run.py --quick         # smaller variants
    .venv/bin/python bench/run.py demo_generation # only some
    .venv/bin/python bench/run.py --table-only    # just re-render the table

A benchmark is any ``bench/<name>.py`` except this file and ``_*.py`` helpers; it
must accept ``--out bench/results/<name>.json`` and ``--quick`` (see _common.py).
Each runs in its own process, one after another (timings are not disturbed by a
neighbour). A failing benchmark does not stop the others; the exit status is
non-zero if any failed, and its previous result (if any) stays in the table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
README = BENCH_DIR / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def discover() -> list[str]:
    return sorted(p.stem for p in BENCH_DIR.glob("*.py") if p.name != "run.py" and not p.name.startswith("_"))


def run_one(name: str, quick: bool) -> bool:
    cmd = [sys.executable, str(BENCH_DIR / f"{name}.py"), "--out", str(RESULTS_DIR / f"{name}.json")]
    if quick:
        cmd.append("--quick")
    print(f"\n=== bench: {name}", flush=True)
    start = time.perf_counter()
    rc = subprocess.run(cmd, cwd=BENCH_DIR.parent, check=False).returncode
    status = "ok" if rc == 0 else f"FAILED (exit {rc})"
    print(f"--- {name}: {status} in {time.perf_counter() - start:.1f}s", flush=True)
    return rc == 0


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _fmt_target(t: Any) -> tuple[str, str]:
    if not isinstance(t, dict):
        return (_fmt(t), "")
    bounds = []
    if "max" in t:
        bounds.append(f"≤ {_fmt(t['max'])}")
    if "min" in t:
        bounds.append(f"≥ {_fmt(t['min'])}")
    met = t.get("met")
    return (" and ".join(bounds) or "", "" if met is None else ("✅" if met else "❌"))


def render_table() -> str:
    rows = [
        "| Benchmark | Figure | Value | Target | Met | Machine | Date |",
        "|---|---|---:|---|:-:|---|---|",
    ]
    results = []
    for path in sorted(RESULTS_DIR.glob("*.json")):
        try:
            results.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            print(f"warning: skipping unreadable {path.name}: {exc}", file=sys.stderr)
    if not results:
        return "_No results yet: run `make bench`._"
    for res in results:
        m = res.get("machine", {})
        machine = f"{m.get('cores', '?')} cores, {m.get('memory', '?')}, Python {m.get('python', '?')}"
        if m.get("cpu"):
            machine = f"{m['cpu']}; {machine}"
        date = str(res.get("date", ""))[:10]
        name = res.get("name", "?") + (" (quick)" if res.get("quick") else "")
        targets = res.get("targets", {})
        for i, (fig, value) in enumerate(res.get("figures", {}).items()):
            bound, met = _fmt_target(targets[fig]) if fig in targets else ("", "")
            first = i == 0
            rows.append(
                f"| {name if first else ''} | {fig} | {_fmt(value)} | {bound} | {met} "
                f"| {machine if first else ''} | {date if first else ''} |"
            )
    return "\n".join(rows)


def refresh_readme() -> None:
    table = render_table()
    text = README.read_text(encoding="utf-8") if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text or text.index(START) > text.index(END):
        text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    print(f"\nupdated {README.relative_to(BENCH_DIR.parent)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="pass --quick to every benchmark")
    parser.add_argument("--table-only", action="store_true", help="only re-render the README table")
    args = parser.parse_args(argv)

    available = discover()
    unknown = sorted(set(args.names) - set(available))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}")

    failed: list[str] = []
    if not args.table_only:
        RESULTS_DIR.mkdir(exist_ok=True)
        for name in args.names or available:
            if not run_one(name, args.quick):
                failed.append(name)
    refresh_readme()
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
