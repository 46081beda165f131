"""Budget writes beyond single lines: the realisation import (all or nothing) and ROI benefit assumptions.

The import reads a CSV or XLSX sheet with the columns ``program`` (slug or exact name), ``tahun``,
``kategori`` (code or label), optional ``sumber_dana`` (default APBD), optional ``pagu`` and
``realisasi``. Every row is checked first; any error refuses the whole file and stores nothing.
Valid rows then go through ``tilik.programs.services.budget_line_save`` in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.programs import pay_reference
from tilik.programs.choices import BudgetCategory, FundSource
from tilik.programs.models import BenefitAssumption, BudgetLine, Program
from tilik.programs.services import budget_line_save

COLUMNS = {"program", "tahun", "kategori", "sumber_dana", "pagu", "realisasi"}
REQUIRED = {"program", "tahun", "kategori", "realisasi"}


class BudgetImportError(ValidationError):
    """The file was refused; ``messages`` lists every problem (row numbers as the spreadsheet shows)."""


@dataclass
class BudgetImportReport:
    rows: int
    created: int
    updated: int
    warnings: list[str] = field(default_factory=list)


def _read_grid(content: bytes, filename: str) -> list[list[Any]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
            return [[None if v == "" else v for v in row] for row in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # calamine raises its own error types
            raise BudgetImportError(_("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).")) from exc
    if name.endswith(".csv"):
        text = content.removeprefix(b"\xef\xbb\xbf")
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError:
            decoded = text.decode("cp1252", errors="replace")
        delimiter = max((",", ";", "\t"), key=decoded.split("\n", 1)[0].count)
        return [
            [c if c.strip() else None for c in r]
            for r in csv.reader(io.StringIO(decoded), delimiter=delimiter)
        ]
    raise BudgetImportError(_("Jenis berkas tidak dikenal: gunakan .xlsx atau .csv."))


def parse_amount(value: Any) -> Decimal | None:
    """A rupiah amount from a cell: numbers, or text such as 'Rp 1.234.567' or '1.234.567,50'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = re.sub(r"(?i)^rp\.?", "", str(value).strip()).replace(" ", "")
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("-()")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    amount = Decimal(text)  # InvalidOperation for anything else
    return -amount if negative else amount


def _category(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    for code, label in BudgetCategory.choices:
        if text in (code, str(label).lower()):
            return code
    return None


def _fund(value: Any) -> str | None:
    text = str(value or "apbd").strip().lower()
    for code, label in FundSource.choices:
        if text in (code, str(label).lower()):
            return code
    return None


def _check_rows(grid: list[list[Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    header_at = next((i for i, r in enumerate(grid) if any(v is not None for v in r)), None)
    if header_at is None:
        return [], [_("Berkas kosong.")]
    headers = [str(v or "").strip().lower().replace(" ", "_") for v in grid[header_at]]
    missing = REQUIRED - set(headers)
    if missing:
        return [], [_("Kolom wajib tidak ada: %(c)s.") % {"c": ", ".join(sorted(missing))}]
    programs = {p.slug: p for p in Program.objects.all()}
    by_name = {p.name.lower(): p for p in programs.values()}
    existing = {
        (b.program_id, b.fiscal_year, b.category, b.source_of_funds): b for b in BudgetLine.objects.all()
    }
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[tuple[Any, ...]] = set()
    for index in range(header_at + 1, len(grid)):
        cells = dict(zip(headers, grid[index], strict=False))
        if not any(v is not None for v in cells.values()):
            continue
        line = index + 1
        problems: list[str] = []
        raw_program = str(cells.get("program") or "").strip()
        program = programs.get(raw_program) or by_name.get(raw_program.lower())
        if program is None:
            problems.append(_("program '%(p)s' tidak dikenal") % {"p": raw_program})
        try:
            year = int(float(str(cells.get("tahun") or "")))
        except ValueError:
            year = 0
            problems.append(_("tahun '%(t)s' tidak sah") % {"t": cells.get("tahun") or ""})
        category = _category(cells.get("kategori"))
        if category is None:
            problems.append(_("kategori '%(k)s' tidak dikenal") % {"k": cells.get("kategori") or ""})
        fund = _fund(cells.get("sumber_dana"))
        if fund is None:
            problems.append(_("sumber dana '%(s)s' tidak dikenal") % {"s": cells.get("sumber_dana")})
        amounts: dict[str, Decimal | None] = {}
        for column in ("pagu", "realisasi"):
            try:
                amount = parse_amount(cells.get(column))
            except (InvalidOperation, ValueError):
                problems.append(_("%(c)s '%(v)s' bukan angka") % {"c": column, "v": cells.get(column)})
                continue
            if amount is not None and amount < 0:
                problems.append(_("%(c)s tidak boleh negatif") % {"c": column})
            amounts[column] = amount
        if "realisasi" in amounts and amounts["realisasi"] is None:
            problems.append(_("realisasi kosong"))
        key = (program.pk if program else None, year, category, fund)
        if program and category and fund and not problems:
            if amounts.get("pagu") is None and key not in existing:
                problems.append(_("realisasi tanpa pagu: baris anggaran ini belum ada, isi kolom pagu"))
            if key in seen:
                problems.append(_("baris ganda untuk program, tahun, kategori dan sumber dana yang sama"))
            elif program.fiscal_year != year:
                problems.append(
                    _("tahun %(t)s berbeda dari tahun anggaran program (%(p)s)")
                    % {"t": year, "p": program.fiscal_year}
                )
        seen.add(key)
        if problems:
            errors.append(_("Baris %(n)s: %(p)s.") % {"n": line, "p": "; ".join(problems)})
            continue
        old = existing.get(key)  # type: ignore[arg-type]
        pagu = amounts["pagu"] if amounts["pagu"] is not None else old.pagu  # type: ignore[union-attr]
        rows.append(
            {
                "program": program,
                "fiscal_year": year,
                "category": category,
                "source_of_funds": fund,
                "pagu": pagu,
                "realisasi": amounts["realisasi"],
                "note": old.note if old else "",
                "new": old is None,
            }
        )
    if not rows and not errors:
        errors.append(_("Berkas tidak berisi baris data."))
    return rows, errors


@transaction.atomic
def budget_realisation_import(*, content: bytes, filename: str, by: Any) -> BudgetImportReport:
    """Import pagu/realisasi rows; any error refuses the whole file (BudgetImportError), nothing stored."""
    if len(content) > settings.TILIK_BUDGET_IMPORT_MAX_BYTES:
        raise BudgetImportError(
            _("Berkas terlalu besar (maksimum %(kb)s KB).")
            % {"kb": settings.TILIK_BUDGET_IMPORT_MAX_BYTES // 1024}
        )
    rows, errors = _check_rows(_read_grid(content, filename))
    if errors:
        raise BudgetImportError(errors)
    warnings: list[str] = []
    created = 0
    for row in rows:
        is_new = row.pop("new")
        _line, warns = budget_line_save(by=by, **row)
        created += int(is_new)
        warnings.extend(f"{row['program'].name}: {w}" for w in warns)
    audit_record(
        actor=by,
        action="budget.import",
        target=None,
        filename=filename[:120],
        rows=len(rows),
        created=created,
    )
    return BudgetImportReport(rows=len(rows), created=created, updated=len(rows) - created, warnings=warnings)


ASSUMPTION_FIELDS = {
    "description",
    "hours_saved_per_participant",
    "hourly_cost",
    "golongan_basis",
    "isolation",
    "confidence",
    "outcome_label",
    "outcome_change",
}


@transaction.atomic
def benefit_assumption_save(
    *, program: Program, by: Any, monthly_allowance: Decimal | None = None, **fields: Any
) -> BenefitAssumption:
    """Store the ROI benefit assumptions of a programme.

    With ``hourly_cost`` left empty and ``golongan_basis`` naming a golongan of the pay table
    (tilik.programs.pay_reference), the hourly cost is derived from it (gaji pokok PP 5/2024 +
    tunjangan, ``monthly_allowance`` replacing the default tunjangan assumption) and the derivation is
    stored. A typed ``hourly_cost`` is the evaluator's own figure (the golongan is then only a label).
    """
    unknown = set(fields) - ASSUMPTION_FIELDS
    if unknown:
        raise TypeError(f"unknown assumption fields: {sorted(unknown)}")
    assumption = BenefitAssumption.objects.filter(program=program).first() or BenefitAssumption(
        program=program
    )
    for key, value in fields.items():
        setattr(assumption, key, value)
    golongan = str(fields.get("golongan_basis") or "")
    if monthly_allowance is not None and monthly_allowance < 0:
        raise ValidationError({"monthly_allowance": _("Tunjangan tidak boleh negatif.")})
    if fields.get("hourly_cost") is None and golongan in pay_reference.GOLONGAN:
        derived = pay_reference.hourly_cost(golongan, allowance=monthly_allowance)
        assumption.hourly_cost = derived.hourly
        assumption.hourly_cost_basis = derived.as_basis()
    elif assumption.hourly_cost is None:
        raise ValidationError(
            {"hourly_cost": _("Isi biaya per jam ASN, atau pilih golongan agar dihitung dari tabel gaji.")}
        )
    elif monthly_allowance is not None:
        raise ValidationError(
            {
                "monthly_allowance": _(
                    "Tunjangan hanya dipakai bila biaya per jam dihitung dari golongan: kosongkan biaya per jam."
                )
            }
        )
    else:
        assumption.hourly_cost_basis = {}
    assumption.full_clean()
    assumption.save()
    audit_record(
        actor=by,
        action="benefit_assumption.save",
        target=assumption,
        fields=sorted(fields),
        hourly_cost=str(assumption.hourly_cost),
        golongan=golongan,
    )
    return assumption
