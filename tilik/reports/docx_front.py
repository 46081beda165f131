"""The Word report's front matter (kop, lembar pengesahan, Ringkasan Eksekutif) and its table of contents.

Each writer takes a python-docx document or a docxtpl subdocument. The table of contents stays a Word TOC
field (Word refreshes it with page numbers on opening, `w:updateFields`), and its stored result is a static
list of the report's headings, so LibreOffice, a converted PDF or a viewer that never updates fields still
shows the contents instead of an empty field.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tilik.reports.findings import Kop, Report


def _border_below(paragraph: Any, *, size: int = 18) -> None:
    """The double rule under a kop surat (w:pBdr bottom)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thinThickSmallGap"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths in the grid and every cell: Word and LibreOffice otherwise squeeze columns."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _line(cell_or_doc: Any, text: str, *, size: float, bold: bool = False, first: bool = False) -> Any:
    p = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    return p


def write_kop(doc: Any, kop: Kop) -> None:
    """Logo left, pemda/instansi/address centred, a double rule below: the Indonesian letterhead."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [Cm(2.8), Cm(13.7)])
    logo_cell, text_cell = table.rows[0].cells
    if kop.logo:
        logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(kop.logo), width=Cm(2.2))
    _line(text_cell, kop.pemda.upper(), size=14, bold=True, first=True)
    if kop.instansi:
        _line(text_cell, kop.instansi.upper(), size=15, bold=True)
    if kop.address:
        _line(text_cell, kop.address, size=10)
    if kop.contact:
        _line(text_cell, kop.contact, size=9)
    rule = doc.add_paragraph()
    rule.paragraph_format.space_after = Pt(12)
    _border_below(rule)


def write_pengesahan(doc: Any, report: Report) -> None:
    kop = report.kop or Kop(pemda=report.region, instansi="", address="", contact="")
    write_kop(doc, kop)  # the approval page is a letter of its own: it carries the letterhead too
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("LEMBAR PENGESAHAN"))
    run.bold, run.font.size = True, Pt(14)
    blank = "...................................."
    rows = [
        (_("Judul laporan"), report.title),
        (_("Tahun anggaran"), str(report.year)),
        (_("Nomor"), kop.number or blank),
        (_("Instansi"), kop.instansi or blank),
    ]
    if report.scope_label:
        rows.append((_("Cakupan"), report.scope_label))
    table = doc.add_table(rows=0, cols=3)
    _no_borders(table)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = label, ":", value
    _widths(table, [Cm(4), Cm(0.5), Cm(12)])
    doc.add_paragraph()
    doc.add_paragraph(
        _("Laporan ini disusun dari data yang tersimpan di Tilik per %(asof)s dan disahkan oleh:")
        % {"asof": _as_of(report)}
    )
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    _widths(sign, [Cm(7.5), Cm(9)])
    block = sign.rows[0].cells[1]
    lines = [
        (kop.place_date or blank, False),
        ((kop.signer_position or blank) + ",", False),
        ("", False),
        ("", False),
        ("", False),
        (kop.signer_name or blank, True),
        (kop.signer_rank, False),
        (_("NIP %(nip)s") % {"nip": kop.signer_nip} if kop.signer_nip else "", False),
    ]
    for i, (text, bold) in enumerate(lines):
        p = block.paragraphs[0] if i == 0 else block.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(text)
        r.bold = bold
        r.underline = bold
    if not kop.configured:
        note = doc.add_paragraph(style="Caption")
        note.add_run(
            _("Kop surat dan pengesahan belum diatur: evaluator mengisinya di Laporan → Kop dan pengesahan.")
        ).italic = True


def _as_of(report: Report) -> str:
    from tilik.core import fmt

    return fmt.date(report.data_as_of) if report.data_as_of else _("belum ada data")


def write_summary(doc: Any, report: Report) -> None:
    doc.add_heading(_("Ringkasan Eksekutif"), level=1)
    summary = report.summary
    if summary is None:
        return
    doc.add_paragraph().add_run(_("Temuan utama")).bold = True
    for text in summary.findings:
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph().add_run(_("Keputusan per program")).bold = True
    if summary.no_verdict:
        doc.add_paragraph(summary.no_verdict)
    if summary.verdicts:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for i, h in enumerate((_("Program"), _("Keputusan"), _("Dasar"))):
            table.rows[0].cells[i].paragraphs[0].add_run(h).bold = True
        for v in summary.verdicts:
            cells = table.add_row().cells
            cells[0].text = v.program
            cells[1].paragraphs[0].add_run(v.label).bold = True
            cells[2].text = f"{v.rule}: {v.reason}" if v.rule else v.reason
        _widths(table, [Cm(3.5), Cm(3.2), Cm(9.8)])
    if summary.not_evaluable:
        doc.add_paragraph(summary.not_evaluable)
    doc.add_paragraph().add_run(_("Anggaran")).bold = True
    for text in summary.budget or [_("Belum ada data anggaran untuk laporan ini.")]:
        doc.add_paragraph(text)


def write_verdicts(doc: Any, report: Report) -> None:
    """The verdicts in the Rekomendasi chapter, each with its rule, reason and actions."""
    for v in report.verdicts:
        p = doc.add_paragraph(style="List Number")
        p.add_run(f"{v.program}: ").bold = True
        p.add_run(v.label)
        cite = doc.add_paragraph(style="Caption")
        cite.add_run(_("Dasar (%(rule)s): %(f)s") % {"rule": v.rule, "f": v.reason}).italic = True
        for action in v.actions:
            doc.add_paragraph(f"– {action}")


def ensure_update_fields(document: Any) -> None:
    """`w:updateFields` in the schema's place (before w:hdrShapeDefaults …): Word refreshes the contents."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    successors = {
        qn(f"w:{n}")
        for n in (
            "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema",
            "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
            "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
            "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
        )
    } | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}
    for child in settings:
        if child.tag in successors:
            child.addprevious(update)
            return
    settings.append(update)


def fill_toc(document: Any, entries: list[tuple[int, str]]) -> bool:
    """Put the headings as the stored result of the document's TOC field; False when there is none."""
    body = document.element.body
    for instr in body.iter(qn("w:instrText")):
        if (instr.text or "").strip().startswith("TOC"):
            break
    else:
        return False
    run = instr.getparent()
    paragraph = run.getparent()
    # Drop the placeholder result and the field end from the field's own run; the end moves after the entries.
    end = None
    for child in list(run):
        if child.tag == qn("w:t"):
            run.remove(child)
        elif child.tag == qn("w:fldChar") and child.get(qn("w:fldCharType")) == "end":
            end = child
            run.remove(child)
    if end is None:
        return False
    anchor = paragraph
    last = None
    for level, text in entries:
        p = OxmlElement("w:p")
        p_pr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(0 if level == 1 else 400))
        p_pr.append(ind)
        p.append(p_pr)
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        p.append(r)
        anchor.addnext(p)
        anchor = last = p
    closing = OxmlElement("w:r")
    closing.append(end)
    (last if last is not None else paragraph).append(closing)
    return True
