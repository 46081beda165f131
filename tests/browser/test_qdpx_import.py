"""An evaluator imports a QualCoder-shaped .qdpx on a phone: one screen lists what cannot come and why,
nothing is written until the same file is sent again with "Impor sisanya"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"


def test_project_import_lists_losses_then_imports(live_server: LiveServer, page: Page, tmp_path) -> None:
    from django.contrib.auth import get_user_model

    from tilik.core.models import Profile, Role
    from tilik.interviews.models import Codebook, Segment
    from tilik.interviews.tests.test_exchange_qdpx import ODD_TEXT, _foreign_qde, _foreign_qdpx, _span
    from tilik.org.services import unit_create

    user = get_user_model().objects.create_user("evaluator_a", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    unit_create(name="Puskesmas I Denpasar Barat", code="pkm-1-barat", unit_type="puskesmas", by=None)
    start, end = _span(ODD_TEXT, "anggaran kurang.")
    file = tmp_path / "proyek.qdpx"
    file.write_bytes(_foreign_qdpx(ODD_TEXT, _foreign_qde(start, end)))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("evaluator_a")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))

    def submit(accept: bool) -> None:
        page.goto(live_server.url + "/wawancara/buku-kode/impor-proyek/")
        page.fill("input[name=name]", "Dari QualCoder")
        page.select_option("select[name=unit]", label="Puskesmas I Denpasar Barat")
        page.set_input_files("input[name=upload]", str(file))
        page.check("input[name=consent]")
        if accept:
            page.check("input[name=accept_losses]")
        page.click("form.card button[type=submit]")

    submit(accept=False)
    losses = page.locator("section[aria-labelledby=not-kept]")
    expect(losses).to_contain_text("laporan.pdf")
    expect(losses).to_contain_text("orang_luar")
    page.screenshot(path=str(tmp_path / "losses.png"), full_page=True)
    assert not Codebook.objects.filter(name="Dari QualCoder").exists()

    submit(accept=True)
    expect(page).to_have_url(re.compile(r"/wawancara/buku-kode/\d+/$"))
    assert Segment.objects.get(codebook__name="Dari QualCoder").quote == "anggaran kurang."
