"""Render a Report as HTML, PDF (WeasyPrint, from the same HTML) or DOCX (docxtpl over the Word template).

Presenter only: everything printed is already formatted in the Report; charts come from tilik.core.charts.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tilik.core import charts, fmt
from tilik.reports import docx_front, docx_policy
from tilik.reports.findings import Report, Section

logger = logging.getLogger(__name__)
DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "laporan.docx"
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Part:
    number: str
    kind: str  # "section", "recommendations", "conclusion"
    title: str
    section: Section | None = None
    children: list[Part] | None = None


def outline(report: Report) -> list[Part]:
    """Numbered parts in the order of an Indonesian evaluation report (Pendahuluan … Lampiran)."""
    body = [s for s in report.sections if s.key != "appendix"]
    parts = [
        Part(
            str(i),
            "section",
            s.title,
            s,
            [Part(f"{i}.{j}", "section", c.title, c) for j, c in enumerate(s.subsections, 1)],
        )
        for i, s in enumerate(body, 1)
    ]
    n = len(parts)
    parts.append(Part(str(n + 1), "recommendations", _("Rekomendasi")))
    parts.append(Part(str(n + 2), "conclusion", _("Kesimpulan")))
    for s in report.sections:
        if s.key == "appendix":
            parts.append(Part(str(n + 3), "section", s.title, s, []))
    return parts


def _context(report: Report, *, raster: bool = False) -> dict[str, Any]:
    # SVG for the HTML document; PNG in the PDF (WeasyPrint lays out matplotlib's SVG paths slowly).
    images = {c.key: charts.data_uri(c, "png" if raster else "svg") for s in report.all_sections() for c in s.charts}
    kop = report.kop
    logo = f"data:{kop.logo_type};base64," + base64.b64encode(kop.logo).decode("ascii") if kop and kop.logo else ""
    return {"report": report, "parts": outline(report), "images": images, "kop": kop, "kop_logo": logo}


def to_html(report: Report, *, for_pdf: bool = False) -> str:
    with translation.override(report.lang):
        ctx = _context(report, raster=for_pdf)
        ctx["for_pdf"] = for_pdf
        return render_to_string("reports/report_document.html", ctx)


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = to_html(report, for_pdf=True)
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).write_pdf()


def render_as(report: Report, kind: str) -> bytes:
    """The report in one format ("html", "pdf" or "docx"). Rendering one Report in several formats shares
    its findings and its drawn charts (tilik.core.charts keeps them)."""
    if kind == "pdf":
        return to_pdf(report)
    if kind == "docx":
        return to_docx(report)
    if kind == "html":
        return to_html(report).encode("utf-8")
    raise ValueError(kind)


def template_path() -> Any:
    """The newest active uploaded template, else the one kept in the repository."""
    from tilik.reports.models import ReportTemplate

    uploaded = ReportTemplate.objects.filter(active=True).first()
    if uploaded is not None:
        try:
            data = io.BytesIO(uploaded.file.read())
        except OSError:
            return DEFAULT_TEMPLATE
        # A template stored before the upload check (docx_policy) is used only if it passes it now.
        if docx_policy.allowed(data):
            return data
        logger.warning("report template %s breaks the template policy; the default template is used", uploaded.pk)
    return DEFAULT_TEMPLATE


def to_docx(report: Report) -> bytes:
    from docxtpl import DocxTemplate

    with translation.override(report.lang):
        tpl = DocxTemplate(template_path())
        body = tpl.new_subdoc()
        front = _docx_front(tpl, report, body)
        for part in outline(report):
            _docx_part(body, report, part, level=1)
        tpl.render(
            {
                "judul": report.title,
                "subjudul": report.subtitle,
                "wilayah": report.region,
                "tanggal": _date(report),
                "tanggal_data": _("Data per %(d)s") % {"d": _as_of(report)},
                "cakupan": report.scope_label,
                "isi": body,
                "label_daftar_isi": _("Daftar Isi"),
                **front,
            },
            # Sandboxed, no globals, autoescaped: a template reaches only this context, and a name
            # holding `</w:t>` stays text (the subdocument passes as markup through its __html__).
            jinja_env=docx_policy.environment(),
        )
        docx_front.fill_toc(tpl.docx, _toc_entries(report))
        docx_front.ensure_update_fields(tpl.docx)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()


def _date(report: Report) -> str:
    return fmt.date(report.generated_on)


def _as_of(report: Report) -> str:
    return fmt.date(report.data_as_of) if report.data_as_of else _("belum ada data")


def _docx_front(tpl: Any, report: Report, body: Any) -> dict[str, Any]:
    """Subdocuments for the template's {{p kop }}, {{p pengesahan }} and {{p ringkasan }}.

    A template restyled before these placeholders existed gets each missing one at the top of the body.
    """
    from docx.enum.text import WD_BREAK

    declared = tpl.get_undeclared_template_variables(jinja_env=docx_policy.environment())
    writers = (
        ("kop", lambda doc: docx_front.write_kop(doc, report.kop or _blank_kop(report))),
        ("pengesahan", lambda doc: docx_front.write_pengesahan(doc, report)),
        ("ringkasan", lambda doc: docx_front.write_summary(doc, report)),
    )
    front: dict[str, Any] = {}
    for name, write in writers:
        if name in declared:
            front[name] = tpl.new_subdoc()
            write(front[name])
        else:
            write(body)
            if name != "kop":
                body.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return front


def _blank_kop(report: Report) -> Any:
    from tilik.reports.findings import Kop

    return Kop(pemda=report.region, instansi="", address="", contact="")


def _toc_entries(report: Report) -> list[tuple[int, str]]:
    entries = [(1, _("Lembar Pengesahan")), (1, _("Ringkasan Eksekutif"))]
    for part in outline(report):
        entries.append((1, f"{part.number}. {part.title}"))
        entries.extend((2, f"{c.number} {c.title}") for c in part.children or [])
    return entries


def _docx_part(doc: Any, report: Report, part: Part, *, level: int) -> None:
    doc.add_heading(f"{part.number}. {part.title}" if level == 1 else f"{part.number} {part.title}", level=level)
    if part.kind == "recommendations":
        docx_front.write_verdicts(doc, report)
        if not report.recommendations:
            doc.add_paragraph(_("Tidak ada temuan yang memicu aturan rekomendasi."))
        for rec in report.recommendations:
            doc.add_paragraph(rec.text, style="List Number")
            cite = doc.add_paragraph(style="Caption")
            cite.add_run(_("Dasar (%(rule)s): %(f)s") % {"rule": rec.rule, "f": rec.finding_text}).italic = True
        return
    if part.kind == "conclusion":
        for text in report.conclusion:
            doc.add_paragraph(text)
        return
    if part.section is not None:
        _docx_section(doc, part.section)
    for child in part.children or []:
        _docx_part(doc, report, child, level=2)


def _docx_section(doc: Any, section: Section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    if not section.measured and section.reason:
        p = doc.add_paragraph()
        p.add_run(section.absent_title + ". ").bold = True
        p.add_run(section.reason)
    for text in section.paragraphs:
        doc.add_paragraph(text)
    for table in section.tables:
        doc.add_paragraph(table.caption, style="Caption")
        t = doc.add_table(rows=1, cols=len(table.headers))
        t.style = "Table Grid"
        for i, h in enumerate(table.headers):
            cell = t.rows[0].cells[i]
            cell.text = ""
            cell.paragraphs[0].add_run(str(h)).bold = True
        for row in table.rows:
            cells = t.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = str(value)
                if i >= table.numeric_from:
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if table.note:
            doc.add_paragraph(table.note, style="Caption")
    for chart in section.charts:
        doc.add_picture(io.BytesIO(charts.render(chart, "png")), width=Cm(15.5))
        doc.add_paragraph(chart.caption, style="Caption")
    for quote in section.quotes:
        doc.add_paragraph(f"“{quote.text}”", style="Quote")
        doc.add_paragraph(f"— {quote.attribution}", style="Caption")
