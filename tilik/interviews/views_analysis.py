"""Analysis pages for a codebook: frequencies, the XLSX matrix, co-occurrence, agreement and quotes."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tilik.core.audit import audit_export
from tilik.core.permissions import evaluator_required
from tilik.interviews import selectors, selectors_analysis
from tilik.interviews.models import Codebook
from tilik.interviews.text import safe_cell


def _user(raw: str | None) -> Any:
    if raw and raw.isdigit():
        return get_user_model().objects.filter(pk=int(raw)).first()
    return None


@evaluator_required
def frequency(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    by = "unit" if request.GET.get("menurut") == "unit" else "role"
    coder = _user(request.GET.get("pengode"))
    table = selectors_analysis.code_frequency(codebook, by=by, coder=coder)
    rows = [(row, [row.by_group.get(key, 0) for key, _ in table.groups]) for row in table.rows]
    return render(
        request,
        "interviews/analysis_frequency.html",
        {
            "codebook": codebook,
            "table": table,
            "rows": rows,
            "by": by,
            "coder": coder,
            "groups": [(key, label, table.group_sizes.get(key, 0)) for key, label in table.groups],
            "coders": selectors.coders(codebook),
        },
    )


@evaluator_required
def matrix_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Interview x code 0/1 matrix for mixed methods. Rows carry code, role and unit, never names."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    codebook = get_object_or_404(Codebook, pk=pk)
    matrix = selectors_analysis.interview_code_matrix(codebook, coder=_user(request.GET.get("pengode")))
    book = Workbook()
    sheet = book.active
    sheet.title = _("Matriks")[:31]
    header = [_("Kode wawancara"), _("Peran"), _("Unit"), _("Jenis unit"), _("Tanggal")]
    sheet.append([safe_cell(v) for v in header + [c.name for c in matrix.codes]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for interview, values in matrix.rows:
        sheet.append(
            [
                safe_cell(interview.code),
                safe_cell(interview.get_role_display()),
                safe_cell(interview.unit.name),
                safe_cell(interview.unit.get_unit_type_display()),
                interview.held_on,
                *values,
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        row[0].number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "F2"
    info = book.create_sheet(_("Keterangan")[:31])
    info.append([safe_cell(_("Buku kode")), safe_cell(codebook.name)])
    info.append(
        [
            safe_cell(_("Isi sel")),
            safe_cell(_("1 = wawancara memuat sedikitnya satu segmen dengan kode ini; 0 = tidak.")),
        ]
    )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = slugify(codebook.name) or "buku-kode"
    response["Content-Disposition"] = f'attachment; filename="matriks-{name}.xlsx"'
    audit_export(
        actor=request.user, what=f"interviews.code_matrix:codebook={codebook.pk}", rows=len(matrix.rows), fmt="xlsx"
    )
    return response


@evaluator_required
def cooccurrence(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    coder = _user(request.GET.get("pengode"))
    result = selectors_analysis.cooccurrence(codebook, coder=coder)
    pairs = []
    by_id = {c.pk: c for c in result.codes}
    for (a, b), n in sorted(result.counts.items(), key=lambda kv: (-kv[1], kv[0])):
        pairs.append((by_id[a], by_id[b], n, result.interviews.get((a, b), 0)))
    return render(
        request,
        "interviews/analysis_cooccurrence.html",
        {"codebook": codebook, "pairs": pairs, "coder": coder, "coders": selectors.coders(codebook)},
    )


@evaluator_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = get_object_or_404(Codebook, pk=pk)
    coders = selectors.coders(codebook)
    coder_a, coder_b = _user(request.GET.get("a")), _user(request.GET.get("b"))
    if coder_a is None and coder_b is None and len(coders) >= 2:
        coder_a, coder_b = coders[0], coders[1]
    result = None
    if coder_a is not None and coder_b is not None and coder_a.pk != coder_b.pk:
        result = selectors_analysis.intercoder_agreement(codebook, coder_a, coder_b)
    return render(
        request,
        "interviews/analysis_agreement.html",
        {"codebook": codebook, "coders": coders, "coder_a": coder_a, "coder_b": coder_b, "result": result},
    )


@evaluator_required
def quotes(request: HttpRequest, pk: int) -> HttpResponse:
    """The quote picker: starred segments with their role/unit-type attribution; stars toggle here too."""
    codebook = get_object_or_404(Codebook, pk=pk)
    show_all = request.GET.get("semua") == "1"
    segs = list(selectors.segments(codebook=codebook, starred=None if show_all else True))
    items = [(s, selectors.attribution(s.transcript.interview)) for s in segs]
    return render(
        request,
        "interviews/analysis_quotes.html",
        {"codebook": codebook, "items": items, "show_all": show_all},
    )
