"""The audit log is append-only in the database; exports are audited; admins read it, never edit it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tilik.core.audit import audit_export, audit_record, audit_unlocked
from tilik.core.models import AuditEvent
from tilik.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_update_and_delete():
    event = audit_record(actor="sistem", action="uji.tindakan")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="dipalsukan")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    event.refresh_from_db()
    assert event.action == "uji.tindakan"


def test_deleting_a_user_keeps_their_events_with_the_label():
    user = UserFactory(username="akan.dihapus")
    event = audit_record(actor=user, action="uji.tindakan")
    user.delete()
    event.refresh_from_db()
    assert event.actor_id is None and event.actor_label == "akan.dihapus"


def test_only_the_actor_may_be_cleared():
    user = UserFactory()
    event = audit_record(actor=user, action="uji.tindakan")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor=None, actor_label="orang lain")


def test_unlock_is_scoped_to_its_transaction():
    event = audit_record(actor="sistem", action="uji.tindakan")
    with audit_unlocked():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    other = audit_record(actor="sistem", action="uji.tindakan")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).delete()


def test_audit_export_records_who_what_when_how_many():
    user = UserFactory(username="evaluator9")
    event = audit_export(actor=user, what="surveys.responses:wave=3", rows=120, fmt="xlsx")
    assert event.action == "data.export" and event.actor == user and event.at is not None
    assert event.detail == {"what": "surveys.responses:wave=3", "rows": 120, "fmt": "xlsx"}


def test_admin_can_filter_but_not_change_the_log(admin_client):
    audit_record(actor="sistem", action="uji.filter")
    listing = admin_client.get("/admin/core/auditevent/?action=uji.filter")
    assert listing.status_code == 200 and "uji.filter" in listing.content.decode()
    event = AuditEvent.objects.get(action="uji.filter")
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    detail = admin_client.get(f"/admin/core/auditevent/{event.pk}/change/")
    assert detail.status_code == 200 and 'name="action"' not in detail.content.decode()
