"""The budget-line form: programme, year, category, source of funds, pagu and realisasi for each month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.programs.forms import RupiahField
from tilik.programs.models import BudgetLine, Program

MONTHS = [_("Januari"), _("Februari"), _("Maret"), _("April"), _("Mei"), _("Juni"), _("Juli"), _("Agustus"),
          _("September"), _("Oktober"), _("November"), _("Desember")]


class BudgetLineForm(forms.ModelForm):
    pagu = RupiahField(label=_("Pagu (Rp)"), min_value=Decimal(0), max_digits=16,
                       error_messages={"required": _("Isi pagu baris anggaran ini.")})

    class Meta:
        model = BudgetLine
        fields = ["program", "fiscal_year", "category", "source_of_funds", "pagu", "note"]

    def __init__(self, *args: Any, months: dict[int, Decimal] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.order_by("-fiscal_year", "name")  # type: ignore[attr-defined]
        self.fields["fiscal_year"].help_text = _("Sama dengan tahun anggaran program.")
        for number, name in enumerate(MONTHS, start=1):
            self.fields[f"m{number}"] = RupiahField(
                label=_("Realisasi %(month)s (Rp)") % {"month": name}, required=False, min_value=Decimal(0),
                max_digits=16, initial=(months or {}).get(number))

    def month_fields(self) -> list[Any]:
        return [self[f"m{n}"] for n in range(1, 13)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        program, year = data.get("program"), data.get("fiscal_year")
        if program and year and program.fiscal_year != year:
            self.add_error("fiscal_year", _("Tahun %(y)s berbeda dari tahun anggaran program (%(p)s).")
                           % {"y": year, "p": program.fiscal_year})
        return data

    def months(self) -> dict[int, Decimal | None]:
        return {n: self.cleaned_data.get(f"m{n}") for n in range(1, 13)}
