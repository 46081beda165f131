"""The attendance grid in Chromium (issue 17): tick sessions per day, a no-show with its reason, the refusal
of a reason given to someone present; "Semua hadir" of a day from the keyboard (JavaScript ticks the unmarked
cells, leaves the no-show, saves nothing) and a participant's "Hadir semua sesi" without JavaScript (the
server fills the grid, then the normal save); the grid at 360 px keeps everything inside the screen
(the table scrolls inside its card). Screenshots are kept as artefacts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_unit
from tilik.programs import services
from tilik.programs.models import Enrollment
from tilik.programs.tests.support import make_asn

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"
WIDER = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-responsive'))
  .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30))"""


def _login(page: Page, url: str) -> None:
    page.goto(url, timeout=90_000)
    expect(page).to_have_url(re.compile(r"/masuk/"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("eva")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()


def test_attendance_grid(live_server: LiveServer, page: Page, browser: Browser) -> None:
    unit = make_unit("Dinas Kesehatan", code="dinkes")
    offering = OfferingFactory(
        program=ProgramFactory(name="Pelayanan Prima", fiscal_year=2026),
        capacity=5,
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 3),
    )
    ani, budi = (
        services.enrollment_create(
            offering=offering, employee=make_asn(unit=unit, name=n), by=None, status="registered"
        )
        for n in ("Ani", "Budi")
    )
    user = get_user_model().objects.create_user("eva", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.EVALUATOR)

    _login(page, f"{live_server.url}/program/angkatan/{offering.pk}/")
    page.get_by_role("link", name="Daftar hadir per sesi").click()
    page.get_by_label("Ani hadir 2 Maret 2026").check()
    page.get_by_label("Alasan tidak hadir Ani").select_option("sakit")  # refused: Ani was present
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator(".field-error")).to_have_text(
        "alasan tidak hadir hanya diisi untuk peserta yang tidak hadir di semua sesi"
    )
    page.get_by_label("Alasan tidak hadir Ani").select_option("")
    page.get_by_label("Alasan tidak hadir Budi").select_option("jadwal_bentrok")
    page.get_by_label("Keterangan Budi").fill("Rapat DPRD")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_text("Kehadiran 2 peserta pada 2 sesi tersimpan.")).to_be_visible()
    assert Enrollment.objects.get(pk=ani.pk).attendance_pct == 50
    assert (Enrollment.objects.get(pk=budi.pk).status, Enrollment.objects.get(pk=budi.pk).reason_code) == (
        "no_show",
        "jadwal_bentrok",
    )
    # "Semua hadir" of 3 March, from the keyboard: Ani's empty cell is ticked, Budi (no-show) is left alone.
    page.get_by_role("button", name="Semua hadir 3 Maret 2026").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#attendance-fill-status")).to_have_text(
        "1 sel ditandai hadir pada 3 Maret 2026. 1 sel dengan ketidakhadiran tercatat tidak diubah. "
        "Belum disimpan: periksa, lalu klik “Simpan kehadiran”."
    )
    expect(page.get_by_label("Ani hadir 3 Maret 2026")).to_be_checked()
    expect(page.get_by_label("Budi hadir 3 Maret 2026")).not_to_be_checked()
    assert Enrollment.objects.get(pk=ani.pk).attendance_pct == 50  # nothing saved
    page.screenshot(path=str(ARTIFACTS / "attendance-grid-1366.png"), full_page=True)
    # Without JavaScript the same buttons are submits the server applies; then the normal save.
    bare = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", java_script_enabled=False)
    plain = bare.new_page()
    _login(plain, f"{live_server.url}/program/angkatan/{offering.pk}/kehadiran/")
    plain.get_by_role("button", name="Hadir semua sesi Ani").click()
    expect(plain.get_by_text("1 sel peserta ini ditandai hadir. Belum disimpan")).to_be_visible()
    expect(plain.get_by_label("Ani hadir 3 Maret 2026")).to_be_checked()
    assert Enrollment.objects.get(pk=ani.pk).attendance_pct == 50
    plain.get_by_role("button", name="Simpan kehadiran").click()
    expect(plain.get_by_text("Kehadiran 2 peserta pada 2 sesi tersimpan.")).to_be_visible()
    assert Enrollment.objects.get(pk=ani.pk).attendance_pct == 100
    bare.close()
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate(WIDER) == []
    page.screenshot(path=str(ARTIFACTS / "attendance-grid-360.png"), full_page=True)
