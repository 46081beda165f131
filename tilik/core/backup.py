"""Backups of the whole database: SQLite through its online backup API, PostgreSQL with pg_dump -Fc.

`tilik backup [PATH]` and `tilik restore PATH` call these. ``fingerprint`` gives every table's row count
and a content checksum, so a restore can be checked against its source.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

PG_BIN_ROOT = Path("/usr/lib/postgresql")


class BackupError(RuntimeError):
    pass


def vendor_of(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Unsupported database engine: {engine}")


def default_path(db: dict[str, Any]) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor_of(db) == "sqlite" else "dump"
    return Path(settings.TILIK_BACKUP_DIR) / f"tilik-{stamp}.{suffix}"


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_target(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"))


def sqlite_backup(path: Path, *, using: str = "default") -> None:
    """Copy the live database page by page; writers may go on meanwhile (the online backup API)."""
    connection = connections[using]
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()


def sqlite_restore(path: Path, target_name: str) -> None:
    """Replace the database at ``target_name`` with the backup's content (also via the backup API)."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.execute("PRAGMA quick_check").fetchone()
        target = _sqlite_target(target_name)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Not a usable SQLite backup: {exc}") from exc
    finally:
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------------------


def pg_bin(tool: str, server_major: int | None = None) -> str:
    """pg_dump/pg_restore from /usr/lib/postgresql/<major>/bin: the server's major, else the newest."""
    if server_major is not None and (PG_BIN_ROOT / str(server_major) / "bin" / tool).exists():
        return str(PG_BIN_ROOT / str(server_major) / "bin" / tool)
    versions = sorted(
        (int(d.name) for d in PG_BIN_ROOT.glob("*") if d.name.isdigit() and (d / "bin" / tool).exists()),
        reverse=True,
    )
    if versions:
        return str(PG_BIN_ROOT / str(versions[0]) / "bin" / tool)
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"{tool} not found (install Debian's postgresql-client)")
    return found


def pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    mapping = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    for key, var in mapping.items():
        if db.get(key):
            env[var] = str(db[key])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _server_major(using: str) -> int | None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def pg_backup(path: Path, db: dict[str, Any], *, server_major: int | None = None) -> None:
    args = [pg_bin("pg_dump", server_major), "-Fc", "--no-owner", "--no-privileges", "-f", str(path)]
    _run([*args, "-d", str(db["NAME"])], pg_env(db))


def pg_restore(path: Path, db: dict[str, Any], *, server_major: int | None = None) -> None:
    args = [
        pg_bin("pg_restore", server_major),
        "--no-owner",
        "--no-privileges",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "-d",
        str(db["NAME"]),
        str(path),
    ]
    _run(args, pg_env(db))


# --- the two operations ---------------------------------------------------------------------------


def backup(path: Path | None = None, *, using: str = "default") -> Path:
    db = connections[using].settings_dict
    path = Path(path) if path else default_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name")
    if vendor_of(db) == "sqlite":
        sqlite_backup(path, using=using)
    else:
        pg_backup(path, db, server_major=_server_major(using))
    path.chmod(0o600)  # personal data: readable by the operator only
    return path


def row_count(*, using: str = "default") -> int:
    """Rows in every table of the database: how many rows a full backup takes out (for audit_export)."""
    connection = connections[using]
    total = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            total += int(cursor.fetchone()[0])
    return total


def restore(path: Path, *, using: str = "default") -> None:
    """Replace the whole database named by ``using`` with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    connection = connections[using]
    db = connection.settings_dict
    if vendor_of(db) == "sqlite":
        name = str(db["NAME"])
        if connection.is_in_memory_db():  # type: ignore[attr-defined]
            sqlite_restore_into_connection(path, using=using)
            return
        connection.close()
        sqlite_restore(path, name)
    else:
        major = _server_major(using)
        connection.close()
        pg_restore(path, db, server_major=major)


def sqlite_restore_into_connection(path: Path, *, using: str = "default") -> None:
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# --- verification ---------------------------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fingerprint(cursor: Any, vendor: str) -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of the sorted rows)} for every table of the database behind ``cursor``."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    tables = sorted(row[0] for row in cursor.fetchall())
    result = {}
    for table in tables:
        if not _IDENT.match(table):
            raise BackupError(f"unexpected table name {table!r}")
        # Rows as the database's own text, so driver-side type conversion cannot differ between sides.
        if vendor == "sqlite":
            cursor.execute(f'SELECT name FROM pragma_table_info("{table}")')  # noqa: S608 - checked name
            columns = ", ".join(f'quote("{row[0]}")' for row in cursor.fetchall())
            cursor.execute(f'SELECT {columns} FROM "{table}"')  # noqa: S608 - names from the catalogue
        else:
            cursor.execute(f'SELECT t::text FROM "{table}" AS t')  # noqa: S608 - name from the catalogue
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
        result[table] = (len(rows), digest)
    return result
