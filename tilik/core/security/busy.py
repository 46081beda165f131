"""A request that meets a locked SQLite database answers a retry page (503 with Retry-After), not a 500.

SQLite lets one writer at a time; WAL, the busy timeout and IMMEDIATE transactions (settings/base.py) make
writers wait their turn, and only a wait longer than the busy timeout still ends in "database is locked".
That is load, not a fault: the visitor is asked to send again (a survey keeps its answers in the form).

A PostgreSQL server that is restarting or unreachable (a connection refused, closed or terminated; SQLSTATE
classes 08 and 57P) answers the same kind of page with its own wording: the request may or may not have been
stored before the connection broke, and sending again tells (a used survey token answers "already sent").
tests/faults/test_database_restart.py restarts PostgreSQL under 200 concurrent survey submissions.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def is_database_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def is_database_unavailable(exc: BaseException) -> bool:
    """PostgreSQL restarting or unreachable: a connection error, not an error in the request."""
    if isinstance(exc, InterfaceError):  # "connection already closed"
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if not type(cause).__module__.startswith("psycopg"):
        return False
    state = getattr(cause, "sqlstate", None)
    # No SQLSTATE: the client lost or never got its connection (refused, closed by the server).
    return state is None or str(state).startswith(("08", "57P"))


def _retryable(exc: BaseException) -> bool:
    return is_database_busy(exc) or is_database_unavailable(exc)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request, exception) if _retryable(exception) else None


def busy_response(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    unavailable = exception is not None and is_database_unavailable(exception)
    what = "unavailable" if unavailable else "busy"
    logger.warning("database %s on %s %s; answered 503", what, request.method, request.path)
    context: dict[str, Any] = {"retry_after": RETRY_AFTER_SECONDS, "unavailable": unavailable}
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
    if exception is not None and _retryable(exception):
        return busy_response(request, exception)
    return defaults.server_error(request)
