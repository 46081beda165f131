"""Structured logs and error reports for production (issue 18; configured in tilik/settings/prod.py).

- ``RequestLogMiddleware`` writes one log record per request on the ``tilik.request`` logger: method, path
  (never the query string; a survey token in the path is masked as nginx's access log masks it), status,
  milliseconds and the user's id when the request had already looked at its user (no extra session query
  on the survey hot path). prod.py renders every record as one JSON line (python-json-logger).
- ``sentry_init`` starts sentry-sdk only when SENTRY_DSN is set, collecting no personal data (sentry-sdk 3's
  ``data_collection``, the successor of ``send_default_pii=False``), and ``scrub`` removes cookies, query
  strings, headers, user and host from every event and masks survey tokens.
"""

from __future__ import annotations

import importlib.metadata
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

request_logger = logging.getLogger("tilik.request")

_TOKEN_PATH = re.compile(r"^/s/t/[^/]+/")


def mask_path(path: str) -> str:
    return _TOKEN_PATH.sub("/s/t/-/", path)


def _user_id(request: HttpRequest) -> int | None:
    user = request.__dict__.get("user")  # AuthenticationMiddleware's lazy object, if it ran
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None  # never evaluated by the view: looking now would cost a session query
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        ms = round(1000 * (time.perf_counter() - started), 1)
        path = mask_path(request.path)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "ms": ms,
                "user_id": _user_id(request),
            },
        )
        return response


class MaskTokens(logging.Filter):
    """On the production log handler: no survey token in any line. Django's own error records name the path
    ("Internal Server Error: /s/t/<token>/") and carry the request object; the path is masked, the object
    dropped (its repr holds the path too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "/s/t/" in record.getMessage():
            record.msg, record.args = re.sub(r"/s/t/[^/\s]+/", "/s/t/-/", record.getMessage()), ()
        if hasattr(record, "request"):
            record.request = None
        return True


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Remove what could name or track a person from a Sentry event before it leaves the server."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "query_string", "data", "headers", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = re.sub(r"/s/t/[^/]+/", "/s/t/-/", request["url"])
    event.pop("user", None)
    event.pop("server_name", None)
    return event


def tilik_version() -> str:
    try:
        return importlib.metadata.version("tilik")
    except importlib.metadata.PackageNotFoundError:  # a checkout run without installing the package
        return "unknown"


def sentry_init(dsn: str, *, environment: str, release: str, traces_sample_rate: float = 0.0, **extra: Any) -> bool:
    if not dsn:
        return False
    import sentry_sdk  # noqa: PLC0415 - only when a DSN is configured
    from sentry_sdk.integrations.django import DjangoIntegration  # noqa: PLC0415

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # sentry-sdk 3 replaced send_default_pii with data_collection: no user (id, e-mail, address), no
        # request bodies, no frame locals (they may hold answers or NIPs), no SQL parameters.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,  # type: ignore[arg-type]  # a plain dict in, the same dict out
        **extra,
    )
    return True
