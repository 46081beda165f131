"""A peserta logs in through the real login page and sees their own JP progress and certificates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import OfferingFactory, make_employee
from tilik.programs import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "peserta1"
PASSWORD = "Rahasia-Tilik-2026"


def test_peserta_sees_own_jp_progress(live_server: LiveServer, page: Page, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    year = dt.date.today().year
    employee = make_employee(name="Ni Luh Peserta")
    offering = OfferingFactory(
        program__name="Manajemen Waktu",
        program__jp=12,
        program__fiscal_year=year,
        start_date=dt.date(year, 1, 5),
        end_date=dt.date(year, 1, 7),
    )
    e = services.enrollment_create(offering=offering, employee=employee, by=None, status="registered")
    services.enrollment_set_status(enrollment=e, status="attended", by=None)
    services.enrollment_set_status(enrollment=e, status="completed", attendance_pct=Decimal(95), by=None)
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    Profile.objects.create(user=user, role=Role.PARTICIPANT, employee=employee)

    # The first request imports every app's views (pandas, statsmodels, matplotlib): allow it time on a
    # loaded CI machine; later steps keep the default timeout.
    page.goto(live_server.url + "/program/jp/saya/", timeout=90_000)
    expect(page).to_have_url(re.compile(r"/masuk/"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(USERNAME)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()

    expect(page.get_by_role("heading", name="JP saya")).to_be_visible()
    expect(page.locator(".jp-progress")).to_contain_text(f"12,0 dari 20 JP pada {year}")
    expect(page.locator("body")).to_contain_text("Kurang 8,0 JP")
    expect(page.locator("table").first).to_contain_text("Manajemen Waktu")
    expect(page.locator("progress")).to_have_attribute("value", "60")

    # Upload a certificate: it waits for verification and does not count yet.
    upload = page.locator("form:has(input[name=file])")
    upload.locator("input[name=title]").fill("Webinar Pelayanan Publik")
    upload.locator("input[name=provider]").fill("LAN RI")
    upload.locator("input[name=jp]").fill("4")
    upload.locator("input[name=completed_on]").fill(f"{year}-01-10")
    pdf = tmp_path / "sertifikat.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    upload.locator("input[name=file]").set_input_files(str(pdf))
    upload.locator("[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("menunggu verifikasi")
    expect(page.locator("body")).to_contain_text("Menunggu verifikasi")
    expect(page.locator(".jp-progress")).to_contain_text("12,0 dari 20 JP")
