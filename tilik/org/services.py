"""Writes for units, employees and unit membership. Each runs in one transaction and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.org.choices import EmploymentType
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.org.nip import parse_nip

UNIT_FIELDS = {"name", "short_name", "code", "unit_type", "kecamatan", "serves_public", "active"}


def _set_path(unit: Unit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0


@transaction.atomic
def unit_create(*, name: str, code: str, unit_type: str, by: Any, parent: Unit | None = None,
                kecamatan: str = "", serves_public: bool = False, short_name: str = "",
                active: bool = True) -> Unit:
    unit = Unit(name=name, code=code, unit_type=unit_type, parent=parent, kecamatan=kecamatan,
                serves_public=serves_public, short_name=short_name, active=active)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(actor=by, action="unit.create", target=unit)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by: Any, parent: Unit | None | object = ..., **fields: Any) -> Unit:
    """Update a unit; moving it (new parent) re-paths its whole subtree."""
    unknown = set(fields) - UNIT_FIELDS
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(unit, key, value)
    old_path = unit.path
    moved = parent is not ... and parent != unit.parent
    if moved:
        if parent is not None and not isinstance(parent, Unit):
            raise TypeError("parent must be a Unit or None")
        if parent is not None and (parent.pk == unit.pk or parent.path.startswith(old_path)):
            raise ValidationError(
                {"parent": _("Unit tidak boleh menjadi induk dari dirinya sendiri atau dari leluhurnya.")}
            )
        unit.parent = parent
    unit.full_clean(exclude=["path"])
    if moved:
        _set_path(unit)
    unit.save()
    if moved:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
            child.path = unit.path + child.path[len(old_path):]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth"])
    audit_record(actor=by, action="unit.update", target=unit, fields=sorted(fields), moved=bool(moved))
    return unit


def _employee_from_nip(*, nip: str, employment_type: str, sex: str | None, today: dt.date | None) -> dict[str, Any]:
    try:
        info = parse_nip(nip, employment_type=employment_type, today=today)
    except ValidationError as exc:
        raise ValidationError({"nip": exc.messages}) from None
    derived: dict[str, Any] = {"nip": info.nip, "birth_date": info.birth_date, "tmt_cpns": info.tmt}
    if employment_type == EmploymentType.PNS:
        if sex and sex != info.sex:
            raise ValidationError({"sex": _("Jenis kelamin tidak cocok dengan digit ke-15 NIP.")})
        derived["sex"] = info.sex
    else:
        if not sex:
            raise ValidationError({"sex": _("Jenis kelamin wajib diisi untuk PPPK.")})
        derived["sex"] = sex
    return derived


def employee_build(*, nip: str, name: str, golongan: str, jabatan_category: str, education: str,
                   employment_type: str = EmploymentType.PNS, sex: str | None = None, jenjang: str = "",
                   position_title: str = "", email: str = "", phone: str = "", active: bool = True,
                   today: dt.date | None = None, check_db: bool = True) -> Employee:
    """Validate and build (not save) an employee; shared by the single and bulk writers.

    ``check_db=False`` skips the per-row database checks (NIP uniqueness, constraints): bulk
    writers check uniqueness for the whole batch in one query, and parse_nip already enforces
    the 18-digit rule the constraint states.
    """
    derived = _employee_from_nip(nip=nip, employment_type=employment_type, sex=sex, today=today)
    employee = Employee(name=name, golongan=golongan, jabatan_category=jabatan_category, education=education,
                        employment_type=employment_type, jenjang=jenjang, position_title=position_title,
                        email=email, phone=phone, active=active, **derived)
    if employment_type == EmploymentType.PNS and golongan.startswith("PPPK"):
        raise ValidationError({"golongan": _("Golongan PPPK tidak berlaku untuk PNS.")})
    if employment_type == EmploymentType.PPPK and not golongan.startswith("PPPK"):
        raise ValidationError({"golongan": _("PPPK memakai golongan I s.d. XVII.")})
    employee.full_clean(validate_unique=check_db, validate_constraints=check_db)
    return employee


@transaction.atomic
def employee_create(*, by: Any, unit: Unit | None = None, start_date: dt.date | None = None,
                    **fields: Any) -> Employee:
    employee = employee_build(**fields)
    employee.save()
    if unit is not None:
        UnitMembership.objects.create(employee=employee, unit=unit, start_date=start_date or dt.date.today())
    audit_record(actor=by, action="employee.create", target=employee)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, by: Any, **fields: Any) -> Employee:
    if "nip" in fields or "employment_type" in fields or "sex" in fields:
        derived = _employee_from_nip(
            nip=fields.pop("nip", employee.nip),
            employment_type=fields.get("employment_type", employee.employment_type),
            sex=fields.pop("sex", None) or (None if employee.employment_type == EmploymentType.PNS else employee.sex),
            today=None,
        )
        fields.update(derived)
    for key, value in fields.items():
        setattr(employee, key, value)
    employee.full_clean()
    employee.save()
    audit_record(actor=by, action="employee.update", target=employee, fields=sorted(fields))
    return employee


@transaction.atomic
def employee_transfer(*, employee: Employee, unit: Unit, on: dt.date, by: Any) -> UnitMembership:
    """Move an employee to another unit from date `on`; the history keeps the old unit."""
    current = UnitMembership.objects.select_for_update().filter(employee=employee, end_date__isnull=True).first()
    if current is not None:
        if current.unit_id == unit.pk:
            raise ValidationError(_("Pegawai sudah berada di unit ini."))
        if on <= current.start_date:
            raise ValidationError(_("Tanggal mutasi harus setelah tanggal mulai di unit sekarang."))
        current.end_date = on - dt.timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["end_date"])
    membership = UnitMembership(employee=employee, unit=unit, start_date=on)
    membership.full_clean()
    membership.save()
    audit_record(actor=by, action="employee.transfer", target=employee, unit=unit.code, on=on.isoformat())
    return membership
