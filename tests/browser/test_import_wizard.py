"""The import wizard in a real browser: upload a CSV with a bad row, see the row named, fix, apply."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory, make_unit
from tilik.jobs.tests.support import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Tilik-2026"


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_import_wizard_rejects_then_applies(live_server: LiveServer, page: Page, tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    from tilik.performance.services import indicators_ensure_shipped

    indicators_ensure_shipped(by="test")  # transactional tests flush the migration's seed rows
    user = UserFactory(username="evaluator_impor")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    make_unit("Puskesmas I Denpasar Barat", code="pkm-denpasar-barat-1", unit_type="puskesmas")
    header = ["Kode Puskesmas", "Bulan", "Rata-rata Waktu Registrasi (menit)"]
    bad = _csv(
        tmp_path / "register.csv",
        [header, ["pkm-denpasar-barat-1", "2025-01", "18,5"], ["pkm-denpasar-barat-1", "2025-02", "lama"]],
    )

    page.goto(live_server.url + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("evaluator_impor")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()

    page.goto(live_server.url + "/kinerja/impor/baru/")
    upload = page.locator("#upload-form")
    upload.locator("select[name=kind]").select_option("measurements")
    upload.locator("input[name=layout]").fill("register-puskesmas")
    upload.locator("input[name=file]").set_input_files(str(bad))
    upload.locator("[type=submit]").click()
    expect(page.locator("#rejected")).to_be_visible()
    row = page.locator("#errors tbody tr").first
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("lama")
    expect(page.locator("#apply")).to_have_count(0)

    good = _csv(
        tmp_path / "register-baik.csv",
        [header, ["pkm-denpasar-barat-1", "2025-01", "18,5"], ["pkm-denpasar-barat-1", "2025-02", "17"]],
    )
    page.goto(live_server.url + "/kinerja/impor/baru/")
    upload = page.locator("#upload-form")
    upload.locator("input[name=layout]").fill("register-puskesmas")
    upload.locator("input[name=file]").set_input_files(str(good))
    upload.locator("[type=submit]").click()
    expect(page.locator("#n-created")).to_have_text("2")
    page.locator("#apply").click()
    # The write is a background job (issue 18): its page follows it, then links to the import history.
    page.wait_for_url("**/tugas/*/")
    run_worker()
    expect(page.locator(".job-summary").first).to_contain_text("2 dibuat")
    page.locator("#job-link").click()
    expect(page.locator("#imports")).to_contain_text("register-baik.csv")
