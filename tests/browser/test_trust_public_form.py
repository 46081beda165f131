"""Issue 21: a citizen on a 360-px phone answers the SKM and the integrity/trust page in one public form,
anonymously (no account, no name), consent first. Screenshots: var/browser-artifacts/trust/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.surveys.choices import Audience
from tilik.surveys.models import Answer, Response
from tilik.surveys.tests.conftest import load, open_wave

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
SHOTS = ARTIFACTS / "trust"
PROFILE = {"q_USIA": "30_39", "q_JK": "P", "q_PENDIDIKAN": "sma", "q_PEKERJAAN": "wirausaha"}
SPAK = ("IPAK_DISKRIMINASI", "IPAK_KECURANGAN", "IPAK_IMBALAN", "IPAK_PUNGLI", "IPAK_PERCALOAN")
TRUST = {
    "KP_RESPONSIF": "7",
    "KP_ANDAL": "8",
    "KP_INTEGRITAS": "9",
    "KP_TERBUKA": "5",
    "KP_ADIL": "8",
    "KP_PERCAYA": "7",
}


def _pick(page: Page, name: str, value: str) -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def test_citizen_answers_skm_and_trust_page_on_a_phone(live_server: LiveServer, page: Page) -> None:
    from tilik.core.tests.factories import make_unit

    unit = make_unit("Puskesmas I Denpasar Selatan", unit_type="puskesmas", serves_public=True)
    wave = open_wave(load("skm_integritas_kepercayaan"), audience=Audience.PUBLIC, unit=unit, period="2026-S2")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/p/{wave.public_slug}/", timeout=60_000)
    expect(page.locator("body")).to_contain_text("Puskesmas I Denpasar Selatan")
    # Consent comes first, before any question; no login, no name field.
    consent_y = page.locator("#consent").bounding_box()["y"]
    first_question_y = page.locator('input[name="q_USIA"]').first.bounding_box()["y"]
    assert consent_y < first_question_y
    assert page.locator('input[name="password"]').count() == 0
    # The optional page stays folded until the citizen agrees to it.
    expect(page.locator('input[name="q_KP_PERCAYA"]').first).to_be_hidden()
    page.locator("#consent").check()
    for name, value in PROFILE.items():
        _pick(page, name, value)
    for i in range(1, 10):
        _pick(page, f"q_U{i}", "3")
    _pick(page, "q_ZI_LANJUT", "ya")
    expect(page.locator('input[name="q_KP_PERCAYA"]').first).to_be_visible()
    for code in SPAK:
        _pick(page, f"q_{code}", "4")
    for code, value in TRUST.items():
        _pick(page, f"q_{code}", value)
    # Nothing is wider than the phone: no sideways scrolling on the 0-10 scales.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "skm-kepercayaan-360.png", full_page=True)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()

    response = Response.objects.get(wave=wave)
    assert response.participant_key == ""  # anonymous: no link to a person
    answers = Answer.objects.filter(response=response)
    by_code = {a.question.code: a for a in answers.select_related("question", "choice")}
    assert {f"U{i}" for i in range(1, 10)} <= set(by_code)
    assert {code: int(by_code[code].number) for code in TRUST} == {c: int(v) for c, v in TRUST.items()}
    assert {by_code[code].choice.score for code in SPAK} == {4}
