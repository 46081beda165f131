"""An evaluator imports a QualCoder-shaped .qdpx on a phone: one screen lists what cannot come and why,
nothing is written until the same file is sent again with "Impor sisanya"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.qdpx_steps import PASSWORD, sign_in_on_phone, submit_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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

    sign_in_on_phone(page, live_server.url, "evaluator_a")

    def submit(accept: bool) -> None:
        submit_project(
            page, live_server.url, name="Dari QualCoder", unit="Puskesmas I Denpasar Barat", file=file, accept=accept
        )

    submit(accept=False)
    losses = page.locator("section[aria-labelledby=not-kept]")
    expect(losses).to_contain_text("laporan.pdf")
    expect(losses).to_contain_text("orang_luar")
    page.screenshot(path=str(tmp_path / "losses.png"), full_page=True)
    assert not Codebook.objects.filter(name="Dari QualCoder").exists()

    submit(accept=True)
    expect(page).to_have_url(re.compile(r"/wawancara/buku-kode/\d+/$"))
    assert Segment.objects.get(codebook__name="Dari QualCoder").quote == "anggaran kurang."
