"""Reads for the attendance grid: the sessions of an angkatan, who was present at each and why others were
absent (four queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tilik.programs.models import Enrollment, Offering
from tilik.programs.models_attendance import Attendance, Session, SessionAbsence
from tilik.programs.services_attendance import GRID_STATUSES, session_days


@dataclass(frozen=True)
class GridRow:
    enrollment: Enrollment
    present: frozenset[dt.date]
    absences: dict[dt.date, tuple[str, str]] = field(default_factory=dict)  # day → (reason code, note)


@dataclass(frozen=True)
class Grid:
    days: list[dt.date]
    stored: bool  # False: the days are proposed from the angkatan's dates, saved with the first record
    rows: list[GridRow]


def attendance_grid(offering: Offering) -> Grid:
    recorded = set(Session.objects.filter(offering=offering).values_list("date", flat=True))
    stored = bool(recorded)
    enrollments = list(Enrollment.objects.filter(offering=offering, status__in=GRID_STATUSES)
                       .select_related("employee").order_by("employee__name", "pk"))
    present: dict[int, set[dt.date]] = defaultdict(set)
    for enrollment_id, day in Attendance.objects.filter(session__offering=offering).values_list(
            "enrollment_id", "session__date"):
        present[enrollment_id].add(day)
    absent: dict[int, dict[dt.date, tuple[str, str]]] = defaultdict(dict)
    for enrollment_id, day, reason, note in SessionAbsence.objects.filter(session__offering=offering).values_list(
            "enrollment_id", "session__date", "reason", "note"):
        absent[enrollment_id][day] = (reason, note)
    # The days the next save will hold (services_attendance.sessions_ensure): the angkatan's days, and a
    # recorded session outside them only if someone was present at it.
    attended = set().union(*present.values()) if present else set()
    days = sorted(set(session_days(offering)) | (recorded & attended))
    return Grid(days=days, stored=stored,
                rows=[GridRow(e, frozenset(present[e.pk]), dict(absent[e.pk])) for e in enrollments])


@dataclass(frozen=True)
class DayAbsence:
    enrollment_id: int
    name: str
    nip: str
    day: dt.date
    reason: str  # the label, in the reader's language
    note: str


def day_absences(offering: Offering) -> list[DayAbsence]:
    """Every absent day with its reason in an angkatan, by date then name (one query)."""
    rows = (SessionAbsence.objects.filter(session__offering=offering)
            .select_related("enrollment__employee", "session").order_by("session__date", "enrollment__employee__name"))
    return [DayAbsence(a.enrollment_id, a.enrollment.employee.name, str(a.enrollment.employee.nip), a.session.date,
                       str(a.get_reason_display()), a.note) for a in rows]


def absence_summary(absences: list[DayAbsence]) -> dict[int, str]:
    """Enrolment id → "2026-03-03 Sakit (demam); 2026-03-04 Izin" for the participants' XLSX."""
    out: dict[int, list[str]] = defaultdict(list)
    for a in absences:
        out[a.enrollment_id].append(f"{a.day.isoformat()} {a.reason}" + (f" ({a.note})" if a.note else ""))
    return {pk: "; ".join(parts) for pk, parts in out.items()}
