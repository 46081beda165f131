"""The report end to end from foundation data: real DOCX, real PDF, HTML; Belum diukur; reproducibility."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tilik.reports import render
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report
from tilik.reports.tests.support import build_programme

pytestmark = pytest.mark.django_db
ARTEFACTS = Path(__file__).resolve().parents[3] / "var" / "test-reports"


@pytest.fixture
def report():
    data = build_programme()
    return build_report(scope_for(None, year=2026, program=data["program"], suppress=False))


def test_sections_in_indonesian_order_and_absent_data_says_belum_diukur(report):
    titles = [p.title for p in render.outline(report)]
    assert titles[:3] == ["Pendahuluan", "Tujuan Program", "Metodologi dan Proses Evaluasi"]
    assert titles[-3:] == ["Rekomendasi", "Kesimpulan", "Lampiran"]
    budget = report.section("budget")
    assert budget.measured and "50,0 %" in budget.headline
    # Level 4 has no stored run in a foundation-only database unless an evaluation ran: then it says why.
    level4 = report.section("level4")
    assert level4.measured or level4.reason
    assert "Belum diukur" in render.to_html(report) or all(s.measured for s in report.all_sections())


def test_recommendations_cite_findings(report):
    # One verdict for the programme (no evaluation plan: K0, with the reason); the participation and budget
    # actions beside it cite their rules and findings.
    [verdict] = report.verdicts
    assert (verdict.code, verdict.rule) == ("not_evaluable", "K0") and "rencana evaluasi" in verdict.reason
    a1 = next(a for a in verdict.actions if "(dasar A1" in a)
    assert "Dinas Alfa" in a1 and "Beban/tugas kantor" in a1
    assert any("(dasar A2: serapan 50,0 %" in a for a in verdict.actions)


def test_docx_read_back(report):
    doc = Document(io.BytesIO(render.to_docx(report)))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "1. Pendahuluan" in headings and "7. Rekomendasi" in headings and "9. Lampiran" in headings
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Rp 10.000.000" in cells and "Rp 5.000.000" in cells and "50,0 %" in cells
    assert len(doc.inline_shapes) >= 1  # a chart (PNG)
    # The cover: the kop (a table and its rule) comes first, then the region and the title.
    cover = [p.text for p in doc.paragraphs[:6]]
    assert cover.index("Laporan Evaluasi Pelayanan Prima Uji") == cover.index("Pemerintah Kota Denpasar") + 1


def test_pdf_read_back(report):
    pdf = render.to_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("Daftar Isi", "1. Pendahuluan", "Rekomendasi", "Lampiran", "Rp 10.000.000"):
        assert heading in text
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "laporan-program.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):  # first pages as PNG for a person to look at
        command = [
            shutil.which("pdftoppm") or "pdftoppm",
            "-png",
            "-r",
            "50",
            "-l",
            "3",
            str(ARTEFACTS / "laporan-program.pdf"),
            str(ARTEFACTS / "laporan-program"),
        ]
        subprocess.run(command, check=True, timeout=60)  # noqa: S603


def test_html_and_reproducible(report):
    html = render.to_html(report)
    assert "<h2" in html and "Pendahuluan" in html and "data:image/svg+xml;base64," in html
    again = build_report(scope_for(None, year=2026, program=report.program, suppress=False))
    assert render.to_html(again) == html


def test_english_version_is_marked_english():
    data = build_programme()
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False), lang="en")
    assert report.lang == "en" and '<html lang="en">' in render.to_html(report)
