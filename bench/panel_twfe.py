"""Two-way fixed effects on 1,000,000 employee-quarters: analysis.panel vs linearmodels.

    .venv/bin/python bench/panel_twfe.py                  # 100,000 ASN x 10 quarters
    .venv/bin/python bench/panel_twfe.py --quick          # 10,000 ASN x 10 quarters
    .venv/bin/python bench/panel_twfe.py --out results.json

Each measurement runs in its own child process (this script with ``--worker``), so
its peak RSS (wait4's ru_maxrss) belongs to that step alone: ``data`` only builds the
panel, ``twfe`` and ``event_study`` build it and call analysis.panel, ``linearmodels``
builds it and fits ``PanelOLS(entity_effects=True, time_effects=True)`` with
unit-clustered SEs, the same model as ``twfe``. Timings cover the estimator call only
(from the flat frame, so index building is inside both); the data build is timed
apart. Treatment is staggered: cohorts first treated in quarter 4, 6 or 8, or never.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from _common import bench_args, run_child, target, write_result  # noqa: E402

PERIODS = 10
EFFECT = 0.5
STEPS = ("data", "twfe", "event_study", "linearmodels")


def build_panel(units: int, periods: int = PERIODS, seed: int = 1) -> Any:
    """Employee-quarter panel with unit and quarter effects and a staggered programme."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    first = rng.choice(np.array([0, 4, 6, 8]), size=units, p=[0.4, 0.2, 0.2, 0.2])
    unit = np.repeat(np.arange(1, units + 1), periods)
    quarter = np.tile(np.arange(1, periods + 1), units)
    ft = np.repeat(first, periods)
    treated = ((ft > 0) & (quarter >= ft)).astype(np.int8)
    y = (
        np.repeat(rng.normal(70, 8, size=units), periods)  # employee level (e.g. SKP score)
        + 0.3 * quarter
        + EFFECT * treated
        + rng.normal(0, 2, size=units * periods)
    )
    return pd.DataFrame({"nip": unit, "triwulan": quarter, "first_treated": ft, "treated": treated, "skp": y})


def worker(step: str, units: int, out: Path) -> None:
    t0 = time.perf_counter()
    df = build_panel(units)
    build_s = time.perf_counter() - t0
    result: dict[str, Any] = {"build_s": build_s, "rows": len(df)}
    start = time.perf_counter()
    if step == "twfe":
        from analysis.panel import twfe

        est = twfe(df, outcome="skp", treatment="treated", unit="nip", period="triwulan")
        result.update(estimate=est.estimate, se=est.se)
    elif step == "event_study":
        from analysis.panel import event_study

        es = event_study(df, outcome="skp", unit="nip", period="triwulan", first_treated="first_treated")
        result.update(estimate=es.coefficients[0].estimate, se=es.coefficients[0].se)
    elif step == "linearmodels":
        from linearmodels.panel import PanelOLS

        panel = df.set_index(["nip", "triwulan"])
        res = PanelOLS(panel["skp"], panel[["treated"]].astype(float), entity_effects=True,
                       time_effects=True).fit(cov_type="clustered", cluster_entity=True)
        result.update(estimate=float(res.params["treated"]), se=float(res.std_errors["treated"]))
    result["seconds"] = time.perf_counter() - start
    out.write_text(json.dumps(result), encoding="utf-8")


def measure(step: str, units: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "step.json"
        cmd = [sys.executable, __file__, "--worker", step, "--units", str(units), "--worker-out", str(path)]
        m = run_child(cmd, cwd=Path(__file__).resolve().parent.parent)
        res: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    res["peak_rss_mb"] = m.peak_rss_mb
    res["child_wall_s"] = m.wall_s
    print(f"  {step}: {res}", flush=True)
    return res


def main() -> None:
    if "--worker" in sys.argv:
        p = argparse.ArgumentParser()
        p.add_argument("--worker", choices=STEPS, required=True)
        p.add_argument("--units", type=int, required=True)
        p.add_argument("--worker-out", type=Path, required=True)
        w = p.parse_args()
        worker(w.worker, w.units, w.worker_out)
        return
    args = bench_args("TWFE and event study on a million employee-quarters vs linearmodels PanelOLS")
    units = 10_000 if args.quick else 100_000
    runs = {step: measure(step, units) for step in STEPS}
    tw, es, lm = runs["twfe"], runs["event_study"], runs["linearmodels"]
    ratio = tw["seconds"] / lm["seconds"]
    peak_gb = max(r["peak_rss_mb"] for r in runs.values()) / 1024
    figures = {
        "rows": tw["rows"],
        "build_s": runs["data"]["build_s"],
        "data_peak_rss_mb": runs["data"]["peak_rss_mb"],
        "twfe_s": tw["seconds"],
        "twfe_peak_rss_mb": tw["peak_rss_mb"],
        "event_study_s": es["seconds"],
        "event_study_peak_rss_mb": es["peak_rss_mb"],
        "linearmodels_s": lm["seconds"],
        "linearmodels_peak_rss_mb": lm["peak_rss_mb"],
        "twfe_to_linearmodels": ratio,
        "peak_gb": peak_gb,
        "twfe_estimate": tw["estimate"],
        "linearmodels_estimate": lm["estimate"],
        "twfe_se": tw["se"],
        "linearmodels_se": lm["se"],
    }
    targets = {
        "twfe_s": target(tw["seconds"], max=30),
        "event_study_s": target(es["seconds"], max=30),
        "peak_gb": target(peak_gb, max=4),
        "twfe_to_linearmodels": target(ratio, max=1.5),
    }
    write_result(
        args.out, name="panel_twfe", quick=args.quick, figures=figures, targets=targets,
        notes=f"{units:,} ASN x {PERIODS} quarters, staggered programme (true effect {EFFECT}); "
        "unit-clustered SEs; each step in a fresh process",
    )


if __name__ == "__main__":
    main()
