"""Issue 20: an imported XLSForm with cascading selects (choice_filter), group relevance, a constraint and
a calculation is filled on a 360-px phone, with JavaScript (form_logic.js shows and hides as the respondent
answers) and without it ("Perbarui pertanyaan" re-renders the page on the server). Both store the same
answers and the calculated value. axe-core checks the page. Screenshots: var/browser-artifacts/formlogic/.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import Workbook
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tilik.surveys.models import Answer, Instrument, Response
from tilik.surveys.services.xlsform import instrument_from_xlsform
from tilik.surveys.tests.conftest import invite, open_wave

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 360, "height": 740}
SHOTS = ARTIFACTS / "formlogic"
BLOCKING = {"serious", "critical"}
SURVEY = [
    [
        "type",
        "name",
        "label",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "calculation",
        "choice_filter",
    ],
    ["select_one prov", "provinsi", "Provinsi tempat tinggal", "yes", "", "", "", "", ""],
    ["select_one kota", "kota", "Kabupaten/kota", "yes", "", "", "", "", "prov=${provinsi}"],
    ["text", "nip", "NIP", "yes", "", "regex(., '^[0-9]{18}$')", "NIP terdiri atas 18 angka.", "", ""],
    ["integer", "umur", "Umur (tahun)", "yes", "", "", "", "", ""],
    ["calculate", "kategori", "", "", "", "", "", "if(${umur} >= 40, 'senior', 'muda')", ""],
    ["begin_group", "senior", "Pengalaman", "", "${umur} >= 40", "", "", "", ""],
    ["text", "pengalaman", "Pengalaman kerja paling berkesan", "yes", "", "", "", "", ""],
    ["end_group", "", "", "", "", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label", "prov"],
    ["prov", "bali", "Bali", ""],
    ["prov", "jatim", "Jawa Timur", ""],
    ["kota", "denpasar", "Denpasar", "bali"],
    ["kota", "badung", "Badung", "bali"],
    ["kota", "surabaya", "Surabaya", "jatim"],
]
NIP = "198001012006041001"


def _xlsform() -> io.BytesIO:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    for row in SURVEY:
        survey.append(row)
    choices = book.create_sheet("choices")
    for row in CHOICES:
        choices.append(row)
    book.create_sheet("settings").append(["form_title", "form_id"])
    book["settings"].append(["Survei domisili pegawai", "domisili"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.fixture
def instrument(transactional_db: Any) -> Instrument:
    return instrument_from_xlsform(fileobj=_xlsform(), code="domisili", by=None, accept_changes=True)


def _stored(token_wave: Any) -> dict[str, str]:
    response = Response.objects.get(wave=token_wave)
    out = {}
    for a in Answer.objects.filter(response=response).select_related("question", "choice"):
        out[a.question.code] = (
            a.choice.value if a.choice else (a.text or (str(a.number) if a.number is not None else ""))
        )
    return out


def _option(page: Page, value: str) -> Any:
    return page.locator(f'label.option:has(input[name="q_kota"][value="{value}"])')


def test_with_javascript_the_page_follows_the_answers(
    live_server: LiveServer, page: Page, instrument: Instrument
) -> None:
    wave = open_wave(instrument)
    (token,) = invite(wave, 1)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/t/{token}/", timeout=60_000)
    expect(page.get_by_role("button", name="Perbarui pertanyaan")).to_be_hidden()  # JavaScript does its work
    expect(page.get_by_text("Pengalaman kerja paling berkesan")).to_be_hidden()
    expect(_option(page, "denpasar")).to_be_hidden()
    page.locator('input[name="q_provinsi"][value="jatim"]').check()
    expect(_option(page, "surabaya")).to_be_visible()
    expect(_option(page, "denpasar")).to_be_hidden()
    page.locator('input[name="q_kota"][value="surabaya"]').check()
    page.locator('input[name="q_nip"]').fill("12345")
    expect(page.get_by_text("NIP terdiri atas 18 angka.")).to_be_visible()
    page.locator('input[name="q_nip"]').fill(NIP)
    expect(page.get_by_text("NIP terdiri atas 18 angka.")).to_be_hidden()
    page.locator('input[name="q_umur"]').fill("45")
    expect(page.get_by_text("Pengalaman kerja paling berkesan")).to_be_visible()
    expect(page.locator('input[name="q_kategori"]')).to_have_value("senior")
    page.locator('input[name="q_pengalaman"]').fill("Pelatihan kepemimpinan")
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "js-360.png", full_page=True)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    assert _stored(wave) == {
        "provinsi": "jatim",
        "kota": "surabaya",
        "nip": NIP,
        "umur": "45.0000",
        "kategori": "senior",
        "pengalaman": "Pelatihan kepemimpinan",
    }


def test_without_javascript_the_server_re_renders(
    live_server: LiveServer, browser: Browser, instrument: Instrument
) -> None:
    wave = open_wave(instrument)
    (token,) = invite(wave, 1)
    context = browser.new_context(
        locale="id-ID", timezone_id="Asia/Makassar", java_script_enabled=False, viewport=PHONE
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/s/t/{token}/", timeout=60_000)
        refresh = page.get_by_role("button", name="Perbarui pertanyaan")
        expect(refresh).to_be_visible()
        page.locator('input[name="q_provinsi"][value="bali"]').check()
        page.locator('input[name="q_umur"]').fill("30")
        page.locator('input[name="q_nip"]').fill("12345")
        refresh.click()
        expect(page.get_by_text("Pertanyaan diperbarui menurut jawaban Anda.")).to_be_visible()
        expect(_option(page, "denpasar")).to_be_visible()
        expect(_option(page, "surabaya")).to_be_hidden()
        expect(page.get_by_text("Pengalaman kerja paling berkesan")).to_be_hidden()
        assert not Response.objects.filter(wave=wave).exists()
        page.locator('input[name="q_kota"][value="denpasar"]').check()
        page.get_by_role("button", name="Kirim jawaban").click()
        expect(page.get_by_text("NIP terdiri atas 18 angka.")).to_be_visible()  # the server's constraint
        page.locator('input[name="q_nip"]').fill(NIP)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "nojs-360.png", full_page=True)
        page.get_by_role("button", name="Kirim jawaban").click()
        expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    finally:
        context.close()
    assert _stored(wave) == {"provinsi": "bali", "kota": "denpasar", "nip": NIP, "umur": "30.0000", "kategori": "muda"}
