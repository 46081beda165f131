"""What a report or dashboard covers and for whom: year, programmes, units, and disclosure control."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tilik.core.disclosure import min_cell
from tilik.core.models import Role
from tilik.core.roles import role_of
from tilik.org.scope import visible_units


@dataclass
class Scope:
    year: int
    program: Any = None  # a single Program for a programme report
    units: QuerySet[Any] | None = None  # None: the whole pemda
    suppress: bool = False  # small cells hidden (everyone but evaluators)
    k: int = 5
    unit_label: str = ""

    @property
    def full_access(self) -> bool:
        return not self.suppress

    def coverage(self, *, by_unit: bool) -> str:
        """What a table or tile covers: the viewer's units when its data are filtered by unit, else all of the pemda.

        Budgets, surveys of a programme and impact estimates are per programme, not per unit: for a unit head
        they still describe the whole pemda, and the label must say so (issue 16 item 7).
        """
        if self.units is None:
            return _("seluruh pemda")
        if by_unit:
            return _("%(u)s dan sub-unitnya") % {"u": self.unit_label}
        return _("seluruh pemda (tidak dibatasi pada %(u)s)") % {"u": self.unit_label}

    def citywide_note(self) -> str:
        """A table note for data that are not filtered by the viewer's unit (empty when nothing is filtered)."""
        if self.units is None:
            return ""
        return _("Cakupan tabel ini: %(c)s.") % {"c": self.coverage(by_unit=False)}

    @cached_property
    def _unit_ids(self) -> frozenset[int]:
        return frozenset(self.units.values_list("pk", flat=True)) if self.units is not None else frozenset()

    def sees_unit(self, unit_id: int | None) -> bool:
        """Whether pages about one unit's object (a wave's results) open for this reader: links follow it."""
        return self.units is None or (unit_id is not None and unit_id in self._unit_ids)

    @cached_property
    def programs(self) -> list[Any]:
        """The programme, or every programme of the year; loaded on first use (a cached dashboard needs none)."""
        from tilik.programs.models import Program

        return [self.program] if self.program is not None else list(Program.objects.filter(fiscal_year=self.year))


def scope_for(user: Any, *, year: int, program: Any = None, opd: Any = None, suppress: bool | None = None) -> Scope:
    """The scope a user may see. A unit head is always limited to their subtree (and ``opd`` inside it).

    Reports and dashboards are aggregate documents for every role (web, HTML, DOCX, PDF, CLI): small cells are
    suppressed whoever reads them, as their appendix states. ``suppress=False`` is for tests of raw numbers only.
    """
    from tilik.org.selectors import unit_subtree

    units: QuerySet[Any] | None = None
    label = ""
    if user is not None and role_of(user) == Role.UNIT_HEAD:
        units = visible_units(user)
        label = user.profile.unit.name
    if opd is not None:
        units = unit_subtree(opd) if units is None else units.filter(path__startswith=opd.path)
        label = opd.name
    hide = True if suppress is None else bool(suppress)
    return Scope(year=year, program=program, units=units, suppress=hide, k=min_cell(), unit_label=label)


def openable_program_ids(user: Any, programs: Any) -> set[int]:
    """The programmes among ``programs`` whose evaluation page the user may open.

    Every programme for readers; for a unit head, those that staff of their unit (subtree) took part in —
    the rule the programme page enforces (404 otherwise), so lists link only what opens."""
    from tilik.org.models import UnitMembership
    from tilik.programs.models import Enrollment

    ids = {p.pk for p in programs}
    if role_of(user) != Role.UNIT_HEAD:
        return ids
    staff = UnitMembership.objects.filter(end_date__isnull=True, unit__in=visible_units(user)).values("employee_id")
    taken = Enrollment.objects.filter(offering__program_id__in=ids, employee_id__in=staff)
    return set(taken.values_list("offering__program_id", flat=True).distinct())
