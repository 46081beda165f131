"""`tilik backup` then `tilik restore` into an empty database: every table's row count and checksum match."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from tilik.core.backup import fingerprint, pg_restore, sqlite_restore
from tilik.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _source_fingerprint() -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        return fingerprint(cursor, connection.vendor)


def test_backup_restore_round_trip(world, tmp_path):
    path = tmp_path / ("tilik.sqlite3" if connection.vendor == "sqlite" else "tilik.dump")
    call_command("backup", str(path))
    assert path.stat().st_mode & 0o077 == 0  # readable by the operator only
    source = _source_fingerprint()
    source.pop("core_auditevent")  # the backup itself was audited after the copy
    assert source["org_employee"][0] == 2 and source["core_profile"][0] == 6  # one account per role
    if connection.vendor == "sqlite":
        restored = _restore_sqlite(path, tmp_path)
    else:
        restored = _restore_postgres(path)
    assert restored.pop("core_auditevent")[0] == AuditEvent.objects.count() - 1
    assert restored == source


def _restore_sqlite(path, tmp_path):
    target = tmp_path / "empty.sqlite3"
    sqlite3.connect(target).close()
    sqlite_restore(path, str(target))
    with sqlite3.connect(target) as conn:
        return fingerprint(conn.cursor(), "sqlite")


def _restore_postgres(path):
    import psycopg

    settings_dict = dict(connection.settings_dict)
    name = f"tilik_restore_{uuid.uuid4().hex[:8]}"
    params = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        pg_restore(path, {**settings_dict, "NAME": name}, server_major=connection.pg_version // 10000)
        with psycopg.connect(dbname=name, **params) as conn, conn.cursor() as cursor:
            result = fingerprint(cursor, "postgresql")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return result


def test_restore_command_replaces_the_database(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL restore is exercised above into a fresh database")
    path = tmp_path / "copy.sqlite3"
    call_command("backup", str(path))
    before = _source_fingerprint()
    world.emp_b.name = "Diubah setelah cadangan"
    world.emp_b.save()
    call_command("restore", str(path), "--noinput")
    after = _source_fingerprint()
    assert after["org_employee"] == before["org_employee"]
    assert AuditEvent.objects.filter(action="backup.restore").exists()
