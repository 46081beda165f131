"""Employees: every row goes through ``tilik.org.services.employee_build`` (NIP rules, golongan rules,
``full_clean``). A row whose NIP is already stored is an update when its other fields differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.org.choices import PNS_GOLONGAN, PPPK_GOLONGAN, Education, EmploymentType, JabatanCategory, Jenjang
from tilik.org.models import Employee, Unit
from tilik.org.nip import normalize_nip
from tilik.org.services import employee_build
from tilik.performance.catalogue import EMPLOYEE_FIELDS
from tilik.performance.importing.common import Preview, norm, parse_date, text
from tilik.performance.importing.mapping import cell, find_column
from tilik.performance.importing.reader import Table

NIP_CHUNK = 900  # keeps each IN (...) under SQLite's parameter limit
UPDATABLE = (
    "name",
    "golongan",
    "jabatan_category",
    "education",
    "jenjang",
    "position_title",
    "email",
    "phone",
)
_SYNONYMS = {
    "jabatan_category": {
        "fungsionaltertentu": "fungsional",
        "jabatanfungsionaltertentu": "fungsional",
        "jabatanfungsional": "fungsional",
        "fungsionalumum": "pelaksana",
        "jabatanpelaksana": "pelaksana",
        "jft": "fungsional",
        "jfu": "pelaksana",
    },
    "education": {
        "slta": "SMA",
        "smk": "SMA",
        "sma": "SMA",
        "sltp": "SMP",
        "diploma3": "D3",
        "diploma4": "D4",
        "diii": "D3",
        "div": "D4",
        "di": "D1",
        "dii": "D2",
        "sarjana": "S1",
        "magister": "S2",
        "doktor": "S3",
    },
    "sex": {
        "l": "L",
        "p": "P",
        "lakilaki": "L",
        "pria": "L",
        "perempuan": "P",
        "wanita": "P",
        "1": "L",
        "2": "P",
    },
    "employment_type": {"pns": "PNS", "cpns": "PNS", "pppk": "PPPK", "p3k": "PPPK"},
}


@dataclass
class EmployeePlan:
    creates: list[tuple[int, dict[str, Any], int | None, Any]] = field(default_factory=list)  # row, fields, unit, start
    updates: list[tuple[int, Employee, dict[str, Any]]] = field(default_factory=list)  # row, employee, changes


def _choice(kind: str, raw: str, choices: list[tuple[str, Any]]) -> str:
    key = norm(raw)
    if key in _SYNONYMS.get(kind, {}):
        return str(_SYNONYMS[kind][key])
    for value, label in choices:
        if key in (norm(str(value)), norm(str(label))):
            return str(value)
    return raw  # left for employee_build to reject with its own message


def _golongan(raw: str, employment_type: str) -> str:
    key = raw.upper().replace(" ", "").replace("PPPK", "")
    if employment_type == EmploymentType.PPPK and key in PPPK_GOLONGAN:
        return f"PPPK {key}"
    for gol in PNS_GOLONGAN:
        if key in (gol.upper(), gol.upper().replace("/", "")):
            return gol
    return raw


def validate_employees(table: Table, mapping: dict[str, Any], preview: Preview) -> EmployeePlan:
    headers = table.headers
    cols = {
        f: find_column(headers, mapping.get(f), preview, required=req, purpose=f) for f, req in EMPLOYEE_FIELDS.items()
    }
    plan = EmployeePlan()
    if not preview.ok:
        return plan
    units = {}
    for pk, code, name in Unit.objects.values_list("pk", "code", "name"):
        units[norm(code)] = pk
        units[norm(name)] = pk
    # NIP uniqueness for the whole file in one pass: a stored NIP makes its row an update, a NIP seen
    # earlier in the file is a duplicate row; so employee_build skips its per-row uniqueness query.
    nips = sorted({normalize_nip(text(cell(c, cols["nip"]))) for _r, c in table.rows})
    stored = {
        e.nip: e
        for i in range(0, len(nips), NIP_CHUNK)
        for e in Employee.objects.filter(nip__in=nips[i : i + NIP_CHUNK])
    }
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        preview.rows += 1
        raw = {f: cell(cells, i) for f, i in cols.items()}
        if isinstance(raw["nip"], (int, float)):
            preview.add_error(
                row,
                headers[cols["nip"] or 0],
                raw["nip"],
                _(
                    "NIP tersimpan sebagai angka sehingga Excel membulatkan digit terakhirnya; "
                    "format kolom NIP "
                    "sebagai Teks lalu ekspor ulang"
                ),
            )
            continue
        values = {f: text(v) for f, v in raw.items()}
        etype = _choice("employment_type", values["employment_type"] or "PNS", list(EmploymentType.choices))
        fields: dict[str, Any] = {
            "nip": normalize_nip(values["nip"]),
            "name": values["name"],
            "employment_type": etype,
            "golongan": _golongan(values["golongan"], etype),
            "jabatan_category": _choice("jabatan_category", values["jabatan_category"], JabatanCategory.choices),
            "education": _choice("education", values["education"], Education.choices),
            "jenjang": _choice("jenjang", values["jenjang"], Jenjang.choices) if values["jenjang"] else "",
            "position_title": values["position_title"],
            "email": values["email"],
            "phone": values["phone"],
            "sex": _choice("sex", values["sex"], []) if values["sex"] else None,
        }
        nip = fields["nip"]
        if nip in seen:
            preview.add_error(
                row,
                headers[cols["nip"] or 0],
                nip,
                _("NIP ganda: sudah ada di baris %(r)s") % {"r": seen[nip]},
            )
            continue
        seen[nip] = row
        try:
            employee_build(**fields, check_db=False)
        except ValidationError as exc:
            for fname, messages in _field_errors(exc).items():
                col = cols.get(fname)
                header = headers[col] if col is not None else fname
                preview.add_error(row, header, raw.get(fname, values.get(fname, "")), "; ".join(messages))
            continue
        unit_id, start = None, None
        if values["unit"]:
            unit_id = units.get(norm(values["unit"]))
            if unit_id is None:
                preview.add_error(row, headers[cols["unit"] or 0], values["unit"], _("unit tidak dikenal"))
                continue
            if values["unit_start"]:
                try:
                    start = parse_date(raw["unit_start"])
                except ValueError:
                    preview.add_error(
                        row,
                        headers[cols["unit_start"] or 0],
                        values["unit_start"],
                        _("tanggal tidak dikenal (contoh: 2024-01-31 atau 31/01/2024)"),
                    )
                    continue
        existing = stored.get(nip)
        if existing is None:
            plan.creates.append((row, fields, unit_id, start))
            continue
        changes = {f: fields[f] for f in UPDATABLE if cols.get(f) is not None and fields[f] != getattr(existing, f)}
        if changes:
            plan.updates.append((row, existing, changes))
    return plan


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Messages per field; errors not tied to a field are shown on the NIP column."""
    if not hasattr(exc, "error_dict"):
        return {"nip": exc.messages}
    out: dict[str, list[str]] = {}
    for fname, errors in exc.error_dict.items():
        out.setdefault(fname if fname != "__all__" else "nip", []).extend(m for e in errors for m in e.messages)
    return out


def employee_snapshot(employee: Employee) -> dict[str, Any]:
    return {f: getattr(employee, f) for f in UPDATABLE}
