"""Enrolments: rows name an employee (NIP), an offering (programme slug + angkatan) and a status.

Lifecycle rules are the programmes app's: a new enrolment's history is the shortest path through
``TRANSITIONS`` from invited/registered to the imported status (checked with ``check_status_path``);
an existing enrolment may only move forward along ``TRANSITIONS``; declined / no-show / withdrawn need
a reason from the code list.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.org.models import Employee
from tilik.org.nip import normalize_nip
from tilik.performance.catalogue import ENROLMENT_FIELDS
from tilik.performance.importing.common import Preview, norm, parse_date, parse_number, text
from tilik.performance.importing.mapping import cell, find_column
from tilik.performance.importing.reader import Table
from tilik.programs.choices import REASON_STATUSES, TRANSITIONS, AbsenceReason, EnrollmentStatus
from tilik.programs.models import Enrollment, Offering
from tilik.programs.services_bulk import INITIAL_STATUSES, check_status_path


def status_path(start: str, target: str) -> tuple[str, ...] | None:
    """Shortest path from ``start`` to ``target`` along TRANSITIONS (None when unreachable)."""
    queue: deque[tuple[str, ...]] = deque([(start,)])
    while queue:
        path = queue.popleft()
        if path[-1] == target:
            return path
        for nxt in sorted(TRANSITIONS[path[-1]]):
            if nxt not in path:
                queue.append((*path, nxt))
    return None


def new_path(target: str) -> tuple[str, ...] | None:
    paths = [p for s in INITIAL_STATUSES if (p := status_path(s, target)) is not None]
    return min(paths, key=len) if paths else None


@dataclass
class EnrolmentRow:
    row: int
    offering: Offering
    employee: Employee
    status: str
    reason_code: str
    attendance_pct: Decimal | None
    on: dt.date


@dataclass
class EnrolmentPlan:
    creates: list[tuple[EnrolmentRow, tuple[str, ...]]] = field(default_factory=list)
    updates: list[tuple[EnrolmentRow, Enrollment, tuple[str, ...]]] = field(default_factory=list)


def _lookup(raw: str, choices: list[tuple[str, Any]]) -> str | None:
    key = norm(raw)
    for value, label in choices:
        if key in (norm(str(value)), norm(str(label))):
            return str(value)
    return None


def validate_enrolments(table: Table, mapping: dict[str, Any], preview: Preview) -> EnrolmentPlan:
    headers = table.headers
    cols = {
        f: find_column(headers, mapping.get(f), preview, required=req, purpose=f) for f, req in ENROLMENT_FIELDS.items()
    }
    plan = EnrolmentPlan()
    if not preview.ok:
        return plan
    head = {f: (headers[i] if i is not None else f) for f, i in cols.items()}
    offerings = {(o.program.slug, o.batch): o for o in Offering.objects.select_related("program")}
    nips = {normalize_nip(text(cell(c, cols["nip"]))) for _r, c in table.rows}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    existing = {(e.offering_id, e.employee_id): e for e in Enrollment.objects.filter(employee__nip__in=nips)}
    seen: dict[tuple[int, int], int] = {}
    unknown: set[str] = set()
    for row, cells in table.rows:
        preview.rows += 1
        v = {f: text(cell(cells, i)) for f, i in cols.items()}
        nip = normalize_nip(v["nip"])
        employee = employees.get(nip)
        if employee is None:
            unknown.add(nip)
            preview.add_error(row, head["nip"], nip, _("NIP tidak terdaftar di Tilik"))
            continue
        try:
            batch = int(parse_number(v["batch"]))
        except ValueError:
            preview.add_error(row, head["batch"], v["batch"], _("angkatan harus angka"))
            continue
        offering = offerings.get((v["program"], batch))
        if offering is None:
            preview.add_error(
                row,
                head["program"],
                f"{v['program']} / {batch}",
                _("angkatan ini tidak ada (isi slug program dan nomor angkatan)"),
            )
            continue
        status = _lookup(v["status"], list(EnrollmentStatus.choices))
        if status is None:
            preview.add_error(
                row,
                head["status"],
                v["status"],
                _("status tidak dikenal (pilihan: %(c)s)")
                % {"c": ", ".join(str(label) for _v, label in EnrollmentStatus.choices)},
            )
            continue
        reason = _lookup(v["reason_code"], list(AbsenceReason.choices)) if v["reason_code"] else ""
        if reason is None:
            preview.add_error(row, head["reason_code"], v["reason_code"], _("alasan tidak dikenal"))
            continue
        if status in REASON_STATUSES and not reason:
            preview.add_error(
                row,
                head["reason_code"],
                "",
                _("alasan wajib diisi untuk status %(s)s") % {"s": EnrollmentStatus(status).label},
            )
            continue
        attendance = None
        if v["attendance_pct"]:
            try:
                attendance = Decimal(str(round(parse_number(cell(cells, cols["attendance_pct"])), 2)))
            except ValueError:
                attendance = Decimal(-1)
            if not Decimal(0) <= attendance <= Decimal(100):
                preview.add_error(row, head["attendance_pct"], v["attendance_pct"], _("kehadiran harus 0–100"))
                continue
        try:
            on = parse_date(cell(cells, cols["on"])) if v["on"] else offering.end_date
        except ValueError:
            preview.add_error(row, head["on"], v["on"], _("tanggal tidak dikenal (contoh: 2025-03-31)"))
            continue
        pair = (offering.pk, employee.pk)
        if pair in seen:
            preview.add_error(
                row,
                head["nip"],
                nip,
                _("baris ganda: pegawai dan angkatan yang sama ada di baris %(r)s") % {"r": seen[pair]},
            )
            continue
        seen[pair] = row
        item = EnrolmentRow(row, offering, employee, status, reason, attendance, on)
        current = existing.get(pair)
        if current is None:
            if not employee.active:
                preview.add_error(row, head["nip"], nip, _("pegawai tidak aktif dan tidak dapat didaftarkan"))
                continue
            path = new_path(status)
            try:
                check_status_path(path or ())
            except ValidationError as exc:
                preview.add_error(row, head["status"], v["status"], "; ".join(exc.messages))
                continue
            assert path is not None  # noqa: S101 - check_status_path refused empty paths
            plan.creates.append((item, path))
        elif current.status != status:
            path = status_path(current.status, status)
            if path is None:
                preview.add_error(
                    row,
                    head["status"],
                    v["status"],
                    _("status tidak dapat diubah dari %(old)s ke %(new)s")
                    % {"old": current.get_status_display(), "new": EnrollmentStatus(status).label},
                )
                continue
            plan.updates.append((item, current, path[1:]))
    if unknown:
        preview.notices.append(
            _("%(n)s NIP tidak dikenal: %(l)s") % {"n": len(unknown), "l": ", ".join(sorted(unknown))}
        )
    return plan
