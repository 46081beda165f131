"""An evaluator opens a programme evaluation page and downloads the Word report."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Role
from tilik.jobs.tests.support import download_from_job_page
from tilik.reports.tests.support import build_programme, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_evaluator_downloads_programme_docx(live_server: LiveServer, page: Page) -> None:
    data = build_programme()
    user = make_user(Role.EVALUATOR)
    user.set_password("Rahasia-Tilik-2026")
    user.save()
    page.goto(live_server.url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill("Rahasia-Tilik-2026")
    form.locator("[type=submit]").click()
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()

    page.goto(f"{live_server.url}/laporan/program/{data['program'].slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pelayanan Prima Uji")
    expect(page.locator("body")).to_contain_text("Belum diukur")
    page.locator("#unduh-docx").click()  # queues the report (issue 18): its job page, then the worker
    download = download_from_job_page(page)
    assert download.suggested_filename.endswith(".docx")
    doc = Document(io.BytesIO(open(download.path(), "rb").read()))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Pendahuluan" in headings and "7. Rekomendasi" in headings
