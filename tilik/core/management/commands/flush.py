"""Django's `flush`, able to empty the append-only audit table.

SQLite empties tables with DELETE, which the audit triggers refuse; this runs the flush inside
audit_unlocked(). PostgreSQL uses TRUNCATE, which fires no row trigger. Test teardown
(TransactionTestCase) calls `flush`, so this override keeps transactional tests working.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from tilik.core.audit import audit_unlocked


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        if connections[database].vendor != "sqlite" or database != "default":
            return super().handle(**options)
        if "core_auditunlock" not in connections[database].introspection.table_names():
            return super().handle(**options)
        with audit_unlocked():
            return super().handle(**options)
