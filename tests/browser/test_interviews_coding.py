"""An evaluator selects a passage of a transcript, applies a code with the keyboard, and sees the
segment listed and the frequency table change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"
TEXT = (
    "Pewawancara: Apa yang berubah setelah pelatihan?\n"
    "Kepala puskesmas: Pendaftaran pasien sekarang lebih cepat. Antrean di loket berkurang banyak."
)
PASSAGE = "Antrean di loket berkurang banyak."


def _setup() -> tuple[int, int]:
    from django.contrib.auth import get_user_model

    from tilik.core.models import Profile, Role
    from tilik.interviews import services, services_codes
    from tilik.org.services import unit_create

    user = get_user_model().objects.create_user("evaluator1", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    unit = unit_create(name="Puskesmas II Denpasar Timur", code="pkm-2-timur", unit_type="puskesmas", by=None)
    interview = services.interview_create(
        by=user, code="W-07", role="kepala_puskesmas", unit=unit, held_on=dt.date(2026, 5, 4), consent=True
    )
    services.transcript_set(interview=interview, by=user, text=TEXT)
    codebook = services_codes.codebook_create(by=user, name="Evaluasi 2026", starter=True)
    return interview.pk, codebook.pk


def _frequency(page: Page, base: str, codebook: int, code: str) -> str:
    page.goto(f"{base}/wawancara/buku-kode/{codebook}/frekuensi/")
    row = page.locator("#frequency-table tr", has_text=code)
    return row.locator("td").nth(1).inner_text()


def test_evaluator_codes_a_passage(live_server: LiveServer, page: Page) -> None:
    interview, codebook = _setup()
    page.goto(live_server.url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("evaluator1")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))

    assert _frequency(page, live_server.url, codebook, "Pendaftaran dan antrean") == "0"

    page.goto(f"{live_server.url}/wawancara/{interview}/?buku={codebook}")
    # Select the passage in the transcript as a user would with the mouse (a DOM range).
    page.evaluate(
        """(passage) => {
            const root = document.getElementById('transcript');
            const node = root.querySelector('span[data-s]').firstChild;
            const at = node.data.indexOf(passage);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + passage.length);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
        }""",
        PASSAGE,
    )
    expect(page.locator("#selection-preview")).to_contain_text(PASSAGE)
    hotkey = page.locator("label.code-option", has_text="Pendaftaran dan antrean").locator("input")
    key = hotkey.get_attribute("data-hotkey")
    assert key is not None
    page.locator("body").press(key)  # number key toggles the code
    expect(hotkey).to_be_checked()
    page.keyboard.press("Enter")  # Enter applies it

    expect(page.locator(".messages")).to_contain_text("Kode diterapkan.")
    segment = page.locator("#segment-list li.segment")
    expect(segment).to_have_count(1)
    expect(segment.locator("blockquote")).to_have_text(PASSAGE)
    expect(segment).to_contain_text("Pendaftaran dan antrean")
    expect(page.locator("#transcript span.coded")).to_have_text(PASSAGE)

    assert _frequency(page, live_server.url, codebook, "Pendaftaran dan antrean") == "1"
