"""A light HTTP load client for bench/survey_submissions.py (standard library only).

The first harness ran 50 urllib clients in Python threads; on a 2-core machine that
client took a large share of the CPU the server was meant to have (50 threads
contending for the GIL, urllib's opener and cookie machinery per request). This one
is a single asyncio loop: each of N concurrent clients opens a TCP connection, sends
one prebuilt HTTP/1.1 POST, reads the whole reply and its status, and closes
(gunicorn's sync workers close every connection anyway). Latency is measured from
connect to the end of the reply, as before; every status is counted.
"""

from __future__ import annotations

import asyncio
import resource
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    n: int = 0
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    client_cpu_s: float = 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[int(q * (len(ordered) - 1))]


def get_request(path: str, host: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()


def post_request(path: str, host: str, body: bytes, cookie: str = "") -> bytes:
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    if cookie:
        head.append(f"Cookie: {cookie}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _one(loop: asyncio.AbstractEventLoop, host: str, port: int, request: bytes) -> int:
    # Bare non-blocking sockets: asyncio's streams and a wait_for task per request cost the
    # client a third of its CPU, taken from the two cores the server runs on.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, (host, port))
        await loop.sock_sendall(sock, request)
        chunks = []
        while chunk := await loop.sock_recv(sock, 65536):
            chunks.append(chunk)  # until the server closes
        parts = b"".join(chunks).split(b"\r\n", 1)[0].split()
        return int(parts[1]) if len(parts) >= 2 else -1
    finally:
        sock.close()


async def _run(
    host: str, port: int, clients: int, seconds: float, next_request: Callable[[], bytes | None]
) -> LoadResult:
    result = LoadResult()
    deadline = time.perf_counter() + seconds
    loop = asyncio.get_running_loop()

    async def client() -> None:
        while time.perf_counter() < deadline:
            request = next_request()
            if request is None:
                return
            start = time.perf_counter()
            try:
                code = await _one(loop, host, port, request)
            except (OSError, ValueError):
                code = -1
            result.latencies.append(time.perf_counter() - start)
            result.statuses[code] = result.statuses.get(code, 0) + 1

    started = time.perf_counter()
    # One timer for the whole run instead of one per request: a hung server fails the run.
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(clients))), timeout=seconds + 60)
    result.wall = time.perf_counter() - started
    result.n = len(result.latencies)
    return result


def run_load(
    host: str, port: int, clients: int, seconds: float, next_request: Callable[[], bytes | None]
) -> LoadResult:
    """`clients` concurrent connections for `seconds`; next_request() gives each request (None: stop)."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = asyncio.run(_run(host, port, clients, seconds, next_request))
    after = resource.getrusage(resource.RUSAGE_SELF)
    result.client_cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return result
