"""Make core_auditevent append-only in the database: triggers refuse UPDATE and DELETE.

Allowed: setting actor_id to NULL alone (Django's SET_NULL when a user account is deleted), and any
change inside a transaction holding a row in core_auditunlock (tilik.core.audit.audit_unlocked, used
by flush and restore only). PostgreSQL's TRUNCATE fires no row trigger; only the table owner may run it.
"""

from django.db import migrations

UNLOCK_TABLE = "CREATE TABLE IF NOT EXISTS core_auditunlock (id integer NOT NULL PRIMARY KEY)"

SQLITE_SAME_EXCEPT_ACTOR = " AND ".join(
    f"NEW.{col} IS OLD.{col}"
    for col in ("id", "at", "actor_label", "action", "target_type", "target_id", "target_repr", "detail")
)
SQLITE_FORWARD = [
    UNLOCK_TABLE,
    """CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       WHEN NOT EXISTS (SELECT 1 FROM core_auditunlock)
       BEGIN SELECT RAISE(ABORT, 'core_auditevent is append-only'); END""",
    f"""CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
       WHEN NOT EXISTS (SELECT 1 FROM core_auditunlock)
            AND NOT (NEW.actor_id IS NULL AND {SQLITE_SAME_EXCEPT_ACTOR})
       BEGIN SELECT RAISE(ABORT, 'core_auditevent is append-only'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TABLE IF EXISTS core_auditunlock",
]

POSTGRES_FORWARD = [
    UNLOCK_TABLE,
    """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM core_auditunlock) THEN
           IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
           RETURN NEW;
         END IF;
         IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
            AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'core_auditevent is append-only' USING ERRCODE = 'restrict_violation';
       END
       $$""",
    """CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
       FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
    "DROP TABLE IF EXISTS core_auditunlock",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


def _run(schema_editor, index):
    pair = STATEMENTS.get(schema_editor.connection.vendor)
    if pair is None:  # another database: the application-level guards still hold
        return
    for sql in pair[index]:
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def backward(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
