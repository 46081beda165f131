"""What a report or dashboard covers and for whom: year, programmes, units, and disclosure control."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from tilik.core.disclosure import min_cell, needs_suppression
from tilik.core.models import Role
from tilik.core.permissions import visible_units
from tilik.core.roles import role_of


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

    @cached_property
    def programs(self) -> list[Any]:
        """The programme, or every programme of the year; loaded on first use (a cached dashboard needs none)."""
        from tilik.programs.models import Program

        return [self.program] if self.program is not None else list(Program.objects.filter(fiscal_year=self.year))


def scope_for(user: Any, *, year: int, program: Any = None, opd: Any = None, suppress: bool | None = None) -> Scope:
    """The scope a user may see. A unit head is always limited to their subtree (and ``opd`` inside it)."""
    from tilik.org.selectors import unit_subtree

    units: QuerySet[Any] | None = None
    label = ""
    if user is not None and role_of(user) == Role.UNIT_HEAD:
        units = visible_units(user)
        label = user.profile.unit.name
    if opd is not None:
        units = unit_subtree(opd) if units is None else units.filter(path__startswith=opd.path)
        label = opd.name
    hide = needs_suppression(user) if suppress is None and user is not None else bool(suppress)
    return Scope(year=year, program=program, units=units, suppress=hide, k=min_cell(), unit_label=label)
