"""tilik.core.rawsql on the survey tables: every value type comes back as the ORM would store it.

The submission path writes responses and answers with fixed SQL (one JSON parameter on PostgreSQL,
multi-row VALUES on SQLite); these tests read the rows back through the ORM on both databases.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tilik.core import rawsql
from tilik.surveys.models import Answer, Invitation, Response, TokenUse
from tilik.surveys.selectors.waves import invitation_by_token
from tilik.surveys.services.responses import ANSWER_FIELDS, RESPONSE_FIELDS
from tilik.surveys.tests.conftest import invite, open_wave

pytestmark = pytest.mark.django_db

AWKWARD = ["it's", 'say "hi"', "back\\slash", "baris\nbaru", "Ünïcödé ✓ 🙂", "%s %(x)s", "{}", "[1,", "—"]


def _response(wave, **extra):
    response = Response(wave=wave, version=wave.version, submitted_on=dt.date(2026, 11, 28), **extra)
    rawsql.insert_rows(Response, RESPONSE_FIELDS, [tuple(getattr(response, f) for f in RESPONSE_FIELDS)])
    return response


def test_answers_of_every_type_round_trip(reaksi):
    wave = open_wave(reaksi)
    response = _response(wave, score=Decimal("12.50"), max_score=Decimal("20"), rater_group="atasan")
    questions = list(wave.version.questions.order_by("pk"))
    choice = questions[0].choices.order_by("pk").first()
    rows = [
        (uuid.uuid4(), response.pk, questions[0].pk, choice.pk, Decimal("4.0000"), "", None, 0),
        (uuid.uuid4(), response.pk, questions[1].pk, None, Decimal("-1234567890.1234"), "", None, 0),
        (uuid.uuid4(), response.pk, questions[2].pk, None, None, "", dt.date(2024, 2, 29), 0),
        # A repeat group's second iteration of the same question beside its first (Answer.repeat_index).
        (uuid.uuid4(), response.pk, questions[2].pk, None, None, "", dt.date(2024, 3, 1), 2),
    ]
    texts = zip(questions[3:], AWKWARD, strict=False)
    rows += [(uuid.uuid4(), response.pk, q.pk, None, None, text, None, 0) for q, text in texts]
    assert rawsql.insert_rows(Answer, ANSWER_FIELDS, rows) == len(rows)

    stored = Response.objects.get(pk=response.pk)
    assert (stored.score, stored.max_score, stored.rater_group) == (Decimal("12.50"), Decimal("20"), "atasan")
    back = {a.pk: a for a in Answer.objects.filter(response=stored)}
    assert len(back) == len(rows)
    for pk, _response_id, question, choice_id, number, text, date, repeat_index in rows:
        answer = back[pk]
        assert (
            answer.question_id,
            answer.choice_id,
            answer.number,
            answer.text,
            answer.date,
            answer.repeat_index,
        ) == (question, choice_id, number, text, date, repeat_index)


def test_many_rows_in_chunks(reaksi, monkeypatch):
    monkeypatch.setattr(rawsql, "CHUNK", 7)  # PostgreSQL: 3 statements for 20 rows
    wave = open_wave(reaksi)
    responses = [Response(wave=wave, version=wave.version, submitted_on=dt.date(2026, 1, 1)) for _ in range(20)]
    rows = [tuple(getattr(r, f) for f in RESPONSE_FIELDS) for r in responses]
    with CaptureQueriesContext(connection) as ctx:
        assert rawsql.insert_rows(Response, RESPONSE_FIELDS, rows) == 20
    assert Response.objects.filter(wave=wave).count() == 20
    inserts = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == (3 if connection.vendor == "postgresql" else 1)


def test_a_duplicate_key_raises_djangos_integrity_error(reaksi):
    (token,) = invite(open_wave(reaksi))
    invitation = invitation_by_token(token)
    rawsql.insert_row(TokenUse, invitation_id=invitation.pk, used_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        rawsql.insert_row(TokenUse, invitation_id=invitation.pk, used_on=None)
    assert TokenUse.objects.filter(invitation=invitation).count() == 1


def test_token_lookup_loads_what_the_orm_loads(reaksi):
    wave = open_wave(reaksi, consent_text="Saya setuju.")
    (token,) = invite(wave)
    found = invitation_by_token(token)
    orm = Invitation.objects.select_related("wave__version__instrument").get(pk=found.pk)
    for field in Invitation._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(orm, field.attname), field.name
    for field in type(orm.wave)._meta.concrete_fields:
        assert getattr(found.wave, field.attname) == getattr(orm.wave, field.attname), field.name
    assert found.wave.version.created_at == orm.wave.version.created_at
    assert found.wave.version.instrument.title == orm.wave.version.instrument.title
    assert not hasattr(found, "use")
    rawsql.insert_row(TokenUse, invitation_id=found.pk, used_on=None)
    with CaptureQueriesContext(connection) as ctx:
        assert hasattr(invitation_by_token(token), "use")
    assert len(ctx.captured_queries) == 1
    assert invitation_by_token(token + "x") is None
