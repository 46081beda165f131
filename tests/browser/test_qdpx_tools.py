"""An evaluator imports an ATLAS.ti-shaped .qdpx (XML not named project.qde, positions that count CRLF once,
a video outside the file) on a phone: the screen lists what cannot come and, apart, what was adjusted;
after "Impor sisanya" the kappa page compares the file's two coders on the exact passages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.qdpx_steps import PASSWORD, sign_in_on_phone, submit_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_atlas_ti_project_import_on_a_phone(live_server: LiveServer, page: Page, tmp_path) -> None:
    from django.contrib.auth import get_user_model

    from tilik.core.models import Profile, Role
    from tilik.interviews.models import Codebook, Segment
    from tilik.interviews.tests import qda_tools as q
    from tilik.org.services import unit_create

    users = {}
    for name in ("evaluator_a", "evaluator_b"):
        users[name] = get_user_model().objects.create_user(name, password=PASSWORD)
        Profile.objects.create(user=users[name], role=Role.EVALUATOR)
    unit_create(name="Puskesmas I Denpasar Barat", code="pkm-1-barat", unit_type="puskesmas", by=None)
    file = tmp_path / "Studi Puskesmas.qdpx"
    file.write_bytes(q.atlas_project())

    sign_in_on_phone(page, live_server.url, "evaluator_a")

    def submit(accept: bool) -> None:
        submit_project(
            page, live_server.url, name="Dari ATLAS.ti", unit="Puskesmas I Denpasar Barat", file=file, accept=accept
        )

    submit(accept=False)
    section = page.locator("section[aria-labelledby=not-kept]")
    expect(section).to_contain_text("Rekaman loket.MP4")
    expect(section).to_contain_text("pilihan kosong")
    expect(section).to_contain_text("Dibaca dengan penyesuaian")
    expect(section).to_contain_text("Studi Puskesmas.qde")
    page.screenshot(path=str(tmp_path / "atlas-losses.png"), full_page=True)
    assert not Codebook.objects.filter(name="Dari ATLAS.ti").exists()

    submit(accept=True)
    expect(page).to_have_url(re.compile(r"/wawancara/buku-kode/\d+/$"))
    codebook = Codebook.objects.get(name="Dari ATLAS.ti")
    assert sorted(Segment.objects.filter(codebook=codebook).values_list("quote", flat=True)) == sorted(
        [q.FAST, q.FAST, q.BUDGET]
    )
    a, b = users["evaluator_a"].pk, users["evaluator_b"].pk
    page.goto(f"{live_server.url}/wawancara/buku-kode/{codebook.pk}/kesepakatan/?a={a}&b={b}")
    expect(page.locator("main")).to_contain_text("Kecepatan")
    expect(page.locator("main")).to_contain_text("Anggaran")
