"""Survey submissions per second and p95 latency: gunicorn (2 workers) on PostgreSQL, 50 clients, 60 s.

Each client posts a complete Level 1 questionnaire (27 questions) with its own
personal token; afterwards the database must hold exactly one response per
accepted (302) submission and one token use per response: none lost, none
doubled. The same clients then hit a floor view (one POST inserting one row)
for the same time; the ratio survey/floor says how much the survey itself costs.

    .venv/bin/python bench/survey_submissions.py [--quick] [--out bench/results/survey_submissions.json]
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from _common import REPO_ROOT, bench_args, target, write_result

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
    out = subprocess.run(["bash", "scripts/pg_cluster.sh", "start"], cwd=REPO_ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def stop_pg() -> None:
    subprocess.run(["bash", "scripts/pg_cluster.sh", "stop"], cwd=REPO_ROOT,
                   env={**os.environ, "TILIK_PG_STATE": str(STATE)}, check=False, capture_output=True)


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
    wave = wave_create(version=instrument.versions.get(), title="bench", opens_at=now - hour,
                       closes_at=now + 24 * hour, by="bench")
    wave_publish(wave=wave, by="bench")
    # Bulk-create the invitations (the per-invitation service is not what is measured here).
    nonces = [new_nonce() for _ in range(TOKENS)]
    Invitation.objects.bulk_create(
        [Invitation(wave=wave, name=f"peserta {i}", nonce=n, token_hash=n) for i, n in enumerate(nonces)],
        batch_size=2000)
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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a: Any, **k: Any) -> None:
        return None


def load(base: str, paths: list[str] | None, seconds: float, body: dict[str, str]) -> dict[str, Any]:
    """CLIENTS threads post for `seconds`; paths (one per request) or the floor when None."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    csrf = ""
    if paths:
        with opener.open(base + paths[0], timeout=30) as page:
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    lock = threading.Lock()
    queue = iter(paths or [])
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    def client() -> None:
        local_opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        data = urllib.parse.urlencode({**body, "csrfmiddlewaretoken": csrf}).encode()
        while time.perf_counter() < deadline:
            if paths:
                with lock:
                    path = next(queue, None)
                if path is None:
                    return
            else:
                path = "/bench/floor/"
            request = urllib.request.Request(base + path, data=data)  # noqa: S310 - http://127.0.0.1
            start = time.perf_counter()
            try:
                with local_opener.open(request, timeout=30) as reply:  # noqa: S310
                    code = reply.status
                    reply.read()
            except urllib.error.HTTPError as exc:
                code = exc.code
            except OSError:
                code = -1
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[code] = statuses.get(code, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    p50 = latencies[len(latencies) // 2] if latencies else float("nan")
    return {"n": len(latencies), "wall": wall, "p95_ms": p95 * 1000, "p50_ms": p50 * 1000,
            "statuses": statuses}


def main() -> None:
    url = start_pg()
    gunicorn = None
    try:
        sys.path.insert(0, str(REPO_ROOT / "bench"))
        os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "_survey_settings",
                           "SECRET_KEY": "bench-only-not-secret", "PYTHONPATH": str(REPO_ROOT / "bench")})
        tokens, wave_pk = setup_database()
        port = free_port()
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", "2", "--bind", f"127.0.0.1:{port}", "--backlog", "512",
             "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning",
             "tilik.wsgi"],
            cwd=REPO_ROOT, env=os.environ.copy())
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):  # gunicorn may take a while on a busy machine
            try:
                urllib.request.urlopen(base + "/s/terima-kasih/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        survey = load(base, [f"/s/t/{t}/" for t in tokens], SECONDS, answers())
        floor = load(base, None, SECONDS, {"x": "1"})
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
    try:
        from django.db.models import Count

        from tilik.surveys.models import Response, TokenUse

        stored = Response.objects.filter(wave_id=wave_pk).count()
        uses = TokenUse.objects.filter(invitation__wave_id=wave_pk).count()
        doubled = (TokenUse.objects.values("invitation").annotate(n=Count("pk")).filter(n__gt=1).count())
    finally:
        from django.db import connections

        connections.close_all()
        stop_pg()
    accepted = survey["statuses"].get(302, 0)
    rate = accepted / survey["wall"] if survey["wall"] else 0.0
    floor_rate = floor["statuses"].get(200, 0) / floor["wall"] if floor["wall"] else 0.0
    lost = accepted - stored
    write_result(
        args.out,
        name="survey_submissions",
        quick=args.quick,
        figures={
            "clients": CLIENTS, "seconds": SECONDS, "submissions": accepted,
            "submissions_per_s": rate, "p50_ms": survey["p50_ms"], "p95_ms": survey["p95_ms"],
            "floor_per_s": floor_rate, "floor_p95_ms": floor["p95_ms"],
            "ratio_to_floor": rate / floor_rate if floor_rate else 0.0,
            "stored": stored, "token_uses": uses, "lost": lost, "doubled": doubled + (stored - uses),
            "errors": sum(n for code, n in survey["statuses"].items() if code != 302),
        },
        targets={
            "submissions_per_s": target(rate, min=200), "p95_ms": target(survey["p95_ms"], max=250),
            "lost": target(lost, max=0), "doubled": target(doubled + abs(stored - uses), max=0),
        },
        notes="gunicorn 2 sync workers, PostgreSQL from scripts/pg_cluster.sh (fsync off), urllib clients in "
              "threads on the same machine; the floor is one POST inserting one row.",
    )


if __name__ == "__main__":
    main()
