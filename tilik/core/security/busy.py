"""A request that meets a locked SQLite database answers a retry page (503 with Retry-After), not a 500.

SQLite lets one writer at a time; WAL, the busy timeout and IMMEDIATE transactions (settings/base.py) make
writers wait their turn, and only a wait longer than the busy timeout still ends in "database is locked".
That is load, not a fault: the visitor is asked to send again (a survey keeps its answers in the form).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def is_database_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_database_busy(exception) else None


def busy_response(request: HttpRequest) -> HttpResponse:
    logger.warning("database busy on %s %s; answered 503", request.method, request.path)
    context: dict[str, Any] = {"retry_after": RETRY_AFTER_SECONDS}
    try:
        body = render_to_string("core/security/busy.html", context, request=request)
    except Exception:  # the page must not fail on the same busy database (e.g. a context processor)
        body = render_to_string("core/security/busy_plain.html", context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lock met outside the view (e.g. saving the session after it) is a 503 too."""
    exception = sys.exc_info()[1]
    if exception is not None and is_database_busy(exception):
        return busy_response(request)
    return defaults.server_error(request)
