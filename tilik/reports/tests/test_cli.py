"""`tilik report`: several formats from one gathering, and an English report without Indonesian recommendations."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from tilik.core.models import AuditEvent
from tilik.reports.management.commands.report import output_paths
from tilik.reports.recommendations import STRATEGIES
from tilik.reports.tests.support import build_programme

pytestmark = pytest.mark.django_db

# The fixed wording of rules R1-R4 in Indonesian (the variable parts are names and numbers).
RULE_SENTENCES_ID = [
    "Strategi terarah untuk",
    "alasan utama tidak ikut adalah",
    "Revisi butir konstruk",
    "Rancang ulang",
    "hentikan bila perancangan ulang",
    "Rencanakan ulang anggaran dan jadwal",
    "Perbaiki jadwal dan perencanaan anggaran",
    "Belum dapat dievaluasi",
    "di bawah 80 %",
    "Dasar (R",
    "(dasar A",
]


def _docx_text(path):
    doc = Document(str(path))
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )


def _more_attendees(data, n=4):
    """Reports suppress cells below k = 5 for every presenter: give Dinas Alfa 5 attendees so R1 stays visible."""
    from tilik.programs.services import enrollment_create, enrollment_set_status
    from tilik.reports.tests.support import make_asn

    offering = data["program"].offerings.get()
    for _i in range(n):
        e = enrollment_create(offering=offering, employee=make_asn(data["opd_a"]), by=None)
        for status in ("registered", "attended", "completed"):
            e = enrollment_set_status(enrollment=e, status=status, by=None)


def test_english_report_has_no_indonesian_recommendation_sentence(tmp_path):
    data = build_programme()
    _more_attendees(data)
    call_command(
        "report",
        "--programme",
        data["program"].slug,
        "--format",
        "html,docx",
        "--lang",
        "en",
        "--output",
        str(tmp_path / "report-en"),
        stdout=io.StringIO(),
    )
    html = (tmp_path / "report-en.html").read_text(encoding="utf-8")
    docx = _docx_text(tmp_path / "report-en.docx")
    with translation.override("id"):
        indonesian = [str(s) for s in STRATEGIES.values()] + RULE_SENTENCES_ID
    for text in (html, docx):
        # R1 (Dinas Alfa, workload) and R4 (50 %) fire on this programme: their English text is there ...
        assert "Targeted strategy for Dinas Alfa" in text
        assert "schedule training outside peak workload and arrange cover for duties with the supervisor" in text
        assert "Improve the schedule and budget planning of Pelayanan Prima Uji" in text and "below 80 %" in text
        assert "Not evaluable yet" in text  # the programme's verdict (no evaluation plan)
        # ... and no Indonesian sentence of any rule or strategy.
        leaked = [s for s in indonesian if s in text]
        assert leaked == []


def test_several_formats_from_one_run(tmp_path):
    data = build_programme()
    out = io.StringIO()
    call_command(
        "report",
        "--programme",
        data["program"].slug,
        "--format",
        "docx,pdf",
        "--output",
        str(tmp_path / "laporan.pdf"),
        stdout=out,
    )
    docx, pdf = tmp_path / "laporan.docx", tmp_path / "laporan.pdf"
    assert out.getvalue().split() == [str(docx), str(pdf)]
    assert "Rp 10.000.000" in _docx_text(docx)
    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Rekomendasi" in text and "Rp 10.000.000" in text
    events = AuditEvent.objects.filter(action="data.export").order_by("id")
    assert [e.detail["fmt"] for e in events] == ["docx", "pdf"]
    # Who ran the command (the OS account) and how many table rows left in each file.
    assert all(e.actor_label.startswith("operator:") and e.detail["rows"] > 0 for e in events)


def test_output_paths_and_bad_format(tmp_path):
    assert output_paths("a/laporan.docx", ["docx"]) == {"docx": Path("a/laporan.docx")}
    paths = output_paths("var/reports/laporan-2026", ["docx", "pdf"])
    assert [str(p) for p in paths.values()] == ["var/reports/laporan-2026.docx", "var/reports/laporan-2026.pdf"]
    with pytest.raises(CommandError, match=r"Format tidak dikenal: odt \(pilih docx, pdf, html"):
        call_command("report", "--year", "2026", "--format", "docx,odt", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="Format tidak dikenal: ','"):
        call_command("report", "--year", "2026", "--format", ",", "--output", str(tmp_path / "x"))
    assert not list(tmp_path.iterdir())
