"""Consent in the respondent pages: shown, stored before the answers, refused = nothing stored.

Voluntary surveys are every public (IKM) survey and every invited wave with a consent text.
Anonymous consent records name no one: no employee, no subject key, no address.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tilik.core.models import AuditEvent, ConsentRecord
from tilik.core.privacy.consent import consent_current, consent_text_hash
from tilik.surveys.models import Draft, Invitation, Response, TokenUse
from tilik.surveys.services.responses import SurveyUnavailable, consent_purpose, submit_public, submit_token
from tilik.surveys.tests.conftest import RAHASIA, invite, open_wave, reaksi_answers, reaksi_post, skm_post

pytestmark = pytest.mark.django_db

TEXT = "Survei ini sukarela. Jawaban dipakai untuk memperbaiki pelatihan.\nAnda boleh berhenti kapan saja."


def _nothing_stored() -> None:
    assert not Response.objects.exists()
    assert not TokenUse.objects.exists()
    assert not Draft.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="consent").exists()


def test_public_ikm_stores_an_anonymous_consent_record(client, public_wave):
    url = f"/s/p/{public_wave.public_slug}/"
    page = client.get(url).content.decode()
    assert "Survei ini sukarela dan anonim" in page and 'name="consent"' in page
    reply = client.post(url, skm_post(), REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 Uji")
    assert reply.status_code == 302
    record = ConsentRecord.objects.get()
    assert record.purpose == consent_purpose(public_wave) == f"survei:gelombang:{public_wave.pk}"
    assert record.given and record.withdrawn_at is None
    assert record.text.startswith("Survei ini sukarela dan anonim")
    assert record.text_sha256 == consent_text_hash(record.text)
    assert record.employee_id is None and record.subject_key == ""
    stored = " ".join(str(getattr(record, f.attname)) for f in ConsentRecord._meta.concrete_fields)
    assert "203.0.113.77" not in stored and "Mozilla" not in stored
    event = AuditEvent.objects.get(action="consent.give")
    assert event.target_type == "" and event.target_id == "" and event.actor_id is None
    assert event.actor_label == "responden" and event.detail == {"purpose": record.purpose}
    assert "203.0.113.77" not in str(event.detail)


def test_public_ikm_refused_stores_nothing(client, public_wave):
    url = f"/s/p/{public_wave.public_slug}/"
    reply = client.post(url, skm_post(consent=False))
    assert reply.status_code == 200 and "Centang persetujuan" in reply.content.decode()
    _nothing_stored()


def test_public_wave_with_own_consent_text_records_that_text(client, skm, puskesmas):
    wave = open_wave(skm, audience="public", unit=puskesmas, period="2026", consent_text=TEXT)
    url = f"/s/p/{wave.public_slug}/"
    assert "Anda boleh berhenti kapan saja." in client.get(url).content.decode()
    assert client.post(url, skm_post()).status_code == 302
    assert ConsentRecord.objects.get().text == TEXT


def test_voluntary_token_survey_shows_consent_and_refusal_stores_nothing(client, reaksi):
    (token,) = invite(open_wave(reaksi, consent_text=TEXT))
    page = client.get(f"/s/t/{token}/").content.decode()
    assert "Anda boleh berhenti kapan saja." in page and 'name="consent"' in page
    refused = client.post(f"/s/t/{token}/", reaksi_post())
    html = refused.content.decode()
    assert refused.status_code == 200 and "Centang persetujuan" in html
    assert 'value="3" id="id_q_MAT1_2" checked' in html  # what was typed is kept
    _nothing_stored()
    # "Save for later" stores answers too, so it needs the consent as well.
    saved = client.post(f"/s/t/{token}/", reaksi_post(action="save"))
    assert saved.status_code == 200 and "Centang persetujuan" in saved.content.decode()
    _nothing_stored()


def test_voluntary_anonymous_token_survey_consent_names_no_one(client, reaksi):
    wave = open_wave(reaksi, consent_text=TEXT)
    (token,) = invite(wave)
    assert client.post(f"/s/t/{token}/", {**reaksi_post(), "consent": "1"}).status_code == 302
    record = ConsentRecord.objects.get()
    assert record.text == TEXT and record.purpose == consent_purpose(wave)
    assert record.employee_id is None and record.subject_key == ""
    assert Response.objects.count() == 1 and TokenUse.objects.count() == 1


def test_voluntary_confidential_survey_links_consent_to_the_respondent(client, reaksi):
    wave = open_wave(reaksi, anonymity=RAHASIA, consent_text=TEXT)
    (token,) = invite(wave)
    assert client.post(f"/s/t/{token}/", {**reaksi_post(), "consent": "1"}).status_code == 302
    employee = Invitation.objects.get().employee
    record = consent_current(purpose=consent_purpose(wave), employee=employee)
    assert record is not None and record.text == TEXT
    assert AuditEvent.objects.get(action="consent.give").target_id == str(record.pk)


def test_draft_with_consent_records_it_before_keeping_answers(client, reaksi):
    (token,) = invite(open_wave(reaksi, consent_text=TEXT))
    saved = client.post(f"/s/t/{token}/", {"q_PNY1": "2", "action": "save", "consent": "1"})
    assert "Jawaban sementara tersimpan" in saved.content.decode()
    assert Draft.objects.count() == 1 and ConsentRecord.objects.count() == 1


def test_survey_without_consent_text_asks_nothing(client, reaksi):
    (token,) = invite(open_wave(reaksi))
    assert 'name="consent"' not in client.get(f"/s/t/{token}/").content.decode()
    assert client.post(f"/s/t/{token}/", reaksi_post()).status_code == 302
    assert not ConsentRecord.objects.exists() and Response.objects.count() == 1


def test_services_refuse_without_consent(reaksi, public_wave):
    (token,) = invite(open_wave(reaksi, consent_text=TEXT))
    with pytest.raises(ValidationError):
        submit_token(token=token, answers=reaksi_answers())
    with pytest.raises(ValidationError):
        submit_public(wave=public_wave, answers={"U1": "3"})
    _nothing_stored()


def test_a_used_token_leaves_no_second_consent_record(reaksi):
    (token,) = invite(open_wave(reaksi, consent_text=TEXT))
    submit_token(token=token, answers=reaksi_answers(), consent=True)
    with pytest.raises(SurveyUnavailable):
        submit_token(token=token, answers=reaksi_answers(), consent=True)
    assert ConsentRecord.objects.count() == 1 and Response.objects.count() == 1
