"""Issue 19 item 2: names with XML, HTML, Jinja or Word field syntax read back unchanged from HTML, DOCX and PDF.

The property runs on a hand-built Report (no database work per example) whose every printed slot — title,
region, scope, section title, paragraph, table cell, recommendation — holds the hostile name; one example
goes the whole way from a programme and a unit name through build_report.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tilik.reports import render
from tilik.reports.findings import Recommendation, Report, Section, Table
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report
from tilik.reports.tests.support import build_programme

pytestmark = pytest.mark.django_db

INJECTION = '</w:t></w:r><w:r><w:instrText>HYPERLINK "http://contoh.test"</w:instrText></w:r><w:r><w:t>'
FRAGMENTS = [
    "</w:t>",
    "<w:instrText>",
    'HYPERLINK "http://x.test"',
    "<script>alert(1)</script>",
    "<b>",
    "&amp;",
    "&",
    "<",
    ">",
    "'",
    '"',
    "{{ judul }}",
    "{%",
    "%}",
    "{_{",
    "}_}",
    "{_%",
    "]]>",
    "<!--",
    "\\",
    "Dinas",
    "Bali",
    "Puskesmas ",
]
NAMES = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map(lambda parts: "Unit " + "".join(parts))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _docx_texts(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return texts


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _report(name: str) -> Report:
    table = Table(caption="Tabel", headers=["Unit", "n"], rows=[[name, "5"]], numeric_from=1)
    section = Section(
        key="intro", title=f"Bagian {name}", status="measured", paragraphs=[f"Program {name}."], tables=[table]
    )
    rec = Recommendation(key="r", rule="R1", text=f"Saran {name}", finding_key="f", finding_text=name)
    return Report(
        title=name,
        subtitle=f"Sub {name}",
        region=name,
        year=2026,
        program=None,
        generated_on=dt.date(2026, 12, 7),
        lang="id",
        scope_label=f"OPD {name}",
        suppressed=False,
        sections=[section],
        recommendations=[rec],
    )


def _assert_reads_back(report: Report, name: str, *, title: str) -> None:
    docx = _docx_texts(render.to_docx(report))
    assert title in docx  # the {{ judul }} paragraph holds exactly the title
    assert any(name in t for t in docx[docx.index(title) + 1 :])  # and the body subdocument holds it too
    assert " ".join(name.split()) in _html_text(render.to_html(report))
    assert _squash(name) in _squash(_pdf_text(render.to_pdf(report)))


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=NAMES)
def test_any_name_reads_back_unchanged_from_every_format(name):
    _assert_reads_back(_report(name), name, title=name)


def test_the_word_field_injection_from_the_probe_stays_text():
    _assert_reads_back(_report(INJECTION), INJECTION, title=INJECTION)
    with __import__("zipfile").ZipFile(io.BytesIO(render.to_docx(_report(INJECTION)))) as z:
        xml = z.read("word/document.xml").decode()
    assert "HYPERLINK" not in re.sub(r"<w:t[ >].*?</w:t>", "", xml, flags=re.S)  # only inside text runs


def test_programme_and_unit_names_through_build_report():
    data = build_programme()
    program = data["program"]
    program.name = f"Pelatihan {INJECTION} <i>&"
    program.save()
    data["opd_a"].name = f"Dinas {INJECTION}"
    data["opd_a"].save()
    report = build_report(scope_for(None, year=2026, program=program, suppress=False))
    _assert_reads_back(report, program.name, title=report.title)
    assert any(data["opd_a"].name in t for t in _docx_texts(render.to_docx(report)))
