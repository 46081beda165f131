"""nginx's own answers (deploy/nginx/tilik-common.conf as shipped): Indonesian pages for 413, 502 and 504, and
the security headers on static files and on those pages (add_header is not inherited into a location that
sets its own). No Tilik behind it: the upstream is a socket that never answers, then none at all."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# ruff: noqa: S603 - starts Debian's nginx with fixed arguments

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HSTS = "max-age=31536000; includeSubDomains; preload"

pytestmark = [
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx missing (scripts/bootstrap.sh --system installs it)"),
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs once, in the SQLite step"),
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proxy:
    port: int
    upstream: socket.socket  # listens, never accepts: nginx connects, then waits for an answer in vain

    def get(self, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        conn.putrequest(method, path)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode()
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    d = tmp_path_factory.mktemp("nginx-pages")
    (d / "static" / "tilik").mkdir(parents=True)
    (d / "static" / "tilik" / "x.css").write_text("body{}")
    common = (DEPLOY / "nginx" / "tilik-common.conf").read_text()
    for shipped in ("/srv/tilik/var/static/", "/srv/tilik/deploy/nginx/errors/", "proxy_read_timeout 120s"):
        assert shipped in common
    common = common.replace("/srv/tilik/var/static/", f"{d}/static/")
    common = common.replace("/srv/tilik/deploy/nginx/errors/", f"{DEPLOY}/nginx/errors/")
    common = common.replace("proxy_read_timeout 120s", "proxy_read_timeout 1s")  # a 504 within a second
    (d / "common.conf").write_text(common)
    upstream = socket.socket()
    upstream.bind(("127.0.0.1", 0))
    upstream.listen(16)
    port = _port()
    for sub in ("body", "proxy"):
        (d / sub).mkdir()
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (d / "nginx.conf").write_text(
        f"""{user}pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    upstream tilik_app {{ server 127.0.0.1:{upstream.getsockname()[1]}; }}
    server {{ listen 127.0.0.1:{port}; include {d}/common.conf; }}
}}
"""
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(d), "-c", str(d / "nginx.conf"), "-e", str(d / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or nginx.poll() is not None:
                raise AssertionError(f"nginx did not start: {(d / 'error.log').read_text()}") from None
            time.sleep(0.1)
    try:
        yield Proxy(port=port, upstream=upstream)
    finally:
        nginx.send_signal(3)
        nginx.wait(timeout=15)
        upstream.close()


def _secure(headers: dict) -> None:
    assert headers["strict-transport-security"] == HSTS
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "server" not in headers or "nginx/" not in headers["server"]  # no version


def test_static_files_carry_the_security_headers(proxy: Proxy) -> None:
    status, headers, body = proxy.get("/static/tilik/x.css")
    assert (status, body) == (200, "body{}")
    _secure(headers)
    assert "public" in headers["cache-control"]


def test_upload_above_the_limit_gets_the_indonesian_413_page(proxy: Proxy) -> None:
    # nginx refuses on the Content-Length alone: no need to send 111 MiB.
    status, headers, body = proxy.get(
        "/wawancara/1/audio/", method="POST", headers={"Content-Length": str(111 * 1024 * 1024)}
    )
    assert status == 413
    assert "Berkas yang Anda unggah terlalu besar" in body and '<html lang="id">' in body
    _secure(headers)


def test_slow_then_absent_upstream_get_the_504_and_502_pages(proxy: Proxy) -> None:
    status, headers, body = proxy.get("/laporan/")
    assert status == 504
    assert "Tilik terlalu lama menjawab" in body
    _secure(headers)
    proxy.upstream.close()  # nothing listens any more: connection refused
    status, headers, body = proxy.get("/laporan/")
    assert status == 502
    assert "Tilik sedang tidak tersedia" in body
    _secure(headers)
    assert headers["cache-control"] == "no-store"


def test_the_error_pages_share_one_head_that_nginx_includes(proxy: Proxy) -> None:
    """The style and meta tags live once, in errors/_kepala.html; nginx (ssi on) puts them in every page."""
    shared = (DEPLOY / "nginx" / "errors" / "_kepala.html").read_text()
    for name in ("413.html", "502.html", "504.html"):
        page = (DEPLOY / "nginx" / "errors" / name).read_text()
        assert "<style>" not in page and '<!--# include virtual="/_galat/_kepala.html" -->' in page
    status, _headers, body = proxy.get("/wawancara/1/audio/", method="POST", headers={"Content-Length": str(2**30)})
    assert status == 413
    assert shared in body and "<!--#" not in body and body.index('<meta charset="utf-8">') < body.index("<title>")
