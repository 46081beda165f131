"""An evaluator names the plan's primary indicator and minimum meaningful effect in the UI; the programme's
budget page then shows ROI only with its range from the credible primary effect. Screenshots of both pages
are kept in var/browser-artifacts/keputusan-*.png for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Role
from tilik.reports.tests.support import make_user, programme_with_credited_roi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser-artifacts"


def test_evaluator_sets_the_decision_basis_and_sees_roi_with_its_range(live_server: LiveServer, page: Page) -> None:
    data, plan, _run = programme_with_credited_roi()
    program = data["program"]
    plan.min_meaningful_effect = None
    plan.save()
    user = make_user(Role.EVALUATOR)
    user.set_password("Rahasia-Tilik-2026")
    user.save()
    page.goto(live_server.url + "/masuk/", timeout=90_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill("Rahasia-Tilik-2026")
    form.locator("[type=submit]").click()
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()

    page.goto(f"{live_server.url}/evaluasi/{plan.pk}/")
    expect(page.get_by_text("bawaan per jenis indikator")).to_be_visible()
    page.get_by_role("link", name="Ubah dasar keputusan").click()
    page.get_by_label("Indikator utama").select_option(label=plan.indicators.get().name)
    page.get_by_label("Efek minimum bermakna").fill("2")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "keputusan-rencana.png"), full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Ubah dasar keputusan")).to_be_visible()
    plan.refresh_from_db()
    assert plan.primary_indicator is not None and plan.min_meaningful_effect == 2.0

    page.goto(f"{live_server.url}/program/anggaran/{program.pk}/")
    result = page.locator(".roi-result")
    expect(result).to_contain_text("rentang")
    expect(page.locator(".roi-conversion")).to_contain_text("per ASN per tahun")
    page.screenshot(path=str(ARTIFACTS / "keputusan-anggaran.png"), full_page=True)
