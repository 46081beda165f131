"""The report frame: snapshot counts (real registrations, scoped), data date vs generation date, the DOCX
table of contents, and the Ringkasan Eksekutif's findings rule and verdicts."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from docx import Document

from tilik.core.models import Role
from tilik.reports import render
from tilik.reports.findings import Verdict
from tilik.reports.scope import scope_for
from tilik.reports.sections import front
from tilik.reports.selectors import build_report
from tilik.reports.tests.support import build_programme, make_user

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def data():
    return build_programme()


def _snapshot(report):
    return dict(report.snapshot)


def test_registered_counts_only_real_registrations(data):
    # 16 enrolments: 7 declined their invitation (never registered), 9 registered and completed.
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    snap = _snapshot(report)
    assert snap["Peserta terdaftar"] == "9"
    assert snap["Undangan dan pendaftaran (semua status)"] == "16"
    assert snap["Peserta lulus/selesai"] == "9"


def test_counts_are_scoped_to_a_unit_heads_units(data):
    from tilik.org.models import Employee

    head = make_user(Role.UNIT_HEAD, unit=data["opd_b"])
    # The unit head needs an employee record in their unit for the scope; Dinas Beta's 8 completed.
    assert Employee.objects.exists()
    report = build_report(scope_for(head, year=2026, program=data["program"]))
    snap = _snapshot(report)
    assert snap["Peserta terdaftar"] == "8"
    assert snap["Undangan dan pendaftaran (semua status)"] == "8"


def test_data_date_and_generation_date_are_separate(data):
    from tilik.programs.models import Enrollment

    Enrollment.objects.update(status_changed_on=dt.date(2026, 3, 14))
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    snap = _snapshot(report)
    assert snap["Data per tanggal"] == "14 Maret 2026"
    assert snap["Tanggal pembuatan laporan"] == render.fmt.date(timezone.localdate())
    assert report.data_as_of == dt.date(2026, 3, 14)
    assert "Data per 14 Maret 2026" in render.to_html(report)


def test_docx_contents_are_filled_and_word_refreshes_them(data):
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    docx = render.to_docx(report)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        settings_xml = z.read("word/settings.xml").decode()
    # Word honours w:updateFields only in its schema place: before w:compat / w:rsids / w:decimalSymbol.
    assert "<w:updateFields" in settings_xml
    assert settings_xml.index("<w:updateFields") < settings_xml.index("<w:compat")
    doc = Document(io.BytesIO(docx))
    body = doc.element.body
    instr = next(i for i in body.iter(f"{W}instrText") if i.text.strip().startswith("TOC"))
    paragraphs = list(body.iter(f"{W}p"))
    start = paragraphs.index(instr.getparent().getparent())
    # The field's stored result: the headings, between the field's separate and end marks.
    result = []
    for p in paragraphs[start + 1 :]:
        result.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        if any(fc.get(f"{W}fldCharType") == "end" for fc in p.iter(f"{W}fldChar")):
            break
    assert result[:3] == ["Lembar Pengesahan", "Ringkasan Eksekutif", "1. Pendahuluan"]
    assert "9. Lampiran" in result


def test_summary_findings_follow_the_documented_rule(data):
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    findings = report.summary.findings
    # No effect estimate here: the recommendations' findings come first, in their order, each once.
    cited = list(dict.fromkeys(r.finding_text for r in report.recommendations))
    assert findings[: len(cited)] == cited[: front.MAX_FINDINGS]
    assert len(findings) == len(set(findings)) <= front.MAX_FINDINGS


def test_significant_effects_lead_the_summary(data):
    from tilik.reports.findings import Finding, Section

    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    extra = Section("x", "x", status="measured")
    extra.findings = [
        Finding("e2", "effect", "L2 signifikan", {"level": 2, "ci_low": 1.0, "ci_high": 3.0, "p_value": 0.01}),
        Finding("e4null", "effect", "L4 memuat nol", {"level": 4, "ci_low": -1.0, "ci_high": 3.0, "p_value": 0.4}),
        Finding("e4", "effect", "L4 signifikan", {"level": 4, "ci_low": 0.5, "ci_high": 2.0, "p_value": 0.03}),
    ]
    report.sections.append(extra)
    chosen = front.summary_findings(report)
    assert chosen[:2] == ["L4 signifikan", "L2 signifikan"]
    assert "L4 memuat nol" not in chosen and len(chosen) <= front.MAX_FINDINGS


def test_one_summary_finding_per_programme_and_level(data):
    """A programme's several test waves must not fill the list (the demo's year report had four)."""
    from tilik.reports.findings import Finding, Section

    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    extra = Section("x", "x", status="measured")
    wave = {"level": 2, "ci_low": 1.0, "ci_high": 3.0, "program": "Literasi"}
    extra.findings = [
        Finding("w1", "effect", "Literasi gelombang 1", {**wave, "p_value": 0.001}),
        Finding("w2", "effect", "Literasi gelombang 2", {**wave, "p_value": 0.002}),
        Finding("m1", "effect", "Manajemen", {**wave, "program": "Manajemen", "p_value": 0.01}),
    ]
    report.sections.append(extra)
    chosen = front.summary_findings(report)
    assert chosen[:2] == ["Literasi gelombang 1", "Manajemen"]
    assert "Literasi gelombang 2" not in chosen


def test_summary_renders_verdicts_or_says_none_could_be_evaluated(data):
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    report.verdicts = []
    report.summary = front.executive_summary(report)
    assert "Belum ada program yang dapat diberi keputusan" in render.to_html(report)
    report.verdicts = [
        Verdict("Pelayanan Prima Uji", "collect_data", "Belum cukup bukti — kumpulkan data", "K4", "IK memuat nol"),
        Verdict("Program Lain", "not_evaluable", "Belum dapat dievaluasi", "K0", "Belum ada rencana evaluasi."),
    ]
    report.summary = front.executive_summary(report)
    html = render.to_html(report)
    assert "Belum cukup bukti — kumpulkan data" in html and "K4: IK memuat nol" in html
    assert "Belum ada program yang dapat diberi keputusan" not in html
    # Programmes that cannot be evaluated yet share one line in the summary (it stays one page).
    summary_html = html[html.index('id="ringkasan"') : html.index("</section>", html.index('id="ringkasan"'))]
    assert "Belum dapat dievaluasi (1 program): Program Lain." in summary_html
    assert "K0: Belum ada rencana evaluasi." not in summary_html
    doc = Document(io.BytesIO(render.to_docx(report)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Belum cukup bukti — kumpulkan data" in cells


def test_budget_message_carries_the_verdicts_budget_actions(data):
    from tilik.reports.findings import Recommendation

    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    replan = Recommendation("a2", "A2", "Perbaiki jadwal dan anggaran Pelayanan Prima Uji.", "a2", "serapan 50,0 %")
    seats = Recommendation("a1", "A1", "Strategi terarah untuk Dinas Alfa.", "a1", "partisipasi rendah")
    report.verdicts = [
        Verdict("Pelayanan Prima Uji", "continue", "Lanjutkan", "K2", "alasan", action_items=[replan, seats])
    ]
    budget = front.budget_message(report)
    assert budget[0].startswith("Pagu Rp 10.000.000")
    assert "Perbaiki jadwal dan anggaran Pelayanan Prima Uji." in budget
    assert "Strategi terarah untuk Dinas Alfa." not in budget  # a participation action, not a budget one
