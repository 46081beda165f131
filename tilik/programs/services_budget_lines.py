"""Budget lines from the evaluator's pages: pagu, and realisasi month by month.

Once any month is recorded, a line's ``realisasi`` is the sum of its months (the budget pages, the
ROI and the reports read ``realisasi``). A line imported with a yearly realisasi and no months keeps
it until months are entered. Realisasi above pagu is stored (revisions happen) and returned as a
warning (services.budget_line_warnings).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.programs.models import BudgetLine, Program
from tilik.programs.models_budget import BudgetMonth
from tilik.programs.services import budget_line_warnings

LINE_FIELDS = {"fiscal_year", "category", "source_of_funds", "pagu", "note"}


@transaction.atomic
def budget_line_write(*, program: Program, by: Any, months: Mapping[int, Decimal | None],
                      line: BudgetLine | None = None, **fields: Any) -> tuple[BudgetLine, list[str]]:
    """Create (``line`` None) or change a budget line and its monthly realisasi; (line, warnings).

    ``months`` maps 1–12 to an amount; None or a missing month is no realisasi that month.
    """
    unknown = set(fields) - LINE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    bad = sorted(m for m in months if not 1 <= m <= 12)
    if bad:
        raise ValidationError(_("Bulan %(m)s tidak sah (1–12).") % {"m": bad})
    if line is None:
        line = BudgetLine(program=program)
    else:
        line = BudgetLine.objects.select_for_update().get(pk=line.pk, program=program)
    before = {k: str(getattr(line, k)) for k in LINE_FIELDS} if line.pk else {}
    for key, value in fields.items():
        setattr(line, key, value)
    given = {m: Decimal(v) for m, v in months.items() if v is not None}
    rows = [BudgetMonth(line=line, month=m, realisasi=v) for m, v in sorted(given.items())]
    for row in rows:
        row.full_clean(exclude=["line"], validate_unique=False, validate_constraints=False)
    had_months = bool(line.pk) and BudgetMonth.objects.filter(line=line).exists()
    if rows or had_months:
        line.realisasi = sum(given.values(), Decimal(0))
    duplicate = BudgetLine.objects.filter(program=program, fiscal_year=line.fiscal_year, category=line.category,
                                          source_of_funds=line.source_of_funds).exclude(pk=line.pk)
    if duplicate.exists():
        raise ValidationError({"category": _("Program ini sudah punya baris %(c)s dengan sumber dana yang sama "
                                             "pada tahun %(y)s; ubah baris itu.")
                               % {"c": line.get_category_display(), "y": line.fiscal_year}})
    created = line.pk is None
    line.full_clean()
    line.save()
    BudgetMonth.objects.filter(line=line).delete()
    BudgetMonth.objects.bulk_create(rows)
    after = {k: str(getattr(line, k)) for k in LINE_FIELDS}
    audit_record(actor=by, action="budget.line_create" if created else "budget.line_update", target=line,
                 fields=sorted(k for k in after if before.get(k) != after[k]),
                 months={str(m): str(v) for m, v in sorted(given.items())}, realisasi=str(line.realisasi))
    return line, budget_line_warnings(line)
