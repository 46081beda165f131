"""An evaluator runs part of the cycle in Tilik's own pages (issue 17): programme, angkatan, enrolment
from a filtered ASN list ("select all on this page"), attendance with a no-show and its reason.
The same pages are checked at 360 px for anything wider than the screen; screenshots are kept.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import make_unit
from tilik.programs.models import Enrollment, Offering, Program
from tilik.programs.tests.support import make_asn

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"
WIDER = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-responsive'))
  .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30))"""


def _login(page: Page, url: str) -> None:
    page.goto(url, timeout=90_000)  # the first request imports every app's views
    expect(page).to_have_url(re.compile(r"/masuk/"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("eva")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()


def test_programme_angkatan_enrolment_attendance(live_server: LiveServer, page: Page) -> None:
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    for i in range(3):
        make_asn(unit=dinkes, name=f"Perawat {i}")
    make_asn(unit=make_unit("Dinas Perhubungan", code="dishub"), name="Petugas Terminal")
    user = get_user_model().objects.create_user("eva", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.EVALUATOR)

    _login(page, live_server.url + "/program/daftar/")
    page.get_by_role("link", name="Tambah program").click()
    page.get_by_label("Nama program").fill("Pelayanan Prima")
    page.get_by_label("JP").fill("0")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()  # errors beside their fields
    page.get_by_label("JP").fill("24")
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Jenis kompetensi").select_option("teknis")
    page.get_by_label("Metode").select_option("klasikal")
    page.get_by_label(re.compile(r"^Penyelenggara")).fill("BKPSDM")
    page.get_by_label("Sasaran peserta").fill("Perawat puskesmas")
    page.get_by_label("Tujuan").fill("Pelayanan yang ramah.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name=re.compile("Pelayanan Prima"))).to_be_visible()
    program = Program.objects.get(name="Pelayanan Prima")
    assert program.slug == "pelayanan-prima-2026"

    page.get_by_role("link", name="Buka angkatan").click()
    page.get_by_label("Tanggal mulai").fill("2026-03-02")
    page.get_by_label("Tanggal selesai").fill("2026-03-05")
    page.get_by_label("Tempat").fill("Aula BKPSDM")
    page.get_by_label("Kapasitas").fill("10")
    page.get_by_role("button", name="Simpan").click()
    offering = Offering.objects.get(program=program)
    assert offering.batch == 1

    page.get_by_role("link", name="Tambah peserta dari daftar ASN").click()
    page.get_by_label("Cari nama atau NIP").fill("Perawat")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("input[name=employees]")).to_have_count(3)
    page.get_by_label("Pilih semua di halaman ini").check()
    page.get_by_label("Daftarkan sebagai").select_option("registered")
    page.get_by_role("button", name="Tambahkan yang dicentang").click()
    expect(page.get_by_text("3 ASN ditambahkan ke angkatan ini.")).to_be_visible()
    assert Enrollment.objects.filter(offering=offering, status="registered").count() == 3

    page.goto(f"{live_server.url}/program/angkatan/{offering.pk}/")
    page.get_by_role("link", name="Catat kehadiran dan kelulusan").click()
    people = list(Enrollment.objects.filter(offering=offering).order_by("employee__name"))
    page.get_by_label("Status baru untuk Perawat 0").select_option("attended")
    page.get_by_label("Status baru untuk Perawat 1").select_option("no_show")
    page.get_by_role("button", name="Simpan semua").click()
    expect(page.get_by_text("Alasan wajib dipilih untuk status ini.")).to_be_visible()  # nothing saved yet
    page.get_by_label("Alasan untuk Perawat 1").select_option("sakit")
    page.get_by_role("button", name="Simpan semua").click()
    expect(page.get_by_text("Status 2 peserta tersimpan.")).to_be_visible()
    statuses = dict(Enrollment.objects.filter(offering=offering).values_list("employee__name", "status"))
    assert statuses == {"Perawat 0": "attended", "Perawat 1": "no_show", "Perawat 2": "registered"}
    assert people[1].employee.name == "Perawat 1"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = [
        "/program/daftar/",
        f"/program/{program.pk}/",
        f"/program/angkatan/{offering.pk}/",
        f"/program/angkatan/{offering.pk}/tambah-peserta/",
        f"/program/angkatan/{offering.pk}/status/",
        "/program/angkatan/",
        "/organisasi/asn/",
        "/organisasi/unit/",
        "/program/jp/semua/",
    ]
    for width in (1366, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for n, path in enumerate(pages):
            page.goto(live_server.url + path)
            assert page.evaluate(WIDER) == [], (width, path)
            page.screenshot(path=str(ARTIFACTS / f"cycle-{n}-{width}.png"), full_page=True)
