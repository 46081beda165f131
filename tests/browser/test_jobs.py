"""Issue 18: a report queued from the browser; the job page's poller shows failure, retry and the download."""

from __future__ import annotations

from unittest import mock

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Role
from tilik.jobs.tests.support import run_worker
from tilik.reports.tests.support import build_programme, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_job_page_follows_the_worker_through_failure_retry_and_download(live_server: LiveServer, page: Page) -> None:
    build_programme()
    user = make_user(Role.EVALUATOR)
    user.set_password("Rahasia-Tilik-2026")
    user.save()
    page.goto(live_server.url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill("Rahasia-Tilik-2026")
    form.locator("[type=submit]").click()
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()

    page.goto(f"{live_server.url}/laporan/?tahun=2026")
    page.get_by_role("link", name="HTML", exact=True).click()
    page.wait_for_url("**/tugas/*/")
    status = page.locator("#job-status")
    expect(status).to_contain_text("Menunggu pekerja latar belakang")

    with mock.patch("tilik.reports.jobs.renderer.render_as", side_effect=RuntimeError("boom")):
        run_worker()
    # No reload: the page's poller (static JS, CSP-clean) brings the failure in.
    expect(status).to_contain_text("Tugas gagal.", timeout=15_000)
    expect(status).to_contain_text("Terjadi galat tak terduga")
    page.get_by_role("button", name="Coba lagi").click()
    expect(status).to_contain_text("Menunggu pekerja latar belakang")

    run_worker()
    link = page.locator("#job-download")
    expect(link).to_be_visible(timeout=15_000)
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == "laporan-evaluasi-2026-id.html"
    page.locator(".user-menu .dropdown-toggle").click()  # Tugas saya sits in the user's own menu
    page.get_by_role("link", name="Tugas saya").first.click()
    expect(page.locator("table")).to_contain_text("Laporan evaluasi tahun 2026 (HTML)")
