"""An evaluation result as CSV or XLSX: the estimate table, and the series the charts were drawn from.

XLSX holds both as two sheets; CSV holds one table per file (``part`` "estimasi" or "deret"). Every text
cell goes through the project's formula neutraliser (tilik.surveys.exports.neutralise): an indicator or
plan name typed as "=HYPERLINK(...)" stays text in Excel. The caller records the export (audit_export).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tilik.evaluations.models import EvaluationRun
from tilik.surveys.exports import XLSX, neutralise

FORMATS = ("csv", "xlsx")
PARTS = ("estimasi", "deret")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def estimate_rows(run: EvaluationRun) -> list[list[Any]]:
    """Header plus one row for the main estimate and one for the naive pre/post beside it."""
    header = [
        _("Rencana"),
        _("Indikator"),
        _("Satuan"),
        _("Desain"),
        _("Estimasi"),
        _("Metode"),
        _("Nilai"),
        _("Galat baku"),
        _("Batas bawah IK 95%"),
        _("Batas atas IK 95%"),
        _("Nilai p"),
        "n",
        _("Interpretasi"),
        _("Peringatan"),
        _("Versi analysis"),
        _("SHA-256 data masukan"),
    ]
    common = [run.plan.name, run.indicator.name, run.indicator.unit_of_measure, run.get_design_display()]
    trail = [run.analysis_version, run.input_sha256]
    rows: list[list[Any]] = [
        header,
        [
            *common,
            _("utama"),
            run.method,
            run.estimate,
            run.se,
            run.ci_low,
            run.ci_high,
            run.p_value,
            run.n,
            run.interpretation or run.error,
            "; ".join(str(w) for w in run.warnings),
            *trail,
        ],
    ]
    naive = run.naive or {}
    if naive.get("estimate") is not None:
        rows.append(
            [
                *common,
                _("sebelum–sesudah naif (tanpa pembanding)"),
                naive.get("method", ""),
                naive.get("estimate"),
                naive.get("se"),
                naive.get("ci_low"),
                naive.get("ci_high"),
                naive.get("p_value"),
                naive.get("n"),
                "",
                "",
                *trail,
            ]
        )
    return rows


def series_rows(run: EvaluationRun) -> list[list[Any]]:
    """Header plus the group means per period (trend chart) and, when present, the event-study terms."""
    rows: list[list[Any]] = [
        [
            _("Deret"),
            _("Periode / waktu relatif"),
            _("Peserta"),
            _("Pembanding"),
            _("Batas bawah IK 95%"),
            _("Batas atas IK 95%"),
        ]
    ]
    series = run.series or {}
    for period, treated, comparison in zip(
        series.get("periods", []), series.get("treated", []), series.get("comparison", []), strict=False
    ):
        rows.append([_("rerata per periode"), period, treated, comparison, None, None])
    event = (run.result or {}).get("event_study") or {}
    coefficients = event.get("coefficients") or {}
    for k in sorted(coefficients, key=int):
        term = coefficients[k]
        rows.append([_("studi peristiwa"), int(k), term.get("estimate"), None, term.get("ci_low"), term.get("ci_high")])
    its = (run.result or {}).get("its_values") or []
    for index, value in enumerate(its):
        rows.append([_("deret waktu terinterupsi"), index, value, None, None, None])
    return rows


def _clean(rows: list[list[Any]]) -> list[list[Any]]:
    return [[neutralise(v) for v in row] for row in rows]


def run_file(run: EvaluationRun, fmt: str, part: str = "estimasi") -> tuple[bytes, int]:
    """The file and its number of data rows (header excluded)."""
    if fmt == "xlsx":
        book = Workbook()
        sheets = (("estimasi", estimate_rows(run)), ("deret", series_rows(run)))
        data_rows = 0
        for index, (title, rows) in enumerate(sheets):
            sheet = book.active if index == 0 else book.create_sheet()
            sheet.title = title
            for row in _clean(rows):
                sheet.append(row)
            data_rows += len(rows) - 1
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), data_rows
    rows = estimate_rows(run) if part == "estimasi" else series_rows(run)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _clean(rows):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(rows) - 1  # BOM: Excel reads UTF-8
