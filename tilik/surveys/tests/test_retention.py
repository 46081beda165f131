"""Retention of survey drafts and unused invitations through `tilik purge` (dry run, then --apply)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import make_employee
from tilik.surveys.models import Answer, Draft, Invitation, Response, TokenUse
from tilik.surveys.services.responses import draft_save, submit_token
from tilik.surveys.services.waves import invitation_create, wave_close, wave_create, wave_publish
from tilik.surveys.tests.conftest import ANONIM, invite, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(reaksi, settings):
    settings.TILIK_RETENTION_DAYS = {"survey_drafts": 90, "survey_invitations": 730}
    now = timezone.now()
    old = open_wave(reaksi, anonymity=ANONIM)
    used, _unused, with_draft = invite(old, 3)
    submit_token(token=used, answers=reaksi_answers("4"))
    old_draft = draft_save(invitation=_inv(with_draft), data={"PNY1": "2"})
    wave_close(wave=old, by=None)
    # Three years ago it opened and closed (the constraint wants closes_at > opens_at).
    type(old).objects.filter(pk=old.pk).update(
        opens_at=now - dt.timedelta(days=3 * 365 + 14), closes_at=now - dt.timedelta(days=3 * 365)
    )
    recent = open_wave(reaksi)
    fresh_token, stale_token = invite(recent, 2)
    fresh = draft_save(invitation=_inv(fresh_token), data={"PNY1": "3"})
    stale = draft_save(invitation=_inv(stale_token), data={"PNY1": "1"})
    Draft.objects.filter(pk=stale.pk).update(updated_at=now - dt.timedelta(days=120))
    Draft.objects.filter(pk=old_draft.pk).update(updated_at=now - dt.timedelta(days=3 * 365 + 1))
    return {"old": old, "recent": recent, "fresh": fresh, "stale": stale}


def _inv(token):
    from tilik.surveys.selectors.waves import invitation_by_token

    found = invitation_by_token(token)
    assert found is not None
    return found


def _snapshot():
    return (
        sorted(Response.objects.values_list("id", "wave_id", "submitted_on", "participant_key", "unit_id")),
        sorted(Answer.objects.values_list("id", "response_id", "choice_id", "text")),
        sorted(TokenUse.objects.values_list("invitation_id", "used_on")),
    )


def test_purge_dry_run_then_apply(data, capsys):
    before = _snapshot()
    n_invitations = Invitation.objects.count()
    call_command("purge")
    out = capsys.readouterr().out
    assert "UJI COBA" in out
    assert "Draf jawaban survei yang tidak dikirim: 2 baris akan dihapus (masa retensi 90 hari)" in out
    assert "gelombang yang sudah lama ditutup: 2 baris akan dihapus (masa retensi 730 hari)" in out
    assert Invitation.objects.count() == n_invitations and Draft.objects.count() == 3
    dry = AuditEvent.objects.get(action="retention.dry_run").detail["counts"]
    assert dry["survey_drafts"] == 2 and dry["survey_invitations"] == 2

    call_command("purge", "--apply")
    # Drafts: the stale one and the one left in the old wave go; the fresh one stays.
    assert list(Draft.objects.values_list("pk", flat=True)) == [data["fresh"].pk]
    # Invitations: the old wave keeps only the used one; the recent wave keeps both.
    assert Invitation.objects.filter(wave=data["old"]).count() == 1
    assert Invitation.objects.filter(wave=data["old"], use__isnull=False).count() == 1
    assert Invitation.objects.filter(wave=data["recent"]).count() == 2
    # Responses, answers and token use are untouched: nothing about the anonymous answers changes.
    assert _snapshot() == before and len(before[0]) == 1
    applied = AuditEvent.objects.get(action="retention.purge").detail["counts"]
    assert applied["survey_drafts"] == 2 and applied["survey_invitations"] == 2

    call_command("purge")
    out = capsys.readouterr().out
    assert "tidak dikirim: 0 baris" in out and "lama ditutup: 0 baris" in out


def test_invitations_of_an_open_or_recently_closed_wave_are_kept(reaksi, settings):
    settings.TILIK_RETENTION_DAYS = {"survey_invitations": 730}
    now = timezone.now()
    wave = wave_create(
        version=reaksi.versions.latest("number"),
        title="Ditutup tahun lalu",
        opens_at=now - dt.timedelta(days=400),
        closes_at=now - dt.timedelta(days=365),
        by=None,
    )
    wave_publish(wave=wave, by=None)
    invitation_create(wave=wave, employee=make_employee(name="Ni Kadek Contoh"), by=None)
    call_command("purge", "--apply")
    assert Invitation.objects.count() == 1
    settings.TILIK_RETENTION_DAYS = {"survey_invitations": 300}
    call_command("purge", "--apply")
    assert not Invitation.objects.exists()
