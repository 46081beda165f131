"""Generate the editable Word template tilik/reports/templates_docx/laporan.docx (run once; committed).

    .venv/bin/python -m tilik.reports.make_template

BKPSDM may open the result in Word, restyle it (fonts, colours, logo, header and footer, the styles
Heading 1/2, Caption, Quote, Table Grid, List Number) and upload it in Administrasi → Templat laporan
Word. Keep the placeholders: {{ judul }}, {{ subjudul }}, {{ wilayah }}, {{ tanggal }}, {{ tanggal_data }},
{{ cakupan }}, {{ label_daftar_isi }} and the paragraphs {{p kop }} (letterhead), {{p pengesahan }} (approval
page), {{p ringkasan }} (executive summary) and {{p isi }} (where the report body goes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tilik.reports.docx_front import ensure_update_fields

OUT = Path(__file__).resolve().parent / "templates_docx" / "laporan.docx"


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …): Word fills it in when the document is opened or printed."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)


def build(path: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    doc.add_paragraph("{{p kop }}")
    for text, size in (
        ("{{ wilayah }}", 14),
        ("{{ judul }}", 22),
        ("{{ subjudul }}", 14),
        ("{{ cakupan }}", 12),
        ("{{ tanggal_data }}", 11),
        ("{{ tanggal }}", 11),
    ):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(80 if text == "{{ wilayah }}" else 12)
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = text == "{{ judul }}"
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{p pengesahan }}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{ label_daftar_isi }}", style="TOC Heading" if "TOC Heading" in doc.styles else "Heading 1")
    # The report writes the headings into this field's result (render.to_docx); Word refreshes page numbers.
    _field(doc.add_paragraph(), r'TOC \o "1-2" \h \z \u', "")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{p ringkasan }}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{p isi }}")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    # Ask Word to refresh the fields (table of contents, page numbers) when the file is opened.
    ensure_update_fields(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
