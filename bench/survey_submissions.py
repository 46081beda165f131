"""Survey submissions per second and p95 latency: gunicorn (2 workers) on PostgreSQL, 50 clients, 60 s.

Each client posts a complete Level 1 questionnaire (27 questions) with its own
personal token; afterwards the database must hold exactly one response per
accepted (302) submission and one token use per response: none lost, none
doubled. The same clients then hit a floor view (one POST inserting one row)
for the same time; the ratio survey/floor says how much the survey itself costs.

The clients are one asyncio loop (bench/_survey_client.py), so that the load
generator takes as little as possible of the two cores the server also runs on.
The CPU time of the gunicorn workers, PostgreSQL and the client is read from /proc
around each phase and reported per request: where the remaining cost is.

    .venv/bin/python bench/survey_submissions.py [--quick] [--out bench/results/survey_submissions.json]
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from _common import REPO_ROOT, bench_args, target, write_result
from _survey_client import LoadResult, get_request, post_request, run_load

args = bench_args(__doc__.splitlines()[0])
CLIENTS, SECONDS, TOKENS = (10, 8, 3000) if args.quick else (50, 60, 20000)
BIN = Path(sys.executable).parent
STATE = REPO_ROOT / "var" / f"pg_cluster.bench-surveys.{os.getpid()}.env"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_pg() -> str:
    env = {**os.environ, "TILIK_PG_STATE": str(STATE)}
    out = subprocess.run(
        ["bash", "scripts/pg_cluster.sh", "start"], cwd=REPO_ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def stop_pg() -> None:
    subprocess.run(
        ["bash", "scripts/pg_cluster.sh", "stop"],
        cwd=REPO_ROOT,
        env={**os.environ, "TILIK_PG_STATE": str(STATE)},
        check=False,
        capture_output=True,
    )


def setup_database() -> tuple[list[str], int]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from tilik.surveys.models import Invitation
    from tilik.surveys.services.library import instrument_load_template
    from tilik.surveys.services.waves import wave_create, wave_publish
    from tilik.surveys.tokens import new_nonce, token_for, token_hash

    call_command("migrate", verbosity=0)
    instrument = instrument_load_template(name="level1_reaksi", by="bench")
    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    wave = wave_create(
        version=instrument.versions.get(), title="bench", opens_at=now - hour, closes_at=now + 24 * hour, by="bench"
    )
    wave_publish(wave=wave, by="bench")
    # Bulk-create the invitations (the per-invitation service is not what is measured here).
    nonces = [new_nonce() for _ in range(TOKENS)]
    Invitation.objects.bulk_create(
        [Invitation(wave=wave, name=f"peserta {i}", nonce=n, token_hash=n) for i, n in enumerate(nonces)],
        batch_size=2000,
    )
    tokens = []
    rows = list(Invitation.objects.filter(wave=wave).values_list("pk", "nonce"))
    updates = []
    for pk, nonce in rows:
        token = token_for(pk, nonce)
        tokens.append(token)
        updates.append(Invitation(pk=pk, token_hash=token_hash(token)))
    Invitation.objects.bulk_update(updates, ["token_hash"], batch_size=2000)
    return tokens, wave.pk


def answers() -> dict[str, str]:
    codes = [f"{p}{i}" for p in ("PNY", "MAT", "PGJ", "SAR") for i in range(1, 7)]
    return {**{f"q_{c}": "3" for c in codes}, "q_NPS": "8", "q_BAIK": "Studi kasus", "action": "submit"}


def csrf_for(base: str, path: str) -> tuple[str, str]:
    """GET the form once: the CSRF cookie and form token every client then sends (one browser's worth)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + path, timeout=30) as page:
        html = page.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        raise RuntimeError("the survey form has no CSRF token")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, match.group(1)


_TICK = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            out.extend(int(c) for c in text)
    except OSError:
        pass
    return out


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its live descendants (and reaped children)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = sum(int(v) for v in fields[11:15]) / _TICK  # utime, stime, cutime, cstime
    except OSError:
        return 0.0
    return total + sum(tree_cpu_s(child) for child in _children(pid))


def postmaster_pid() -> int:
    state = dict(line.split("=", 1) for line in STATE.read_text().splitlines() if "=" in line)
    data = Path(state["PG_DIR"].strip("'")) / "data" / "postmaster.pid"
    return int(data.read_text().splitlines()[0])


def phase(port: int, requests: Any, gunicorn_pid: int, pg_pid: int) -> tuple[LoadResult, float, float]:
    """One load phase; also the CPU seconds the gunicorn workers and PostgreSQL used during it."""
    web0, pg0 = tree_cpu_s(gunicorn_pid), tree_cpu_s(pg_pid)
    result = run_load("127.0.0.1", port, CLIENTS, SECONDS, requests)
    return result, tree_cpu_s(gunicorn_pid) - web0, tree_cpu_s(pg_pid) - pg0


NOTES = (
    "gunicorn 2 sync workers (no access log, gunicorn's default), PostgreSQL from scripts/pg_cluster.sh "
    "(fsync off), persistent connections (DB_CONN_MAX_AGE default), one asyncio client process on bare "
    "sockets (50 concurrent connections, a new connection per request) on the same 2 cores, shared with "
    "whatever else runs (load_avg_1m, where recorded); the floor is one POST inserting one row through the "
    "same middleware. cpu_ms_* are user+system CPU per request of the gunicorn workers (web), PostgreSQL "
    "(db) and the client, from /proc. A submission of this anonymous Level 1 wave is two statements: the "
    "prepared token lookup and one statement of data-modifying CTEs (row lock, token use, draft cleanup, "
    "response, 26 answers from one jsonb parameter) in autocommit (ARCHITECTURE.md, the hot path). The "
    "machine is shared and runs vary: the two runs before this one, same code, gave 278 and 280 "
    "submissions/s (p95 219 and 223 ms) with the floor at 526 and 470/s."
)


def main() -> None:
    url = start_pg()
    gunicorn = None
    try:
        sys.path.insert(0, str(REPO_ROOT / "bench"))
        os.environ.update(
            {
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "_survey_settings",
                "SECRET_KEY": "bench-only-not-secret",
                "PYTHONPATH": str(REPO_ROOT / "bench"),
            }
        )
        tokens, wave_pk = setup_database()
        from django.db import connections

        connections.close_all()  # the setup's connection would count as PostgreSQL load otherwise
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--backlog",
                "512",
                "--error-logfile",
                "-",
                "--log-level",
                "warning",
                "tilik.wsgi",
            ],
            cwd=REPO_ROOT,
            env=os.environ.copy(),
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):  # gunicorn may take a while on a busy machine
            try:
                urllib.request.urlopen(base + "/s/terima-kasih/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        host = f"127.0.0.1:{port}"
        cookie, csrf = csrf_for(base, f"/s/t/{tokens[0]}/")
        body = urllib.parse.urlencode({**answers(), "csrfmiddlewaretoken": csrf}).encode()
        queue = iter(tokens)

        def next_survey() -> bytes | None:
            token = next(queue, None)
            return None if token is None else post_request(f"/s/t/{token}/", host, body, cookie)

        floor_request = post_request("/bench/floor/", host, b"x=1")
        # Warm both workers (first-request imports, template and translation loading) on pages that
        # use no token, so that a short --quick run measures the steady state too.
        warm = [get_request(f"/s/t/{tokens[0]}/", host), floor_request] * 20
        run_load("127.0.0.1", port, 4, 30, lambda: warm.pop() if warm else None)
        pg_pid = postmaster_pid()
        load_avg = os.getloadavg()[0]
        survey, survey_web, survey_pg = phase(port, next_survey, gunicorn.pid, pg_pid)
        floor, floor_web, floor_pg = phase(port, lambda: floor_request, gunicorn.pid, pg_pid)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
    try:
        from django.db.models import Count

        from tilik.surveys.models import Answer, Response, TokenUse

        stored = Response.objects.filter(wave_id=wave_pk).count()
        uses = TokenUse.objects.filter(invitation__wave_id=wave_pk).count()
        doubled = TokenUse.objects.values("invitation").annotate(n=Count("pk")).filter(n__gt=1).count()
        # Every stored response must be whole: the 26 answers the clients sent (27 questions, one left empty).
        per_response = Answer.objects.filter(response__wave_id=wave_pk).values("response").annotate(n=Count("pk"))
        incomplete = stored - sum(1 for row in per_response if row["n"] == len(answers()) - 1)
    finally:
        from django.db import connections

        connections.close_all()
        stop_pg()
    accepted = survey.statuses.get(302, 0)
    rate = accepted / survey.wall if survey.wall else 0.0
    floor_ok = floor.statuses.get(200, 0)
    floor_rate = floor_ok / floor.wall if floor.wall else 0.0
    lost = accepted - stored
    doubled_total = doubled + abs(stored - uses)

    def per_request_ms(cpu_s: float, n: int) -> float:
        return 1000 * cpu_s / n if n else 0.0

    write_result(
        args.out,
        name="survey_submissions",
        quick=args.quick,
        figures={
            "clients": CLIENTS,
            "seconds": SECONDS,
            "load_avg_1m": load_avg,
            "submissions": accepted,
            "submissions_per_s": rate,
            "p50_ms": survey.percentile(0.5) * 1000,
            "p95_ms": survey.percentile(0.95) * 1000,
            "floor_per_s": floor_rate,
            "floor_p95_ms": floor.percentile(0.95) * 1000,
            "ratio_to_floor": rate / floor_rate if floor_rate else 0.0,
            "stored": stored,
            "token_uses": uses,
            "lost": lost,
            "doubled": doubled_total,
            "incomplete": incomplete,
            "errors": sum(n for code, n in survey.statuses.items() if code != 302),
            "floor_errors": sum(n for code, n in floor.statuses.items() if code != 200),
            # CPU per request (ms): where the remaining time goes, on the same two cores.
            "cpu_ms_web_per_submission": per_request_ms(survey_web, survey.n),
            "cpu_ms_db_per_submission": per_request_ms(survey_pg, survey.n),
            "cpu_ms_client_per_submission": per_request_ms(survey.client_cpu_s, survey.n),
            "cpu_ms_web_per_floor": per_request_ms(floor_web, floor.n),
            "cpu_ms_db_per_floor": per_request_ms(floor_pg, floor.n),
            "cpu_ms_client_per_floor": per_request_ms(floor.client_cpu_s, floor.n),
        },
        targets={
            "submissions_per_s": target(rate, min=200),
            "p95_ms": target(survey.percentile(0.95) * 1000, max=250),
            "lost": target(lost, max=0),
            "doubled": target(doubled_total, max=0),
            "incomplete": target(incomplete, max=0),
        },
        notes=NOTES,
    )


if __name__ == "__main__":
    main()
