"""scripts/pg_cluster.sh and scripts/redis_server.sh share scripts/_throwaway_server.sh (state file, free
port, guarded delete, start|stop|status): the commands still behave as before."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own scripts
        ["/bin/bash", str(ROOT / "scripts" / script), *args],
        env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="Debian's redis-server is not installed")
def test_redis_server_starts_reports_and_stops_leaving_nothing(tmp_path):
    env = {"TILIK_REDIS_STATE": str(tmp_path / "redis.env"), "TILIK_REDIS_TMP": str(tmp_path)}
    started = run("redis_server.sh", "start", env=env)
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("redis://127.0.0.1:") and url.endswith("/0")
        assert run("redis_server.sh", "status", env=env).stdout.strip() == url
        again = run("redis_server.sh", "start", env=env)  # already running: the same server
        assert again.stdout.strip() == url and "already running" in again.stderr
        (server_dir,) = tmp_path.glob("tilik-redis.*")
    finally:
        stopped = run("redis_server.sh", "stop", env=env)
    assert stopped.returncode == 0 and not server_dir.exists() and not (tmp_path / "redis.env").exists()
    status = run("redis_server.sh", "status", env=env)
    assert status.returncode == 1 and "not running" in status.stderr


@pytest.mark.parametrize(
    ("script", "state"),
    [
        ("pg_cluster.sh", "PG_DIR='{d}'\nPG_BIN='/nonexistent'\nPG_PORT='1'\n"),
        ("redis_server.sh", "REDIS_DIR='{d}'\nREDIS_PORT='1'\n"),
    ],
)
def test_stop_never_deletes_a_directory_it_did_not_make(tmp_path, script, state):
    foreign = tmp_path / "someone-elses-data"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x")
    state_file = tmp_path / "state.env"
    state_file.write_text(state.format(d=foreign))
    env = {"TILIK_PG_STATE": str(state_file), "TILIK_REDIS_STATE": str(state_file)}
    stopped = run(script, "stop", env=env)
    assert stopped.returncode == 0 and "not deleting unexpected directory" in stopped.stderr
    assert (foreign / "keep.txt").exists() and not state_file.exists()


@pytest.mark.parametrize("script", ["pg_cluster.sh", "redis_server.sh"])
def test_usage(script):
    wrong = run(script, "restart", env={})
    assert wrong.returncode == 2 and "usage:" in wrong.stderr and "start|stop|status" in wrong.stderr
