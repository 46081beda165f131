"""Whether the database already holds data, and wiping Tilik's data so the demo can be rebuilt."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from tilik.core.audit import audit_record
from tilik.core.models import AuditEvent

# Reference rows that data migrations ship and `tilik demo --force` must keep: model label → filter of
# the rows to keep (the model's other rows are deleted). An app that seeds rows in a migration adds its
# model here; a model not installed in this checkout is ignored.
PRESERVED_ON_WIPE: dict[str, dict[str, object]] = {
    "performance.Indicator": {"shipped": True},  # tilik/performance/migrations/0002_shipped_indicators.py
}

# Kept whole: the audit log is append-only (database triggers, migration core 0002); the wipe only
# unlinks deleted users from it, which the triggers allow. Its own "demo.wipe" event records the wipe.
KEPT_WHOLE = frozenset({"core.AuditEvent"})

# Extra (non-Tilik) tables emptied with Tilik's, because they point at users.
_EXTRA_APPS = ("auth", "admin")


def _wiped_models() -> list[type[models.Model]]:
    """Every concrete model of the tilik.* apps, plus users and what points at them, minus preserved ones."""
    chosen = []
    for config in apps.get_app_configs():
        if not (config.name.startswith("tilik.") or config.label in _EXTRA_APPS):
            continue
        for model in config.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.label in KEPT_WHOLE:
                continue
            if config.label == "auth" and model not in (get_user_model(), *_user_m2m()):
                continue  # keep groups and permissions
            chosen.append(model)
    return chosen


def _user_m2m() -> list[type[models.Model]]:
    user = get_user_model()
    return [field.remote_field.through for field in user._meta.many_to_many]  # type: ignore[misc]


def data_present() -> dict[str, int]:
    """Rows already stored that a demo build would collide with: units, employees, programmes, users."""
    from tilik.org.models import Employee, Unit
    from tilik.programs.models import Program

    counts = {
        "unit kerja": Unit.objects.count(),
        "pegawai": Employee.objects.count(),
        "program": Program.objects.count(),
        "pengguna": get_user_model().objects.count(),
    }
    return {label: n for label, n in counts.items() if n}


@transaction.atomic
def demo_wipe(*, by: Any) -> int:
    """Delete every row of Tilik's data tables and all user accounts (never the migrations table).

    Kept: rows that migrations ship (PRESERVED_ON_WIPE) and the append-only audit log, whose events
    lose their link to deleted users (the label keeps the name) and gain one "demo.wipe" event. Uses
    plain DELETE statements: foreign keys are deferred until commit on SQLite and PostgreSQL, so the
    order does not matter and PROTECT relations inside the wiped set do not block. Returns the number of
    tables emptied.
    """
    AuditEvent.objects.filter(actor__isnull=False).update(actor=None)
    existing = set(connection.introspection.table_names())
    wiped = [model for model in _wiped_models() if model._meta.db_table in existing]
    partly = [model for model in wiped if model._meta.label in PRESERVED_ON_WIPE]
    with connection.cursor() as cursor:
        for model in wiped:
            if model not in partly:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    for model in partly:  # after the rest, so nothing that PROTECTs these rows is left
        model._base_manager.exclude(**PRESERVED_ON_WIPE[model._meta.label]).delete()
    audit_record(actor=by, action="demo.wipe", tables=len(wiped), kept=sorted(m._meta.label for m in partly))
    return len(wiped)
