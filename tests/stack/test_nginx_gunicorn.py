"""The production stack for real: Debian's nginx with deploy/nginx/tilik-common.conf in front of gunicorn
with deploy/gunicorn.conf.py and tilik.settings.prod (issue 18 item 5, issue 19 item 6).

Everything lives in a temporary directory (SQLite file, static files, sockets, nginx's pid and logs) on
loopback ports, so it runs unprivileged too. `scripts/bootstrap.sh --system` installs nginx; without it
the test is skipped. It runs once, in `make test`'s SQLite step: the stack has its own SQLite database.
TILIK_STACK_DATABASE_URL=postgres://…/<empty database> runs the same stack on PostgreSQL instead.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# ruff: noqa: S603 - starts our own programs (tilik, gunicorn, nginx) with fixed arguments

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLIENT = "127.0.0.2"  # Linux answers all of 127/8 on lo: a client address distinct from nginx's own

pytestmark = [
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx missing (scripts/bootstrap.sh --system installs it)"),
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs once, in the SQLite step"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not come up within {timeout} s")


def can_connect(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def answers(stack: Stack) -> bool:
    try:
        stack.request("GET", "/sehat/", direct=True)
    except OSError:  # includes timeouts: still loading
        return False
    return True


@dataclass
class Stack:
    dir: Path
    nginx_port: int
    gunicorn_port: int  # gunicorn's direct TCP listener, which no proxy fronts
    env: dict[str, str]  # the server's environment, for `tilik` commands against the same database

    def request(self, method: str, path: str, *, direct: bool = False, **kw: object) -> http.client.HTTPResponse:
        port = self.gunicorn_port if direct else self.nginx_port
        source = ("127.0.0.1", 0) if direct else (CLIENT, 0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=source)
        conn.request(method, path, **kw)  # type: ignore[arg-type]
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        conn.close()
        return response


def nginx_conf(d: Path, port: int, socket_path: Path, static_root: Path) -> str:
    common = (DEPLOY / "nginx" / "tilik-common.conf").read_text()
    assert "/srv/tilik/var/static/" in common
    common = common.replace("/srv/tilik/deploy/", f"{DEPLOY}/")  # nginx's own error pages (deploy/nginx/errors)
    (d / "tilik-common.conf").write_text(common.replace("/srv/tilik/var/static/", f"{static_root}/"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (d / sub).mkdir(exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers must read the temp dir too
    return f"""{user}pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {d}/nginx-access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    upstream tilik_app {{ server unix:{socket_path} fail_timeout=0; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {d}/tilik-common.conf;
    }}
}}
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    d = tmp_path_factory.mktemp("stack")
    var = d / "var"
    var.mkdir()
    sock = d / "gunicorn.sock"
    nginx_port, gunicorn_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("PYTEST")}
    if os.environ.get("TILIK_STACK_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["TILIK_STACK_DATABASE_URL"]
    env.update(
        DJANGO_SETTINGS_MODULE="tilik.settings.prod",
        SECRET_KEY="stack-test-" + "x" * 40,
        TILIK_VAR_DIR=str(var),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS is the real site's business
        TILIK_REQUIRE_2FA="0",
        TILIK_TRUSTED_PROXIES="unix",  # as deploy/tilik.env.example ships it
        TILIK_HEALTH_MIN_FREE_MB="0",
        TILIK_PUBLIC_RATE_LIMIT="3",  # the public-survey limiter test reaches it in a few requests
        GUNICORN_BIND=f"unix:{sock},127.0.0.1:{gunicorn_port}",
        GUNICORN_WORKERS="1",  # one app load; the socket and the TCP port share it
        MPLCONFIGDIR=str(d / "mpl"),
    )
    tilik = str(BIN / "tilik")
    subprocess.run([tilik, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=d)
    subprocess.run([tilik, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=d)
    (d / "nginx.conf").write_text(nginx_conf(d, nginx_port, sock, var / "static"))
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=open(d / "gunicorn.log", "wb"),
        stderr=subprocess.STDOUT,
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(d), "-c", str(d / "nginx.conf"), "-e", str(d / "nginx-error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(d / "nginx-stderr.log", "wb"),
    )
    try:
        wait_for(lambda: sock.exists() and can_connect(gunicorn_port), "gunicorn")
        wait_for(lambda: can_connect(nginx_port), "nginx")
        stack = Stack(dir=d, nginx_port=nginx_port, gunicorn_port=gunicorn_port, env=env)
        # The port accepts before gunicorn's worker has imported the app; the first test must not pay for that.
        wait_for(lambda: answers(stack), "gunicorn's first answer", timeout=120.0)
        yield stack
    finally:
        nginx.send_signal(3)  # SIGQUIT: graceful stop of the master and its worker
        gunicorn.terminate()
        for proc in (nginx, gunicorn):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_a_page_through_nginx_without_gunicorn_in_server(stack: Stack) -> None:
    response = stack.request("GET", "/masuk/")
    assert response.status == 200, response.body  # type: ignore[attr-defined]
    assert b"Nama pengguna" in response.body  # type: ignore[attr-defined]
    server = response.getheader("Server", "")
    assert server == "nginx", server  # no version (server_tokens off), no gunicorn
    assert response.getheader("Content-Security-Policy")  # Django's security headers pass through
    # gunicorn itself names itself: nginx is what keeps it out.
    assert "gunicorn" in stack.request("GET", "/masuk/", direct=True).getheader("Server", "")


def test_health_endpoint_through_nginx(stack: Stack) -> None:
    response = stack.request("GET", "/sehat/")
    body = json.loads(response.body)  # type: ignore[attr-defined]
    assert response.status == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}


def test_health_red_while_no_worker_takes_a_job_green_once_one_does(stack: Stack) -> None:
    tilik = str(BIN / "tilik")
    enqueue_an_hour_ago = (
        "import datetime as dt; from django.utils import timezone; from tilik.jobs.tasks import run_job; "
        "from django_tasks_db.models import DBTaskResult; r = run_job.enqueue(0); "
        "DBTaskResult.objects.filter(pk=r.id).update(enqueued_at=timezone.now() - dt.timedelta(hours=1))"
    )
    subprocess.run([tilik, "shell", "-c", enqueue_an_hour_ago], env=stack.env, check=True, cwd=stack.dir)
    red = stack.request("GET", "/sehat/")
    worker = json.loads(red.body)["checks"]["worker"]  # type: ignore[attr-defined]
    assert red.status == 503
    assert (worker["ok"], worker["queued"]) == (False, 1)
    assert worker["oldest_wait_seconds"] >= 3500
    # A worker takes the queue (run_job of a missing job returns at once): green again.
    subprocess.run([tilik, "worker", "--batch"], env=stack.env, check=True, cwd=stack.dir, capture_output=True)
    green = stack.request("GET", "/sehat/")
    assert green.status == 200, green.body  # type: ignore[attr-defined]
    assert json.loads(green.body)["checks"]["worker"]["queued"] == 0  # type: ignore[attr-defined]


def test_static_file_served_by_nginx(stack: Stack) -> None:
    response = stack.request("GET", "/static/tilik/theme.css")
    assert response.status == 200
    assert response.body == (ROOT / "tilik" / "static" / "tilik" / "theme.css").read_bytes()  # type: ignore[attr-defined]
    # nginx's expiry (deploy/nginx/tilik-common.conf), not WhiteNoise's 60 s: gunicorn never saw it.
    assert "max-age=3600" in response.getheader("Cache-Control", "")
    gz = stack.request("GET", "/static/tilik/theme.css", headers={"Accept-Encoding": "gzip"})
    assert gz.getheader("Content-Encoding") == "gzip"  # the .gz copy collectstatic wrote


def test_media_is_never_served_by_nginx(stack: Stack) -> None:
    assert stack.request("GET", "/media/jobs/x/report.pdf").status == 404


def test_upload_limit_answers_413_above_the_largest_tilik_limit(stack: Stack) -> None:
    response = stack.request("POST", "/masuk/", headers={"Content-Length": str(111 * 1024 * 1024)}, body=b"")
    assert response.status == 413


def _failed_login(stack: Stack, username: str, *, direct: bool, forwarded_for: str) -> None:
    page = stack.request("GET", "/masuk/", direct=direct)
    cookie = next(c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie", []) if "csrftoken" in c)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()  # type: ignore[attr-defined]
    response = stack.request(
        "POST",
        "/masuk/",
        direct=direct,
        body=f"csrfmiddlewaretoken={token}&username={username}&password=salah-sekali".encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": forwarded_for,
        },
    )
    assert response.status == 200, response.body  # type: ignore[attr-defined]  # the form again, with its error


def _attempt_address(stack: Stack, username: str) -> str:
    """The address django-axes recorded for this username's failed login, read from the stack's database."""
    code = (
        "from axes.models import AccessAttempt; "
        f"print(*AccessAttempt.objects.filter(username={username!r}).values_list('ip_address', flat=True))"
    )
    result = subprocess.run(
        [str(BIN / "tilik"), "shell", "-v", "0", "-c", code],
        env=stack.env,
        cwd=stack.dir,
        check=True,
        capture_output=True,
        text=True,
    )
    addresses = result.stdout.split()
    assert len(addresses) == 1, result.stdout
    return addresses[0]


def test_client_address_from_nginx_is_trusted_and_a_spoof_is_not(stack: Stack) -> None:
    # Through nginx: the client's own X-Forwarded-For is replaced by the address nginx saw.
    _failed_login(stack, "lewat-nginx", direct=False, forwarded_for="203.0.113.9")
    assert _attempt_address(stack, "lewat-nginx") == CLIENT
    # Straight to gunicorn (not a trusted proxy): the header is ignored, the peer counts.
    _failed_login(stack, "langsung", direct=True, forwarded_for="203.0.113.9")
    assert _attempt_address(stack, "langsung") == "127.0.0.1"


# --- the public-survey limiter behind nginx (issue 19 item 6) ----------------------------------------------

SECOND_CLIENT = "127.0.0.3"  # another citizen behind the same nginx


def _tilik_shell(stack: Stack, code: str) -> str:
    result = subprocess.run(
        [str(BIN / "tilik"), "shell", "-v", "0", "-c", code],
        env=stack.env,
        cwd=stack.dir,
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def public_slug(stack: Stack) -> str:
    code = (
        "import datetime as dt; from django.utils import timezone; "
        "from tilik.surveys.services.library import instrument_load_template; "
        "from tilik.surveys.services.waves import wave_create, wave_publish; "
        "from tilik.org.services import unit_create; "
        "u = unit_create(name='Puskesmas Uji', code='puskesmas-uji', unit_type='puskesmas', parent=None, by=None, "
        "serves_public=True); "
        "i = instrument_load_template(name='skm_ikm', by=None); now = timezone.now(); "
        "w = wave_create(version=i.versions.latest('number'), title='SKM', audience='public', unit=u, period='2026', "
        "opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), by=None); "
        "print(wave_publish(wave=w, by=None).public_slug)"
    )
    return _tilik_shell(stack, code).split()[-1]


def _survey_post(stack: Stack, slug: str, *, source: str, direct: bool = False, forwarded_for: str = "") -> int:
    """One public SKM submission without the "already answered" cookie, from ``source`` (through nginx) or
    straight to gunicorn."""
    port = stack.gunicorn_port if direct else stack.nginx_port

    def send(method: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
        conn.request(method, f"/s/p/{slug}/", body=body, headers=headers or {})
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        conn.close()
        return response

    page = send("GET")
    assert page.status == 200, page.body
    cookie = next(c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie", []) if "csrftoken" in c)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    fields = {f"q_U{i}": "3" for i in range(1, 10)}
    fields.update(q_USIA="30_39", q_JK="P", q_PENDIDIKAN="s1", q_PEKERJAAN="swasta", consent="1")
    body = "&".join(f"{k}={v}" for k, v in {"csrfmiddlewaretoken": token, **fields}.items()).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    return int(send("POST", body, headers).status)


def test_survey_limiter_counts_clients_behind_nginx_apart(stack: Stack, public_slug: str) -> None:
    # TILIK_PUBLIC_RATE_LIMIT=3 per address and wave per hour. One citizen (cookie dropped each time) and a
    # spoofed header of their own choosing: nginx replaces it, the fourth is refused.
    first = [_survey_post(stack, public_slug, source=CLIENT, forwarded_for=f"203.0.113.{i}") for i in range(4)]
    assert first == [302, 302, 302, 429]
    # Another citizen through the same nginx has a budget of their own.
    assert _survey_post(stack, public_slug, source=SECOND_CLIENT) == 302


def test_survey_limiter_ignores_forwarded_for_from_an_untrusted_peer(stack: Stack, public_slug: str) -> None:
    # Straight to gunicorn's TCP port (not a trusted proxy): a new X-Forwarded-For each time does not make
    # a new client; the peer's own address is counted.
    statuses = [
        _survey_post(stack, public_slug, source="127.0.0.1", direct=True, forwarded_for=f"198.51.100.{i}")
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
