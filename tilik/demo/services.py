"""Whether the database already holds data, and wiping Tilik's data so the demo can be rebuilt."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from tilik.core.audit import audit_record

# Models ("app_label.ModelName") that hold reference data seeded by data migrations and must survive
# `tilik demo --force`. Apps that seed code lists in a migration add their models here.
PRESERVED_ON_WIPE: frozenset[str] = frozenset()

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
            if meta.proxy or not meta.managed or meta.label in PRESERVED_ON_WIPE:
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

    Uses plain DELETE statements: foreign keys are deferred until commit on SQLite and PostgreSQL, so
    the order does not matter and PROTECT relations inside the wiped set do not block. Returns the
    number of tables emptied; leaves one audit event behind.
    """
    existing = set(connection.introspection.table_names())
    wiped = [model for model in _wiped_models() if model._meta.db_table in existing]
    with connection.cursor() as cursor:
        for model in wiped:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    audit_record(actor=by, action="demo.wipe", tables=len(wiped))
    return len(wiped)
