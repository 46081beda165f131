"""A pengode in an English Chrome: Tilik answers in Indonesian, shows only the assigned interview, lets
the coder code it; the English switch is stored on the account and survives a new browser session."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"
TEXT = "Pewawancara: Apa yang berubah? Kepala puskesmas: Antrean di loket berkurang banyak."


def _setup() -> None:
    from tilik.core.models import Role
    from tilik.core.services import user_create_with_role
    from tilik.interviews import services, services_codes
    from tilik.org.services import unit_create

    evaluator = user_create_with_role(username="evaluator1", role=Role.EVALUATOR, by=None, password=PASSWORD)
    coder = user_create_with_role(username="pengode1", role=Role.CODER, by=None, password=PASSWORD)
    unit = unit_create(name="Puskesmas II Denpasar Timur", code="pkm-2-timur", unit_type="puskesmas", by=None)
    for code in ("W-07", "W-08"):
        interview = services.interview_create(
            by=evaluator, code=code, role="kepala_puskesmas", unit=unit, held_on=dt.date(2026, 5, 4), consent=True
        )
        services.transcript_set(interview=interview, by=evaluator, text=TEXT)
        if code == "W-07":
            services.interview_coders_set(interview=interview, coders=[coder], by=evaluator)
    services_codes.codebook_create(by=evaluator, name="Evaluasi 2026", starter=True)


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("pengode1")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))


def test_coder_in_an_english_browser(live_server: LiveServer, browser: Browser) -> None:
    _setup()
    context = browser.new_context(locale="en-US", timezone_id="Asia/Makassar")  # Accept-Language: en-US
    page = context.new_page()
    page.goto(live_server.url + "/masuk/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    _sign_in(page, live_server.url)
    expect(page).to_have_url(re.compile(r"/wawancara/$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="W-07")).to_be_visible()
    expect(page.get_by_role("link", name="W-08")).to_have_count(0)
    expect(page.get_by_role("link", name="Anggaran")).to_have_count(0)

    page.get_by_role("link", name="W-07").click()
    page.get_by_role("link", name="Kode per kalimat (tanpa JavaScript)").click()
    page.get_by_label(re.compile("Antrean di loket berkurang banyak")).check()
    page.locator("label.code-option", has_text="Pendaftaran dan antrean").locator("input").check()
    page.get_by_role("button", name="Terapkan kode").first.click()
    expect(page.locator("#segment-list blockquote")).to_have_count(1)
    expect(page.locator("#segment-list blockquote")).to_contain_text("Antrean di loket berkurang banyak.")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()

    # Another browser, an Indonesian one: the account's choice (English) still holds.
    other = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar")
    page = other.new_page()
    _sign_in(page, live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    other.close()
