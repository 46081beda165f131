"""The fault suite's real stack (issue 18 item 6): its own PostgreSQL cluster (scripts/pg_cluster.sh), Redis for
the RQ backend (scripts/redis_server.sh), `tilik worker` and gunicorn as subprocesses with tilik.settings.prod.

Runs once, in make test's SQLite step (it brings its own PostgreSQL, so the PostgreSQL step skips it). The
processes are ours: each is started in its own session and stopped (or killed) by its process group.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# ruff: noqa: S603, S607 - starts our own programs (tilik, gunicorn, pg_ctl, redis-server) with fixed arguments

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# Each snippet run by Stack.python() starts with this: Django set up against the stack's database.
PRELUDE = "import json, django; django.setup()\n"


def have_postgres() -> bool:
    return any(Path(p).is_dir() for p in Path("/usr/lib/postgresql").glob("*/bin")) or bool(shutil.which("pg_ctl"))


def skip_reasons() -> list[Any]:
    """The marks every fault test module carries."""
    return [
        pytest.mark.faults,
        pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs once, in the SQLite step"),
        pytest.mark.skipif(not have_postgres(), reason="PostgreSQL missing (scripts/bootstrap.sh --system)"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], Any], what: str, timeout: float = 60.0, every: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy (and return that); fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout} s")


def stop_group(proc: subprocess.Popen[Any], sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Signal a process we started in its own session, and everything it started."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@dataclass
class Stack:
    dir: Path
    env: dict[str, str]
    pg_state: Path
    procs: list[subprocess.Popen[Any]] = field(default_factory=list)

    def environ(self, **extra: str) -> dict[str, str]:
        return {**self.env, **extra}

    def python(self, code: str, **extra: str) -> Any:
        """Run ``code`` in a fresh process against the stack; it sets ``out``, returned as JSON."""
        script = PRELUDE + code + "\nprint('@@' + json.dumps(out, default=str))\n"
        done = subprocess.run(
            [sys.executable, "-c", script], env=self.environ(**extra), cwd=self.dir, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("@@"))
        return json.loads(line[2:])

    def sql(self, query: str, *params: Any) -> list[dict[str, Any]]:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True, row_factory=dict_row) as conn:
            return list(conn.execute(query, params).fetchall())

    def tilik(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "tilik"), *args], env=self.environ(**extra), cwd=self.dir, capture_output=True, text=True
        )

    def start(self, argv: list[str], log: str, **extra: str) -> subprocess.Popen[Any]:
        proc = subprocess.Popen(
            argv,
            env=self.environ(**extra),
            cwd=ROOT,
            stdout=open(self.dir / log, "ab"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole, like systemd's control group
        )
        self.procs.append(proc)
        return proc

    def worker(self, *args: str, log: str = "worker.log", **extra: str) -> subprocess.Popen[Any]:
        return self.start([str(BIN / "tilik"), "worker", *args], log, **extra)

    def log(self, name: str) -> str:
        path = self.dir / name
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def pg(self) -> dict[str, str]:
        values = {}
        for line in self.pg_state.read_text().splitlines():
            key, _, value = line.partition("=")
            values[key] = value.strip("'")
        return values

    def pg_restart(self) -> None:
        """Restart the cluster (fast shutdown: open connections are terminated, as on a real restart)."""
        pg = self.pg()
        ctl = [f"{pg['PG_BIN']}/pg_ctl", "-D", f"{pg['PG_DIR']}/data"]
        if os.geteuid() == 0:
            ctl = ["runuser", "-u", "postgres", "--", *ctl]
        # -l: the new server logs to its file; on our stdout it would hold this call open for its lifetime.
        log = f"{pg['PG_DIR']}/server.log"
        restart = [*ctl, "-l", log, "-m", "fast", "-w", "-t", "60", "restart"]
        subprocess.run(restart, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    d = tmp_path_factory.mktemp("faults")
    pg_state = d / "pg_cluster.env"
    scripts_env = {**os.environ, "TILIK_PG_STATE": str(pg_state)}
    started = subprocess.run(
        ["bash", str(ROOT / "scripts" / "pg_cluster.sh"), "start"], env=scripts_env, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip().splitlines()[-1]
    var = d / "var"
    var.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TILIK_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tilik.settings.prod",
        DATABASE_URL=url,
        SECRET_KEY="faults-test-" + "x" * 40,
        TILIK_VAR_DIR=str(var),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        TILIK_REQUIRE_2FA="0",
        TILIK_HEALTH_MIN_FREE_MB="0",
        TILIK_WORKER_HEARTBEAT_SECONDS="1",
        MPLCONFIGDIR=str(d / "mpl"),
        LOG_LEVEL="WARNING",
    )
    stack = Stack(dir=d, env=env, pg_state=pg_state)
    try:
        migrated = stack.tilik("migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        yield stack
    finally:
        for proc in stack.procs:
            stop_group(proc, signal.SIGKILL)
        subprocess.run(["bash", str(ROOT / "scripts" / "pg_cluster.sh"), "stop"], env=scripts_env, capture_output=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not shutil.which("redis-server"):
        pytest.skip("redis-server missing (scripts/bootstrap.sh --system installs it)")
    state = tmp_path_factory.mktemp("redis") / "redis.env"
    scripts_env = {**os.environ, "TILIK_REDIS_STATE": str(state)}
    started = subprocess.run(
        ["bash", str(ROOT / "scripts" / "redis_server.sh"), "start"], env=scripts_env, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "redis_server.sh"), "stop"], env=scripts_env, capture_output=True
        )


@pytest.fixture(params=["database", "rq"])
def backend(request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment that selects a task backend (both where the fault allows)."""
    if request.param == "rq":
        url = request.getfixturevalue("redis_url")
        return {"TILIK_TASK_BACKEND": "rq", "TILIK_REDIS_URL": url}
    return {"TILIK_TASK_BACKEND": "database"}


def job_state(stack: Stack, pk: int) -> dict[str, Any]:
    """The job's row, read straight from PostgreSQL (fast enough to poll; a Django process per poll is not)."""
    return stack.sql(
        "SELECT status, percent, attempts, result, error, task_id, key, heartbeat_at FROM jobs_job WHERE id = %s",
        pk,
    )[0]


STALE = "2"  # TILIK_JOB_STALE_SECONDS for a restarted worker: a job silent this long is taken for dead


def finish_after_requeue(stack: Stack, pk: int, backend: dict[str, str]) -> dict[str, Any]:
    """After a worker died inside job ``pk``: wait until its heartbeat is stale, run one batch worker, and
    check it requeued the job and finished it on the second attempt. Returns the job's final state."""
    wait_until(
        lambda: stack.sql(
            "SELECT now() - heartbeat_at > make_interval(secs => %s) AS stale FROM jobs_job WHERE id = %s",
            int(STALE),
            pk,
        )[0]["stale"],
        "the dead worker's heartbeat to go stale",
    )
    done = stack.tilik("worker", "--batch", TILIK_JOB_STALE_SECONDS=STALE, **backend)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"requeued job {pk}" in done.stdout
    final = job_state(stack, pk)
    assert (final["status"], final["attempts"], final["error"]) == ("done", 2, ""), final
    return final
