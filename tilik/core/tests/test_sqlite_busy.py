"""Issue 19 item 7c: concurrent writers on SQLite wait for the lock instead of failing, and a lock that
outlasts the busy timeout answers a 503 retry page with Retry-After (not a 500)."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.urls import reverse

from tilik.surveys.tests.conftest import invite, load, open_wave, reaksi_post


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's locking")
def test_a_transaction_that_reads_then_writes_waits_for_another_writer(tmp_path, django_db_blocker):
    # The configured OPTIONS on a file database (the test database lives in memory, one connection), as
    # a second alias: django.db.connections gives each thread its own connection.
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "busy.sqlite3"), "TEST": {}}
    connections.settings["busy"] = config
    wrote, errors = threading.Event(), []

    def writer(first: bool) -> None:
        try:
            if not first:
                wrote.wait(5)
            with transaction.atomic(using="busy"), connections["busy"].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM t")  # a read first, as a submission checks its token
                (n,) = cursor.fetchone()
                cursor.execute("INSERT INTO t VALUES (%s)", [n])
                if first:
                    wrote.set()
                    time.sleep(0.4)  # still holding the write lock while the other one starts
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connections["busy"].close()

    with django_db_blocker.unblock():
        try:
            with connections["busy"].cursor() as cursor:
                cursor.execute("CREATE TABLE t (x integer)")
            threads = [threading.Thread(target=writer, args=(first,)) for first in (True, False)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert errors == []
            with connections["busy"].cursor() as cursor:
                cursor.execute("SELECT x FROM t ORDER BY x")
                assert [r[0] for r in cursor.fetchall()] == [0, 1]  # the second saw the first's row
        finally:
            connections["busy"].close()
            del connections.settings["busy"]


@pytest.mark.django_db
def test_database_is_locked_answers_a_retry_page(client, monkeypatch):
    wave = open_wave(load("level1_reaksi"))
    (token,) = invite(wave)

    def locked(**_kw: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("tilik.surveys.views.respondent.submit_token", locked)
    response = client.post(reverse("surveys:token", args=[token]), reaksi_post())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Server sedang sibuk" in response.content.decode()


@pytest.mark.django_db
def test_other_database_errors_still_fail_loudly(client, monkeypatch):
    wave = open_wave(load("level1_reaksi"))
    (token,) = invite(wave)

    def broken(**_kw: object) -> None:
        raise OperationalError("no such table: x")

    monkeypatch.setattr("tilik.surveys.views.respondent.submit_token", broken)
    client.raise_request_exception = True
    with pytest.raises(OperationalError):
        client.post(reverse("surveys:token", args=[token]), reaksi_post())


def test_a_lock_outside_the_view_answers_the_retry_page_too(rf):
    from tilik.core.security.busy import server_error

    request = rf.post("/s/t/x/")
    try:
        raise OperationalError("database is locked")  # as when the session is saved after the view
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    try:
        raise OperationalError("disk I/O error")
    except OperationalError:
        assert server_error(request).status_code == 500
