"""Indonesian by default (issue 16 item 8): the browser's Accept-Language never decides; a signed-in
user's choice lives on their profile (across sessions and browsers, and for e-mails to them); a visitor
without account chooses with a cookie."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tilik.core.models import AuditEvent, Role
from tilik.core.services import user_create_with_role
from tilik.core.tests.factories import make_employee, make_unit
from tilik.surveys.choices import Audience
from tilik.surveys.services.waves import invitation_create, invitations_send
from tilik.surveys.tests.conftest import load, open_wave

pytestmark = pytest.mark.django_db

ENGLISH_CHROME = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
PASSWORD = "Rahasia-Tilik-2026!"


def _lang(response: Any) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.fixture
def evaluator(db: Any) -> Any:
    return user_create_with_role(username="evaluator-bahasa", role=Role.EVALUATOR, by=None, password=PASSWORD)


def test_english_browser_gets_indonesian_login_page(client):
    response = client.get(reverse("login"), **ENGLISH_CHROME)
    assert _lang(response) == "id"
    assert response["Content-Language"] == "id"


def test_english_browser_gets_indonesian_when_signed_in(client, evaluator):
    client.force_login(evaluator)
    html = client.get("/", **ENGLISH_CHROME).content.decode()
    assert '<html lang="id"' in html and "Beranda" in html


def test_choosing_english_persists_across_sessions(client, evaluator):
    client.force_login(evaluator)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    # Stored on the account, not in the browser: no cookie for the next person at this computer.
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    evaluator.profile.refresh_from_db()
    assert evaluator.profile.language == "en"
    assert AuditEvent.objects.filter(action="user.language_set", target_id=str(evaluator.pk)).exists()
    # A new session in another browser (an Indonesian one): still English for this user.
    other = Client()
    assert other.login(username="evaluator-bahasa", password=PASSWORD)
    html = other.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en"' in html and "Home" in html
    # Back to Indonesian the same way.
    other.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert _lang(other.get("/")) == "id"


def test_a_users_choice_does_not_leak_to_the_next_user(client, evaluator):
    client.force_login(evaluator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("logout"))  # the browser keeps its cookies (client.logout() would clear them)
    assert _lang(client.get(reverse("login"))) == "id"
    colleague = user_create_with_role(username="rekan", role=Role.EVALUATOR, by=None, password=PASSWORD)
    client.force_login(colleague)
    assert _lang(client.get("/")) == "id"


def test_public_survey_page_follows_the_cookie_not_the_browser(client):
    puskesmas = make_unit("Puskesmas Bahasa", unit_type="puskesmas", serves_public=True)
    wave = open_wave(load("skm_ikm"), audience=Audience.PUBLIC, unit=puskesmas, period="2026")
    url = reverse("surveys:public", args=[wave.public_slug])
    assert _lang(client.get(url, **ENGLISH_CHROME)) == "id"
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response.url == url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _lang(client.get(url)) == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert _lang(client.get(url, **ENGLISH_CHROME)) == "id"


def test_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "https://jahat.example/"})
    assert response.url == "/" and settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_invitation_email_uses_the_invitees_language():
    wave = open_wave(load("level1_reaksi"), audience=Audience.INVITED)
    english = make_employee(name="Ni Luh Inggris", email="inggris@example.org")
    default = make_employee(name="I Made Biasa", email="biasa@example.org")
    account = user_create_with_role(
        username="asn-inggris", role=Role.PARTICIPANT, employee=english, by=None, password=PASSWORD
    )
    account.profile.language = "en"
    account.profile.save()
    for employee in (english, default):
        invitation_create(wave=wave, employee=employee, by=None)
    assert invitations_send(wave=wave, base_url="https://tilik.example", by=None) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["biasa@example.org"].subject.startswith("Undangan mengisi")
    assert by_address["biasa@example.org"].body.startswith("Yth.")
    assert not by_address["inggris@example.org"].subject.startswith("Undangan")
    assert not by_address["inggris@example.org"].body.startswith("Yth.")
