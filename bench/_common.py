"""Shared helpers for the benchmark scripts in bench/.

Every benchmark is a script ``bench/<name>.py`` that accepts ``--out PATH`` (where to
write its JSON result) and ``--quick`` (a smaller, faster variant for smoke runs).
``bench/run.py`` runs them all and renders the table in bench/README.md.

A result file looks like::

    {
      "name": "demo_generation",
      "machine": {"cpu": "...", "cores": 2, "memory": "23.4 GiB", "python": "3.11.2"},
      "date": "2026-11-28T02:30:00+00:00",
      "quick": false,
      "figures": {"wall_s": 41.2, "peak_rss_mb": 310.5},
      "targets": {"wall_s": {"max": 60, "met": true}},
      "notes": "..."
    }

A minimal benchmark::

    from _common import bench_args, measure_self, target, write_result

    args = bench_args("What this measures")
    with measure_self() as m:
        do_the_work(small=args.quick)
    write_result(args.out, name="my_bench", quick=args.quick,
                 figures={"wall_s": m.wall_s, "peak_rss_mb": m.peak_rss_mb},
                 targets={"wall_s": target(m.wall_s, max=5)})

Only the standard library is used here, so it works before Django is set up.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"


# --- command line --------------------------------------------------------------


def bench_args(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the arguments every benchmark accepts: ``--out`` and ``--quick``."""
    name = Path(sys.argv[0]).stem
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS_DIR / f"{name}.json",
        help="where to write the JSON result (default: bench/results/<name>.json)",
    )
    parser.add_argument("--quick", action="store_true", help="smaller, faster variant (smoke test)")
    return parser.parse_args(argv)


# --- machine -------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def machine_info() -> dict[str, Any]:
    """CPU model, usable cores, total memory and Python version of this machine."""
    mem = _memory_bytes()
    try:
        cores = len(os.sched_getaffinity(0))  # what we may use (containers, taskset)
    except AttributeError:
        cores = os.cpu_count() or 1
    return {
        "cpu": _cpu_model(),
        "cores": cores,
        "memory": f"{mem / 2**30:.1f} GiB" if mem else "unknown",
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
    }


# --- measuring -----------------------------------------------------------------


def _maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


@dataclass
class Measurement:
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    # user + system CPU seconds: unlike wall time, barely affected by other load
    # on a shared machine, so a useful second opinion when wall_s looks off.
    cpu_s: float = 0.0
    returncode: int = 0


@contextlib.contextmanager
def measure_self() -> Iterator[Measurement]:
    """Wall and CPU time of the block, and this process's peak RSS so far (a
    high-water mark for the whole process, so measure in a fresh process for
    clean figures)."""
    m = Measurement()
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    try:
        yield m
    finally:
        m.wall_s = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        m.peak_rss_mb = _maxrss_mb(usage.ru_maxrss)
        m.cpu_s = usage.ru_utime + usage.ru_stime - cpu0


def run_child(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    check: bool = True,
    quiet: bool = False,
) -> Measurement:
    """Run ``cmd`` and return its wall time, CPU time and peak RSS.

    The peak RSS comes from wait4() for this one child (including any children it
    waited for), not from getrusage(RUSAGE_CHILDREN), which is a maximum over
    every child this process has ever reaped, so an earlier, larger step (such
    as a migrate) would leak into the figure.
    """
    stdout = subprocess.DEVNULL if quiet else None
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=dict(env) if env is not None else None, cwd=cwd, stdout=stdout)
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
    m = Measurement(
        wall_s=wall,
        peak_rss_mb=_maxrss_mb(usage.ru_maxrss),
        cpu_s=usage.ru_utime + usage.ru_stime,
        returncode=proc.returncode,
    )
    if check and proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, list(cmd))
    return m


# --- a fresh Tilik in a temporary directory -------------------------------------

TILIK = (sys.executable, "-m", "tilik.cli")


def tilik_env(tmp: str | Path, **extra: str) -> dict[str, str]:
    """The environment of a ``tilik`` child on a fresh SQLite file in ``tmp``: dev settings, the checkout's
    var/ (secret key, media) kept out, a fixed hash seed, the test client's host allowed; ``extra`` adds or
    overrides settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tilik.settings.dev",
        "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",  # absolute path: sqlite:////tmp/...
        "TILIK_VAR_DIR": str(tmp),
        "SECRET_KEY": "bench-only-not-secret",
        "PYTHONHASHSEED": "0",
        "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
        **extra,
    }


def tilik_migrate(env: Mapping[str, str]) -> Measurement:
    return run_child([*TILIK, "migrate", "--noinput", "-v", "0"], env=env, cwd=REPO_ROOT)


def tilik_demo(env: Mapping[str, str], employees: int, *options: str) -> Measurement:
    """``tilik demo --seed 1 --employees N --force [options]``, quiet (it prints the demo logins)."""
    cmd = [*TILIK, "demo", "--seed", "1", "--employees", str(employees), "--force", *options]
    return run_child(cmd, env=env, cwd=REPO_ROOT, quiet=True)


# --- results -------------------------------------------------------------------


def target(value: float, *, max: float | None = None, min: float | None = None) -> dict[str, Any]:
    """A target for one figure: ``{"max": 60, "met": true}``."""
    met = (max is None or value <= max) and (min is None or value >= min)
    out: dict[str, Any] = {}
    if max is not None:
        out["max"] = max
    if min is not None:
        out["min"] = min
    out["met"] = bool(met)
    return out


def write_result(
    out: Path | str,
    *,
    name: str,
    figures: Mapping[str, Any],
    targets: Mapping[str, Any] | None = None,
    quick: bool = False,
    notes: str = "",
) -> dict[str, Any]:
    """Write one benchmark's result as JSON (atomically: a half-written file never
    replaces a good one) and return it."""
    result: dict[str, Any] = {
        "name": name,
        "machine": machine_info(),
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "quick": quick,
        "figures": {k: _round(v) for k, v in figures.items()},
        "targets": dict(targets or {}),
    }
    if notes:
        result["notes"] = notes
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in result["figures"].items()) + f" -> {path}")
    return result


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3 if abs(value) < 100 else 1)
    return value
