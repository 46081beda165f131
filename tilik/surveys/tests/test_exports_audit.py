"""Every download of personal data from the surveys app is audited with who, what and how many rows;
the WhatsApp message is translatable and written in the site's language, not the evaluator's."""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tilik.core.models import AuditEvent, Role
from tilik.surveys.choices import RaterGroup
from tilik.surveys.exports import whatsapp_message
from tilik.surveys.models import Invitation
from tilik.surveys.services.raters import rater_invite
from tilik.surveys.services.responses import submit_token
from tilik.surveys.services.waves import invitation_token
from tilik.surveys.tests.world360 import build_world, level3_answers, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    w = build_world()
    invs = [
        rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.alumnus_a, rater_group=RaterGroup.SELF, by=None)[0],
        rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.kasubbid, rater_group=RaterGroup.SUPERVISOR, by=None)[0],
        rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.peer_c, rater_group=RaterGroup.PEER, by=None)[0],
        rater_invite(wave=w.wave, ratee=w.alumnus_b, rater=w.peer_d, rater_group=RaterGroup.PEER, by=None)[0],
    ]
    Invitation.objects.filter(pk__in=[i.pk for i in invs]).update(phone="081234567890")
    for inv in invs[:2]:
        submit_token(token=invitation_token(inv), answers=level3_answers(4))
    user = user_with_role("evaluator", Role.EVALUATOR)
    client.force_login(user)
    return w, invs, user


def _export_event(user, what):
    return AuditEvent.objects.get(action="data.export", actor=user, detail__what=what)


def _xlsx_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_responses_csv_and_xlsx_are_audited_with_their_row_count(client, setup):
    w, _invs, user = setup
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("surveys:export", args=[w.wave.pk, fmt]))
        assert response.status_code == 200
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            rows = _xlsx_rows(response.content)
        assert len(rows) - 1 == 2  # header + the two submitted responses
    events = AuditEvent.objects.filter(
        action="data.export", actor=user, detail__what=f"surveys.responses:wave={w.wave.pk}"
    )
    assert sorted((e.detail["fmt"], e.detail["rows"]) for e in events) == [("csv", 2), ("xlsx", 2)]
    assert all(e.actor_label == "evaluator" for e in events)


def test_whatsapp_list_is_audited_with_the_pending_rows(client, setup):
    w, _invs, user = setup
    rows = _xlsx_rows(client.get(reverse("surveys:whatsapp", args=[w.wave.pk])).content)
    assert len(rows) - 1 == 2  # four invited, two already answered
    assert {r[2] for r in rows[1:]} == {"Rekan kerja"} and {r[6] for r in rows[1:]} == {"Alumni Ketut", "Alumni Komang"}
    event = _export_event(user, f"surveys.whatsapp:wave={w.wave.pk}")
    assert event.detail["rows"] == 2 and event.detail["fmt"] == "xlsx"


def test_invitation_list_is_audited_and_holds_no_link(client, setup):
    w, _invs, user = setup
    response = client.get(reverse("surveys:invitations", args=[w.wave.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="undangan-gelombang-{w.wave.pk}.xlsx"'
    rows = _xlsx_rows(response.content)
    assert rows[0][:5] == ("nama", "nip", "unit", "kelompok", "dinilai")
    assert len(rows) - 1 == 4
    assert sorted(r[-1] for r in rows[1:]) == ["belum", "belum", "ya", "ya"]
    assert not any("/s/t/" in str(v) for r in rows for v in r)
    assert _export_event(user, f"surveys.invitations:wave={w.wave.pk}").detail["rows"] == 4


@pytest.mark.parametrize("name", ["export", "whatsapp", "invitations"])
def test_downloads_are_refused_and_not_audited_for_other_roles(client, setup, name):
    w, _invs, _user = setup
    client.force_login(user_with_role("kapus", Role.UNIT_HEAD, unit=w.bidang))
    kwargs = {"pk": w.wave.pk, "fmt": "csv"} if name == "export" else {"pk": w.wave.pk}
    assert client.get(reverse(f"surveys:{name}", kwargs=kwargs)).status_code == 403
    assert not AuditEvent.objects.filter(action="data.export").exists()


def test_whatsapp_message_names_the_ratee_in_the_site_language(client, setup, settings):
    w, invs, user = setup
    user.profile.language = "en"  # the evaluator browses in English (a signed-in user's choice is on the profile)
    user.profile.save(update_fields=["language"])
    assert "Home" in client.get("/").content.decode()
    rows = _xlsx_rows(client.get(reverse("surveys:whatsapp", args=[w.wave.pk])).content)
    text = urllib.parse.unquote(rows[1][5].split("?text=", 1)[1])
    assert text.startswith("Yth. Rekan ") and "sebagai rekan kerja mohon menilai perilaku kerja Alumni" in text
    assert rows[1][4] in text  # the personal link
    atasan = whatsapp_message(invs[1], wave=w.wave, link="L")
    assert "sebagai atasan langsung" in atasan and "Alumni Ketut" in atasan
    # The message is a translated string: a site whose language is English sends English.
    settings.LANGUAGE_CODE = "en"
    with translation.override("id"):
        english = whatsapp_message(invs[2], wave=w.wave, link="L")
    assert english.startswith("Dear Rekan Putu") and "Alumni Ketut" in english and "Yth." not in english
