"""An evaluator imports an ATLAS.ti-shaped .qdpx (XML not named project.qde, positions that count CRLF once,
a video outside the file) on a phone: the screen lists what cannot come and, apart, what was adjusted;
after "Impor sisanya" the kappa page compares the file's two coders on the exact passages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"


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

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("evaluator_a")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))

    def submit(accept: bool) -> None:
        page.goto(live_server.url + "/wawancara/buku-kode/impor-proyek/")
        page.fill("input[name=name]", "Dari ATLAS.ti")
        page.select_option("select[name=unit]", label="Puskesmas I Denpasar Barat")
        page.set_input_files("input[name=upload]", str(file))
        page.check("input[name=consent]")
        if accept:
            page.check("input[name=accept_losses]")
        page.click("form.card button[type=submit]")

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
