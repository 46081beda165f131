"""The cost of one submission stays bounded: a fixed number of queries, whatever the instrument's size.

Deterministic (queries are counted, not timed); bench/survey_submissions.py measures the time.
Transaction control (BEGIN, COMMIT, savepoints) is left out: it differs between a test
transaction and production, and between SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tilik.surveys.forms import RespondentForm
from tilik.surveys.models import Answer, Draft, Invitation, Response, TokenUse
from tilik.surveys.services import instruments as isvc
from tilik.surveys.tests.conftest import invite, load, open_wave, reaksi_post, skm_post

pytestmark = pytest.mark.django_db

CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not CONTROL.match(q["sql"])]


def _token_submission(client, instrument, data, **wave) -> list[str]:
    first, second = invite(open_wave(instrument, **wave), 2)
    assert client.post(f"/s/t/{first}/", data).status_code == 302  # loads the version's structure once
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(f"/s/t/{second}/", data).status_code == 302
    return _statements(ctx)


# An anonymous wave without consent text, on PostgreSQL: the lookup, then one statement that locks the
# invitation, records the token's use, deletes any draft and inserts the response and all its answers
# (services.submission_pg); the test's own transaction adds a savepoint around it, left out here.
ONE_STATEMENT = ["SELECT", "WITH"]
# Elsewhere: lookup, row lock (which also says whether a draft is kept), token use, response, all answers.
FIVE_STATEMENTS = ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT"]


def _expected() -> list[str]:
    return ONE_STATEMENT if connection.vendor == "postgresql" else FIVE_STATEMENTS


def test_token_submission_is_a_fixed_few_statements(client, reaksi):
    statements = _token_submission(client, reaksi, reaksi_post())
    kinds = [s.split()[0].upper() for s in statements]
    assert kinds == _expected(), statements
    assert sum('"surveys_answer"' in s for s in statements) == 1
    assert not any('"surveys_question"' in s or '"surveys_choice"' in s for s in statements)
    assert Answer.objects.filter(response__in=Response.objects.all()).count() == 2 * 26


def test_a_kept_draft_costs_one_delete(client, reaksi):
    first, second = invite(open_wave(reaksi), 2)
    assert client.post(f"/s/t/{first}/", reaksi_post()).status_code == 302
    assert client.post(f"/s/t/{second}/", {"q_PNY1": "4", "action": "save"}).status_code == 200
    assert Draft.objects.count() == 1
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(f"/s/t/{second}/", reaksi_post()).status_code == 302
    kinds = [s.split()[0].upper() for s in _statements(ctx)]
    assert kinds == (ONE_STATEMENT if connection.vendor == "postgresql" else [*FIVE_STATEMENTS, "DELETE"]), kinds
    assert not Draft.objects.exists()
    assert Response.objects.count() == 2 and Answer.objects.count() == 2 * 26


def test_a_confidential_wave_takes_the_general_path(client, reaksi):
    # rahasia: the participant key is looked up or created inside the same transaction.
    statements = _token_submission(client, reaksi, reaksi_post(), anonymity="rahasia")
    assert [s.split()[0].upper() for s in statements][:2] == ["SELECT", "SELECT"], statements
    assert Response.objects.exclude(participant_key="").count() == 2


def test_query_count_does_not_grow_with_the_instrument(client):
    small = load("alasan_tidak_ikut")
    reaksi = load("level1_reaksi")
    alasan_post = {"q_ALASAN_UTAMA": _first_choice(small, "ALASAN_UTAMA"), "action": "submit"}
    assert len(_token_submission(client, small, alasan_post)) == len(_token_submission(client, reaksi, reaksi_post()))


def _first_choice(instrument, code: str) -> str:
    question = instrument.versions.get().questions.get(code=code)
    return str(question.choices.order_by("order", "id").first().value)


def test_public_submission_is_bounded(client, public_wave):
    url = f"/s/p/{public_wave.public_slug}/"
    assert client.post(url, skm_post()).status_code == 302
    client.cookies.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, skm_post()).status_code == 302
    statements = _statements(ctx)
    tables = [re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', s).group(1) for s in statements]
    # Wave; the rate counter (prune, get - this address has one already -, lock, today's sum for the daily
    # cap, count);
    # consent and its audit event; the response and all its answers at once; the burst window (prune, this
    # response's keys, one read of the window's responses sharing its address or answers; services/bursts.py).
    assert tables == [
        "surveys_wave",
        "surveys_publicratecounter",
        "surveys_publicratecounter",
        "surveys_publicratecounter",
        "surveys_publicratecounter",
        "surveys_publicratecounter",
        "core_consentrecord",
        "core_auditevent",
        "surveys_response",
        "surveys_answer",
        "surveys_publictrace",
        "surveys_publictrace",
        "surveys_publictrace",
    ], statements
    assert sum('"surveys_answer"' in s for s in statements) == 1


def test_structure_cache_follows_edits(reaksi):
    version = reaksi.versions.get()
    assert RespondentForm(version=version).fields["q_MAT1"].label != "Materi relevan sekali."
    question = version.questions.get(code="MAT1")
    isvc.question_update(question=question, text="Materi relevan sekali.", by=None)
    version.refresh_from_db()
    assert RespondentForm(version=version).fields["q_MAT1"].label == "Materi relevan sekali."


def test_shared_fields_are_not_changed_by_a_form(reaksi):
    version = reaksi.versions.get()
    bad = RespondentForm({"q_PNY1": "9"}, version=version)
    assert not bad.is_valid()
    good = RespondentForm({k: v for k, v in reaksi_post().items()}, version=version)
    assert good.is_valid(), good.errors
    assert not RespondentForm(version=version).is_bound and not RespondentForm(version=version).errors


def test_an_invitation_deleted_after_the_lookup_stores_nothing(reaksi):
    from tilik.surveys.selectors.waves import invitation_by_token
    from tilik.surveys.services.responses import SurveyUnavailable, submit_token
    from tilik.surveys.tests.conftest import reaksi_answers

    (token,) = invite(open_wave(reaksi))
    stale = invitation_by_token(token)
    Invitation.objects.filter(pk=stale.pk).delete()
    with pytest.raises(SurveyUnavailable, match="invalid"):
        submit_token(invitation=stale, answers=reaksi_answers())
    assert not Response.objects.exists() and not Answer.objects.exists() and not TokenUse.objects.exists()
