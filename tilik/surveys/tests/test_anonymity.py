"""Proof that an anonymous (anonim) survey stores no path from a response to a token or a person."""

from __future__ import annotations

import pytest
from django.db import connection, models

from tilik.core.models import AuditEvent, ConsentRecord
from tilik.surveys.models import Answer, Invitation, Response, TokenUse
from tilik.surveys.services.responses import submit_token
from tilik.surveys.tests.conftest import RAHASIA, invite, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db

PERSONAL_MODELS = {
    "surveys.invitation",
    "surveys.tokenuse",
    "surveys.draft",
    "surveys.participantkey",
    "org.employee",
    "auth.user",
    "core.profile",
}


@pytest.mark.parametrize("model", [Response, Answer])
def test_schema_has_no_link_to_token_or_person(model):
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is not None:
            assert related._meta.label_lower not in PERSONAL_MODELS, field.name
        assert not isinstance(field, models.DateTimeField), f"{field.name} stores a time"
        assert not isinstance(field, models.TimeField), field.name
    assert isinstance(model._meta.pk, models.UUIDField)  # no insertion order to match with token use


def test_stored_rows_of_an_anonymous_wave(reaksi):
    # A voluntary wave, so that the consent records are inspected too.
    wave = open_wave(reaksi, consent_text="Survei ini sukarela dan anonim.")
    tokens = invite(wave, 3)
    for token in tokens:
        submit_token(token=token, answers=reaksi_answers(), consent=True)
    invitations = list(Invitation.objects.filter(wave=wave))
    forbidden = set()
    for inv in invitations:
        assert inv.employee is not None
        forbidden |= {
            str(inv.pk),
            inv.token_hash,
            inv.nonce,
            inv.name,
            inv.email,
            inv.phone,
            str(inv.employee_id),
            inv.employee.nip,
        }
    forbidden |= set(tokens)
    # Short values (ids, answer codes) collide by chance; the schema test covers ids structurally.
    forbidden = {value for value in forbidden if len(value) >= 6}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table}")  # noqa: S608 - fixed table name
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert set(columns) == {
        "id",
        "wave_id",
        "version_id",
        "submitted_on",
        "rater_group",
        "unit_id",
        "participant_key",
        "score",
        "max_score",
        "device_key",  # public waves only: a per-wave HMAC of the browser's device token (services/bursts.py)
        "burst_id",
        "excluded",
    }
    assert len(rows) == 3
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        assert record["participant_key"] == "" and record["unit_id"] is None
        assert record["device_key"] == "" and record["burst_id"] is None and not record["excluded"]
        assert len(str(record["submitted_on"])) == 10  # a date, never a time
        for column, value in record.items():
            if not column.endswith("_id"):  # wave/version ids are shared by every respondent
                assert str(value) not in forbidden, column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Answer._meta.db_table}")  # noqa: S608
        answer_columns = [c[0] for c in cursor.description]
        for row in cursor.fetchall():
            values = {str(v) for c, v in zip(answer_columns, row, strict=True) if not c.endswith("_id")}
            assert not (values & forbidden)
    # Token use: only the fact, no date, keyed by the invitation.
    assert list(TokenUse.objects.values_list("used_on", flat=True)) == [None, None, None]
    # Nothing in the audit log names a response.
    assert not AuditEvent.objects.filter(target_type="surveys.response").exists()
    assert not AuditEvent.objects.filter(action__startswith="response").exists()
    # Consent: one record per respondent, naming no one and no response; its audit events neither.
    response_ids = {str(row[columns.index("id")]) for row in rows}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ConsentRecord._meta.db_table}")  # noqa: S608
        consent_columns = [c[0] for c in cursor.description]
        consents = [dict(zip(consent_columns, row, strict=True)) for row in cursor.fetchall()]
    assert len(consents) == 3
    for record in consents:
        assert record["employee_id"] is None and record["subject_key"] == ""
        assert record["purpose"] == f"survei:gelombang:{wave.pk}"
        values = {str(v) for c, v in record.items() if c != "id"}
        assert not (values & (forbidden | response_ids))
    for event in AuditEvent.objects.filter(action__startswith="consent"):
        assert event.target_type == "" and event.target_id == "" and event.actor_id is None
        assert event.actor_label == "responden" and set(event.detail) == {"purpose"}


def test_confidential_wave_uses_a_pseudonym(reaksi):
    wave = open_wave(reaksi, anonymity=RAHASIA)
    (token,) = invite(wave)
    submit_token(token=token, answers=reaksi_answers())
    response = Response.objects.get()
    employee = Invitation.objects.get().employee
    assert employee is not None
    assert response.participant_key and response.participant_key == employee.survey_key.key
    assert employee.nip not in response.participant_key and str(employee.pk) != response.participant_key
