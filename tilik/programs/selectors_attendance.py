"""Reads for the attendance grid: the sessions of an angkatan and who was present at each (three queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from tilik.programs.models import Enrollment, Offering
from tilik.programs.models_attendance import Attendance, Session
from tilik.programs.services_attendance import GRID_STATUSES, session_days


@dataclass(frozen=True)
class GridRow:
    enrollment: Enrollment
    present: frozenset[dt.date]


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
    # The days the next save will hold (services_attendance.sessions_ensure): the angkatan's days, and a
    # recorded session outside them only if someone was present at it.
    attended = set().union(*present.values()) if present else set()
    days = sorted(set(session_days(offering)) | (recorded & attended))
    return Grid(days=days, stored=stored,
                rows=[GridRow(e, frozenset(present[e.pk])) for e in enrollments])
