"""The survey pages work by keyboard alone on a 360-px phone screen (issue 17): a Level 1 survey opened
from an invitation token and the public IKM survey are filled and submitted with Tab, Space, the arrow
keys and Enter only — no click, no fill(). Screenshots: var/browser-artifacts/keyboard/.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tilik.surveys.choices import Audience
from tilik.surveys.models import Answer, Response
from tilik.surveys.tests.conftest import invite, load, open_wave

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 360, "height": 780}
SHOTS = ARTIFACTS / "keyboard"
STEPS = 2  # Space checks a group's first option; two ArrowRight move to its third (3 on a 1-4 scale)

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || !e.closest('form.survey-form')) return {inForm: false, tag: e ? e.tagName : ''};
  return {inForm: true, tag: e.tagName, type: (e.type || '').toLowerCase(), name: e.name || '',
          checked: !!e.checked, text: (e.innerText || '').trim(), value: e.value || '',
          options: e.name ? document.getElementsByName(e.name).length : 0};
}"""


def _fill_by_keyboard(page: Page, shot: str, submit_label: str = "Kirim jawaban") -> dict[str, int]:
    """Tab through the page and answer each control with the keyboard; Enter on the submit button.

    The filled form, focus on the submit button, is saved as SHOTS/<shot>.png before Enter."""
    seen: dict[str, int] = {"radio": 0, "checkbox": 0, "text": 0}
    done: set[str] = set()
    for _ in range(300):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if not f["inForm"]:
            continue
        if f["type"] == "radio" and f["name"] not in done:
            page.keyboard.press("Space")
            for _step in range(STEPS if f["options"] > STEPS else 0):
                page.keyboard.press("ArrowRight")
            done.add(f["name"])
            seen["radio"] += 1
        elif f["type"] == "checkbox" and f["name"] not in done:
            if not f["checked"]:
                page.keyboard.press("Space")
            done.add(f["name"])
            seen["checkbox"] += 1
        elif f["tag"] == "TEXTAREA" or f["type"] in ("text", "number"):
            if not f["value"]:
                page.keyboard.type("8" if f["type"] == "number" else "Studi kasus")
            seen["text"] += 1
        elif f["tag"] == "SELECT":
            page.keyboard.press("ArrowDown")
        elif f["tag"] == "BUTTON" and f["text"] == submit_label:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SHOTS / f"{shot}.png", full_page=True)
            page.keyboard.press("Enter")
            return seen
    raise AssertionError(f"the button {submit_label!r} was never reached with Tab")


def _values(response: Any, **question: Any) -> set[str]:
    answers = Answer.objects.filter(response=response, **{f"question__{k}": v for k, v in question.items()})
    return set(answers.values_list("choice__value", flat=True))


def test_token_survey_by_keyboard_alone(live_server: LiveServer, page: Page) -> None:
    wave = open_wave(load("level1_reaksi"))
    (token,) = invite(wave)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/t/{token}/", timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    seen = _fill_by_keyboard(page, "token-terisi-360")
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    page.screenshot(path=SHOTS / "token-terima-kasih-360.png", full_page=True)
    response = Response.objects.get(wave=wave)
    likert = wave.version.sections.filter(questions__qtype="likert").count()
    assert seen["radio"] >= likert > 0
    assert response.answers.filter(question__qtype="likert").count() == likert
    assert _values(response, qtype="likert") == {"3"}  # the arrow keys moved the choice, not only Space
    assert response.answers.exclude(text="").filter(text="Studi kasus").exists()


def test_public_survey_by_keyboard_alone(live_server: LiveServer, page: Page) -> None:
    from tilik.core.tests.factories import make_unit

    unit = make_unit("Puskesmas II Denpasar Utara", unit_type="puskesmas", serves_public=True)
    wave = open_wave(load("skm_ikm"), audience=Audience.PUBLIC, unit=unit, period="2026-S2")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/p/{wave.public_slug}/", timeout=60_000)
    expect(page.locator("body")).to_contain_text("Puskesmas II Denpasar Utara")
    seen = _fill_by_keyboard(page, "publik-terisi-360")
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    page.screenshot(path=SHOTS / "publik-terima-kasih-360.png", full_page=True)
    response = Response.objects.get(wave=wave)
    assert seen["checkbox"] == 1  # the consent box, ticked with Space
    choice_questions = wave.version.sections.filter(questions__qtype__in=("likert", "single")).count()
    assert seen["radio"] == choice_questions > 0  # every respondent question and IKM element reached
    assert response.answers.count() == seen["radio"] + seen["text"]  # and each one stored
    assert _values(response, code__in=[f"U{i}" for i in range(1, 10)]) == {"3"}  # the nine IKM elements
