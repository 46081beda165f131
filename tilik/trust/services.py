"""Writes for the external integrity context: SPI scores and Zona Integritas statuses, by form or file.

Every write is one transaction, validated with full_clean() and recorded in the audit log. A file import
checks every row first and writes nothing when any row is wrong (the errors name row, column and why).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.models import Unit
from tilik.trust.models import SPIScore, ZIStatus, ZIStatusRecord

IMPORT_COLUMNS = ("jenis", "tahun", "kode_unit", "nilai", "status", "sumber")


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def spi_score_set(*, year: int, score: Decimal, source: str = "", by: Any) -> SPIScore:
    """Record (or correct) the pemda's SPI score for a year."""
    row = SPIScore.objects.filter(year=year).first() or SPIScore(year=year)
    before = None if row.pk is None else str(row.score)
    row.score, row.source, row.recorded_by = score, source, _user(by)
    row.full_clean()
    row.save()
    audit_record(actor=by, action="trust.spi_set", target=row, year=year, score=str(score), before=before)
    return row


@transaction.atomic
def zi_status_set(*, unit: Unit, year: int, status: str, source: str = "", by: Any) -> ZIStatusRecord:
    """Record (or correct) a unit's Zona Integritas status for a year."""
    row = ZIStatusRecord.objects.filter(unit=unit, year=year).first() or ZIStatusRecord(unit=unit, year=year)
    before = row.status or None
    row.status, row.source, row.recorded_by = status, source, _user(by)
    row.full_clean()
    row.save()
    audit_record(actor=by, action="trust.zi_set", target=row, year=year, status=status, before=before)
    return row


@dataclass(frozen=True)
class _Planned:
    kind: str
    year: int
    unit: Unit | None
    score: Decimal | None
    status: str
    source: str


def _cell(headers: list[str], cells: list[Any], name: str) -> str:
    if name not in headers:
        return ""
    value = cells[headers.index(name)]
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _plan_row(
    number: int, headers: list[str], cells: list[Any], units: dict[str, Unit]
) -> tuple[_Planned | None, list[str]]:
    errors: list[str] = []
    where = {"row": number}
    kind = _cell(headers, cells, "jenis").lower()
    if kind not in ("spi", "zi"):
        errors.append(_("Baris %(row)s, kolom jenis: isi 'spi' atau 'zi'.") % where)
    year_text = _cell(headers, cells, "tahun")
    year = int(year_text) if year_text.isdigit() else 0
    if not 2010 <= year <= 2100:
        errors.append(
            _("Baris %(row)s, kolom tahun: %(value)r bukan tahun (mis. 2025).") % {**where, "value": year_text}
        )
    source = _cell(headers, cells, "sumber")[:200]
    unit, score, status = None, None, ""
    if kind == "spi":
        text = _cell(headers, cells, "nilai").replace(",", ".")
        try:
            score = Decimal(text)
        except InvalidOperation:
            score = None
        if score is None or not Decimal(0) <= score <= Decimal(100):
            errors.append(_("Baris %(row)s, kolom nilai: %(value)r bukan nilai SPI 0–100.") % {**where, "value": text})
    elif kind == "zi":
        code = _cell(headers, cells, "kode_unit")
        unit = units.get(code)
        if unit is None:
            errors.append(_("Baris %(row)s, kolom kode_unit: unit %(value)r tidak dikenal.") % {**where, "value": code})
        status = _cell(headers, cells, "status").lower()
        if status not in ZIStatus.values:
            errors.append(
                _("Baris %(row)s, kolom status: %(value)r; isi zi, wbk atau wbbm.") % {**where, "value": status}
            )
    if errors:
        return None, errors
    return _Planned(kind=kind, year=year, unit=unit, score=score, status=status, source=source), []


def context_import(*, headers: list[str], rows: list[tuple[int, list[Any]]], by: Any, filename: str = "") -> int:
    """Import SPI and ZI rows (columns: jenis, tahun, kode_unit, nilai, status, sumber); all or nothing."""
    headers = [str(h or "").strip().lower() for h in headers]
    missing = [c for c in ("jenis", "tahun") if c not in headers]
    if missing:
        raise ValidationError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    units = {u.code: u for u in Unit.objects.all()}
    planned: list[_Planned] = []
    errors: list[str] = []
    for number, cells in rows:
        plan, row_errors = _plan_row(number, headers, list(cells), units)
        errors.extend(row_errors)
        if plan is not None:
            planned.append(plan)
    if errors:
        raise ValidationError(errors)
    if not planned:
        raise ValidationError(_("Berkas tidak berisi baris data."))
    with transaction.atomic():
        for plan in planned:
            if plan.kind == "spi" and plan.score is not None:
                spi_score_set(year=plan.year, score=plan.score, source=plan.source, by=by)
            elif plan.unit is not None:
                zi_status_set(unit=plan.unit, year=plan.year, status=plan.status, source=plan.source, by=by)
        audit_record(actor=by, action="trust.context_import", rows=len(planned), filename=filename[:200])
    return len(planned)
