"""A PostgreSQL server restarting or unreachable answers a retry page (503, Retry-After), worded for that case;
any other database error stays a 500. The real restart is in tests/faults/test_database_restart.py."""

from __future__ import annotations

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import RequestFactory

from tilik.core.security.busy import DatabaseBusyMiddleware, is_database_unavailable


def _wrapped(django_error: type[Exception], cause: Exception) -> Exception:
    # What Django's wrap_database_errors raises: its own class, the driver's error as the cause.
    try:
        raise django_error(str(cause)) from cause
    except django_error as exc:
        return exc


def _psycopg(cls: type[Exception], sqlstate: str | None) -> Exception:
    exc = cls("x")
    if sqlstate is not None:
        exc.sqlstate = sqlstate  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (_wrapped(OperationalError, psycopg.OperationalError("connection failed: Connection refused")), True),
        (_wrapped(OperationalError, psycopg.errors.AdminShutdown("terminating connection")), True),  # 57P01
        (_wrapped(OperationalError, psycopg.errors.CannotConnectNow("starting up")), True),  # 57P03
        (InterfaceError("connection already closed"), True),
        (_wrapped(ProgrammingError, psycopg.errors.UndefinedTable("no such relation")), False),
        (_wrapped(OperationalError, psycopg.errors.QueryCanceled("statement timeout")), False),  # 57014
        (OperationalError("no such table: x"), False),  # SQLite: a bug, not an outage
    ],
)
def test_which_errors_are_an_unavailable_database(error, retryable):
    assert is_database_unavailable(error) is retryable


def test_the_page_asks_to_send_again_and_says_it_may_already_be_stored():
    request = RequestFactory().post("/s/t/abc/")
    error = _wrapped(OperationalError, psycopg.OperationalError("server closed the connection unexpectedly"))
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(request, error)
    assert response is not None and response.status_code == 503 and response["Retry-After"] == "5"
    text = response.content.decode()
    assert "sementara tidak dapat dihubungi" in text and "kirim ulang" in text and "sudah tersimpan" in text
    assert "Banyak isian" not in text  # not the busy-SQLite wording: the cause differs


def test_other_errors_are_left_to_the_500_handler():
    request = RequestFactory().get("/")
    error = _wrapped(ProgrammingError, psycopg.errors.UndefinedTable("no such relation"))
    assert DatabaseBusyMiddleware(lambda r: None).process_exception(request, error) is None
