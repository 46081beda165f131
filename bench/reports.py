"""Benchmark: the demo year's portfolio report (DOCX and PDF) and the Beranda dashboard.

Builds the demo into a fresh SQLite file (untimed), then times, as child processes with start-up included:
``tilik report --year Y --format docx,pdf`` (both formats from one gathering of the findings, as
`make demo` writes them; target: under 30 s), and for comparison ``--format docx`` and ``--format pdf`` as
two separate runs (no target). Then the dashboard ``/`` for the pimpinan daerah demo account:
20 sequential and 20 concurrent (8 threads) requests (target: p95 under 300 ms for both).
CPU seconds are recorded beside wall seconds: the machine is shared, and wall time follows its load.

    .venv/bin/python bench/reports.py [--quick] [--out bench/results/reports.json]

``--quick`` uses 500 employees (no targets apply).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import REPO_ROOT, TILIK, bench_args, run_child, target, tilik_demo, tilik_env, tilik_migrate, write_result

NAME = "reports"


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def _dashboard(env: dict[str, str]) -> dict[str, float]:
    os.environ.update(env)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tilik.programs.selectors import program_years

    user = get_user_model().objects.get(username="walikota")
    year = max(program_years())

    def one() -> float:
        client = Client()
        client.force_login(user)
        t = time.perf_counter()
        response = client.get(f"/?tahun={year}")
        if response.status_code != 200:
            raise RuntimeError(f"dashboard answered {response.status_code}")
        return (time.perf_counter() - t) * 1000

    first = one()  # warms the cache and imports; reported apart
    sequential = [one() for _ in range(20)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda _i: one(), range(20)))
    return {
        "first_ms": first,
        "seq_p95_ms": _p95(sequential),
        "seq_median_ms": statistics.median(sequential),
        "conc_p95_ms": _p95(concurrent),
    }


def main() -> int:
    args = bench_args(__doc__.splitlines()[0] if __doc__ else NAME)
    employees = 500 if args.quick else 3000
    with tempfile.TemporaryDirectory(prefix="tilik-bench-") as tmp:
        env = tilik_env(tmp)
        tilik_migrate(env)
        tilik_demo(env, employees)
        year = "2026"
        report = [*TILIK, "report", "--year", year]
        both = run_child(
            [*report, "--format", "docx,pdf", "--output", f"{tmp}/both"], env=env, cwd=REPO_ROOT, quiet=True
        )
        docx = run_child([*report, "--format", "docx", "--output", f"{tmp}/r.docx"], env=env, cwd=REPO_ROOT, quiet=True)
        pdf = run_child([*report, "--format", "pdf", "--output", f"{tmp}/r.pdf"], env=env, cwd=REPO_ROOT, quiet=True)
        for path in (f"{tmp}/both.docx", f"{tmp}/both.pdf", f"{tmp}/r.docx", f"{tmp}/r.pdf"):
            if Path(path).stat().st_size < 10_000:
                raise RuntimeError(f"{path} is too small to be the report")
        dash = _dashboard(env)
    figures = {
        "employees": employees,
        "report_both_s": both.wall_s,
        "report_both_cpu_s": both.cpu_s,
        "docx_s": docx.wall_s,
        "pdf_s": pdf.wall_s,
        "separate_total_s": docx.wall_s + pdf.wall_s,
        "separate_total_cpu_s": docx.cpu_s + pdf.cpu_s,
        "load_avg_1m": os.getloadavg()[0],
        **dash,
    }
    targets = (
        {}
        if args.quick
        else {
            "report_both_s": target(both.wall_s, max=30),
            "seq_p95_ms": target(dash["seq_p95_ms"], max=300),
            "conc_p95_ms": target(dash["conc_p95_ms"], max=300),
        }
    )
    write_result(
        args.out,
        name=NAME,
        figures=figures,
        targets=targets,
        quick=args.quick,
        notes="portfolio report of the demo year via `tilik report` (child processes, start-up included): "
        "report_both = DOCX and PDF from one run (`--format docx,pdf`, what `make demo` does); "
        "docx/pdf = two separate runs, for comparison. Dashboard via Django's test client as "
        "pimpinan daerah, cached per data version; first_ms is the uncached first view",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
