"""Steps the .qdpx import browser tests share: sign in on a phone-sized page, submit the project import form."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "Rahasia-Tilik-2026"


def sign_in_on_phone(page: Page, base_url: str, username: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))


def submit_project(page: Page, base_url: str, *, name: str, unit: str, file: Path, accept: bool) -> None:
    """Fill the project import form; with accept=False the screen lists what cannot come and saves nothing."""
    page.goto(base_url + "/wawancara/buku-kode/impor-proyek/")
    page.fill("input[name=name]", name)
    page.select_option("select[name=unit]", label=unit)
    page.set_input_files("input[name=upload]", str(file))
    page.check("input[name=consent]")
    if accept:
        page.check("input[name=accept_losses]")
    page.click("form.card button[type=submit]")
