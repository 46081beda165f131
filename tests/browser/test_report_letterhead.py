"""An evaluator sets the kop surat and the signing official in the UI, then downloads the report: the Word
and PDF files carry the letterhead and the lembar pengesahan. The PDF's first pages are kept as PNG
(var/browser-artifacts/laporan-kop-*.png) for a person to look at."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from tilik.core.models import Role
from tilik.demo.letterhead import placeholder_logo
from tilik.jobs.tests.support import download_from_job_page
from tilik.reports.tests.support import build_programme, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser-artifacts"


def _login(page: Page, base: str) -> None:
    user = make_user(Role.EVALUATOR)
    user.set_password("Rahasia-Tilik-2026")
    user.save()
    page.goto(base + "/masuk/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill("Rahasia-Tilik-2026")
    form.locator("[type=submit]").click()
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()


def test_evaluator_sets_kop_and_pengesahan_then_downloads_signed_report(live_server: LiveServer, page: Page) -> None:
    data = build_programme()
    _login(page, live_server.url)

    page.goto(live_server.url + "/laporan/")
    page.get_by_role("link", name="Kop surat dan pengesahan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kop surat dan pengesahan")
    page.get_by_label("Pemerintah daerah").fill("Pemerintah Kota Denpasar")
    page.get_by_label("Instansi").fill("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    page.get_by_label("Alamat").fill("Jalan Majapahit Nomor 1, Lumintang, Denpasar")
    page.get_by_label("Surel").fill("bkpsdm@denpasarkota.go.id")
    page.locator("#id_number").fill("000.9.3/1520/BKPSDM")
    page.get_by_label("Tempat pengesahan").fill("Denpasar")
    page.get_by_label("Tanggal pengesahan").fill("2026-12-07")
    page.get_by_label("Nama penanda tangan").fill("I Made Contoh Wirawan, S.H., M.Si.")
    page.get_by_label("Jabatan penanda tangan").fill("Sekretaris Daerah Kota Denpasar")
    page.get_by_label("Pangkat/golongan penanda tangan").fill("Pembina Utama Madya (IV/d)")
    nip = page.get_by_label("NIP penanda tangan")
    nip.fill("19720514 199813 1 004")  # month 13: refused by the NIP check
    page.get_by_label("Logo (PNG atau JPEG, paling besar 1 MB)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": placeholder_logo()}
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("body")).to_contain_text("NIP: digit ke-13 dan 14")
    nip.fill("19720514 199803 1 004")
    page.get_by_label("Logo (PNG atau JPEG, paling besar 1 MB)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": placeholder_logo()}
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("body")).to_contain_text("Kop surat dan pengesahan tersimpan")
    expect(page.get_by_alt_text("Logo tersimpan")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kop-settings.png"), full_page=True)

    page.goto(f"{live_server.url}/laporan/program/{data['program'].slug}/")
    page.locator("#unduh-docx").click()  # queues the report (issue 18): its job page, then the worker
    doc = Document(io.BytesIO(Path(download_from_job_page(page).path()).read_bytes()))
    texts = [p.text for p in doc.paragraphs] + [
        p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    for text in (
        "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "LEMBAR PENGESAHAN",
        "Denpasar, 7 Desember 2026",
        "I Made Contoh Wirawan, S.H., M.Si.",
        "NIP 19720514 199803 1 004",
        "Sekretaris Daerah Kota Denpasar,",
    ):
        assert text in texts, text
    assert len(doc.inline_shapes) >= 2  # the logo and at least one chart

    page.goto(f"{live_server.url}/laporan/program/{data['program'].slug}/")
    page.locator("#unduh-pdf").click()
    pdf = Path(download_from_job_page(page).path()).read_bytes()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "laporan-kop.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    front = "\n".join(reader.pages[i].extract_text() for i in range(4))
    for text in (
        "PEMERINTAH KOTA DENPASAR",
        "LEMBAR PENGESAHAN",
        "000.9.3/1520/BKPSDM",
        "Denpasar, 7 Desember 2026",
        "I Made Contoh Wirawan, S.H., M.Si.",
        "NIP 19720514 199803 1 004",
        "Ringkasan Eksekutif",
    ):
        assert text in front, text
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:  # poppler-utils (scripts/bootstrap.sh --system installs it)
        subprocess.run(  # noqa: S603
            [
                pdftoppm,
                "-png",
                "-r",
                "70",
                "-l",
                "4",
                str(ARTIFACTS / "laporan-kop.pdf"),
                str(ARTIFACTS / "laporan-kop"),
            ],
            check=True,
            timeout=60,
        )
