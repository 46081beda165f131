"""Enrol many ASN into one angkatan at once: from an XLSX list of NIPs, or by a quota per unit.

Both go through services_bulk.enrollments_bulk_create (the lifecycle, seat and duplicate rules of a
single enrolment; one audit event for the batch) and are all or nothing: any problem refuses the
whole batch, naming the file's row and column or the unit.

Quota rule (documented in the user guide): from each unit (with its sub-units) the active ASN not yet
on record in this angkatan are taken in order of fewest JP in the angkatan's year (those furthest from
the 20 JP target first), then by name and NIP.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tilik.org.models import Employee, Unit, UnitMembership
from tilik.org.nip import normalize_nip
from tilik.programs.models import Enrollment, JPEntry, Offering
from tilik.programs.services_bulk import EnrollmentPlan, enrollments_bulk_create

MAX_BYTES = 2 * 1024 * 1024


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _plans(offering: Offering, people: list[Employee], status: str, on: dt.date) -> list[EnrollmentPlan]:
    return [EnrollmentPlan(offering=offering, employee=p, path=(status,), invited_on=on, status_changed_on=on)
            for p in people]


def _write(offering: Offering, people: list[Employee], status: str, by: Any, on: dt.date | None) -> list[Enrollment]:
    try:
        return enrollments_bulk_create(plans=_plans(offering, people, status, on or dt.date.today()), by=by)
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None


def enrol_from_nips(*, offering: Offering, content: bytes, status: str, by: Any,
                    on: dt.date | None = None) -> list[Enrollment]:
    """Enrol the ASN listed by NIP in the first sheet (a column headed NIP); nothing written on any error."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Berkas terlalu besar (maksimum %(kb)s KB).") % {"kb": MAX_BYTES // 1024})
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception:  # openpyxl raises many types for a file that is not an XLSX
        raise ValidationError(_("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).")) from None
    header = [_text(v).upper() for v in (cells[0] if cells else [])]
    if "NIP" not in header:
        raise ValidationError(_("Baris 1: kolom NIP tidak ada."))
    col = header.index("NIP")
    letter = get_column_letter(col + 1)
    wanted: list[tuple[int, str]] = []
    errors: list[str] = []
    for number, line in enumerate(cells[1:], start=2):
        raw = _text(line[col] if col < len(line) else None)
        if not raw:
            continue
        nip = normalize_nip(raw)
        if len(nip) != 18 or not nip.isdigit():
            errors.append(_("Baris %(row)s, kolom %(col)s (NIP): '%(v)s' bukan NIP 18 digit.")
                          % {"row": number, "col": letter, "v": raw})
        else:
            wanted.append((number, nip))
    people = {e.nip: e for e in Employee.objects.filter(nip__in=[n for _r, n in wanted])}
    on_record = dict(Enrollment.objects.filter(offering=offering, employee__nip__in=[n for _r, n in wanted])
                     .values_list("employee__nip", "status"))
    seen: dict[str, int] = {}
    chosen: list[Employee] = []
    for number, nip in wanted:
        where = {"row": number, "col": letter, "nip": nip}
        person = people.get(nip)
        if person is None:
            errors.append(_("Baris %(row)s, kolom %(col)s (NIP): tidak ada ASN dengan NIP %(nip)s.") % where)
        elif nip in seen:
            errors.append(_("Baris %(row)s, kolom %(col)s (NIP): NIP %(nip)s sudah ada di baris %(first)s.")
                          % {**where, "first": seen[nip]})
        elif nip in on_record:
            errors.append(_("Baris %(row)s, kolom %(col)s (NIP): %(name)s sudah tercatat di angkatan ini "
                            "(status: %(status)s).") % {**where, "name": person.name,
                                                        "status": Enrollment(status=on_record[nip])
                                                        .get_status_display()})
        elif not person.active:
            errors.append(_("Baris %(row)s, kolom %(col)s (NIP): %(name)s tidak aktif dan tidak dapat didaftarkan.")
                          % {**where, "name": person.name})
        else:
            chosen.append(person)
        seen.setdefault(nip, number)
    if errors:
        raise ValidationError(errors)
    if not chosen:
        raise ValidationError(_("Berkas tidak berisi NIP."))
    return _write(offering, chosen, status, by, on)


def quota_candidates(offering: Offering, unit: Unit) -> list[Employee]:
    """Active ASN of ``unit`` and its sub-units not yet on record in ``offering``, fewest JP first (the quota rule)."""
    year = offering.end_date.year
    jp = (JPEntry.objects.filter(employee=OuterRef("pk"), year=year).values("employee")
          .annotate(t=Sum("jp")).values("t")[:1])
    members = UnitMembership.objects.filter(end_date__isnull=True, unit__path__startswith=unit.path)
    return list(Employee.objects.filter(active=True, pk__in=members.values("employee_id"))
                .exclude(enrollments__offering=offering)
                .annotate(jp_year=Coalesce(Subquery(jp), Value(Decimal(0)),
                                           output_field=DecimalField(max_digits=8, decimal_places=2)))
                .order_by("jp_year", "name", "nip"))


def enrol_by_quota(*, offering: Offering, quotas: Mapping[Unit, int], status: str, by: Any,
                   on: dt.date | None = None) -> list[Enrollment]:
    """Take ``quotas[unit]`` ASN from each unit by the quota rule; refused whole if a unit has too few."""
    errors: list[str] = []
    chosen: list[Employee] = []
    taken: set[int] = set()
    for unit, n in quotas.items():
        if n <= 0:
            continue
        pool = [e for e in quota_candidates(offering, unit) if e.pk not in taken]
        if len(pool) < n:
            errors.append(_("%(unit)s: kuota %(n)s, tetapi hanya %(k)s ASN aktif yang belum tercatat di angkatan ini.")
                          % {"unit": unit.name, "n": n, "k": len(pool)})
            continue
        chosen.extend(pool[:n])
        taken.update(e.pk for e in pool[:n])
    if errors:
        raise ValidationError(errors)
    if not chosen:
        raise ValidationError(_("Isi kuota minimal satu unit."))
    return _write(offering, chosen, status, by, on)
