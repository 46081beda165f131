"""Survey flows in a real browser: an ASN on a phone, a citizen from the poster, an evaluator building."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory
from tilik.surveys.models import Instrument, Response, Wave
from tilik.surveys.tests.conftest import invite, load, open_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _patient(page: Page) -> None:
    # The first request of a fresh live server compiles templates and loads catalogues; on a busy CI
    # machine that alone can pass the default 15 s, so navigations here may take up to a minute.
    page.set_default_navigation_timeout(60_000)


def _answer_all_radios(page: Page, value: str) -> None:
    names = page.eval_on_selector_all("input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    for name in names:
        option = page.locator(f"input[name='{name}'][value='{value}']")
        if option.count():
            option.check()
        else:
            page.locator(f"input[name='{name}']").first.check()


def test_asn_completes_level1_on_a_phone(live_server: LiveServer, page: Page) -> None:
    wave = open_wave(load("level1_reaksi"))
    (token,) = invite(wave)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/t/{token}/")
    expect(page.get_by_role("heading", name="Evaluasi Reaksi Peserta (Level 1)")).to_be_visible()
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    _answer_all_radios(page, "3")
    page.get_by_label("Apa yang paling bermanfaat dari pelatihan ini?").fill("Studi kasus puskesmas")
    # Save for later, come back, the answers are still there.
    page.get_by_role("button", name="Simpan dan lanjutkan nanti").click()
    expect(page.get_by_role("status").first).to_contain_text("Jawaban sementara tersimpan")
    page.goto(f"{live_server.url}/s/t/{token}/")
    useful = page.get_by_label("Apa yang paling bermanfaat dari pelatihan ini?")
    expect(useful).to_have_value("Studi kasus puskesmas")
    expect(page.locator("input[name='q_PGJ4'][value='3']")).to_be_checked()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    assert Response.objects.filter(wave=wave).count() == 1
    page.goto(f"{live_server.url}/s/t/{token}/")
    expect(page.get_by_role("heading", name="Tautan ini sudah dipakai")).to_be_visible()


def test_missing_answers_are_reported_and_typed_values_kept(live_server: LiveServer, page: Page) -> None:
    wave = open_wave(load("level1_reaksi"))
    (token,) = invite(wave)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/t/{token}/")
    page.locator("input[name='q_PNY1'][value='4']").check()
    page.get_by_label("Saran untuk perbaikan pelatihan berikutnya.").fill("Lebih banyak praktik")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("alert")).to_contain_text("perlu diperbaiki")
    expect(page.locator("input[name='q_PNY1'][value='4']")).to_be_checked()
    advice = page.get_by_label("Saran untuk perbaikan pelatihan berikutnya.")
    expect(advice).to_have_value("Lebih banyak praktik")
    assert not Response.objects.exists()


def test_citizen_completes_ikm_from_the_poster_link(live_server: LiveServer, page: Page, client) -> None:
    from tilik.core.tests.factories import make_unit
    from tilik.surveys.choices import Audience

    unit = make_unit("Puskesmas II Denpasar Utara", unit_type="puskesmas", serves_public=True)
    wave = open_wave(load("skm_ikm"), audience=Audience.PUBLIC, unit=unit, period="2026-S2")
    evaluator = UserFactory(username="evaluator")
    Profile.objects.create(user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    pdf = client.get(f"/survei/gelombang/{wave.pk}/poster.pdf", HTTP_HOST=live_server.url.split("//")[1])
    match = re.search(rb"\((http://[^)]+/s/p/[^)]+/)\)", pdf.content)
    assert match, "the poster carries the public link"
    page.set_viewport_size(PHONE)
    page.goto(match.group(1).decode())
    expect(page.locator("body")).to_contain_text("Puskesmas II Denpasar Utara")
    page.get_by_label("30–39 tahun").check()
    page.get_by_label("Perempuan").check()
    page.get_by_label("SMA/SMK").check()
    page.get_by_label("Wirausaha").check()
    for code in range(1, 10):
        page.locator(f"input[name='q_U{code}'][value='3']").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Centang persetujuan")).to_be_visible()  # consent is required
    page.get_by_label("bersedia mengisi survei ini").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    response = Response.objects.get(wave=wave)
    assert response.answers.count() == 13 and response.participant_key == ""
    page.goto(match.group(1).decode())
    expect(page.get_by_role("heading", name="Anda sudah mengisi survei ini")).to_be_visible()


def test_evaluator_builds_an_instrument_and_publishes_a_wave(live_server: LiveServer, page: Page) -> None:
    user = UserFactory(username="evaluator")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    page.goto(f"{live_server.url}/masuk/?next=/survei/instrumen/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("evaluator")
    form.locator("input[name=password]").fill("Rahasia-Tilik-2026")
    form.locator("[type=submit]").click()
    expect(page.get_by_role("heading", name="Instrumen survei dan tes")).to_be_visible()
    page.locator("#id_new-code").fill("kepuasan-pelatihan-singkat")
    page.locator("#id_new-title").fill("Kepuasan pelatihan singkat")
    page.locator("#id_new-kind").select_option("reaksi")
    page.get_by_role("button", name="Buat instrumen").click()
    page.locator("#id_s-title").fill("Materi")
    page.get_by_role("button", name="Tambah bagian").click()
    page.locator("#id_q-code").fill("M1")
    page.locator("#id_q-qtype").select_option("likert")
    page.locator("#id_q-text").fill("Materi mudah dipahami.")
    page.locator("#id_q-scale_points").select_option("4")
    page.get_by_role("button", name="Tambah pertanyaan").click()
    expect(page.locator("body")).to_contain_text("Materi mudah dipahami.")
    page.get_by_role("link", name="Buat gelombang dengan versi ini").click()
    page.locator("#id_title").fill("Gelombang uji coba")
    page.locator("#id_opens_at").fill("2026-01-05T08:00")
    page.locator("#id_closes_at").fill("2026-01-20T16:00")
    page.get_by_role("button", name="Simpan gelombang").click()
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator("#wave-status")).to_have_text("Diterbitkan")
    instrument = Instrument.objects.get(code="kepuasan-pelatihan-singkat")
    assert Wave.objects.get(version__instrument=instrument).status == "published"
