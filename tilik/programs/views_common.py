"""Helpers shared by the issue-7 views: roles, scope and the year picker."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest

from tilik.core.models import Role
from tilik.core.permissions import READERS, role_required
from tilik.core.roles import role_of
from tilik.org.models import Unit
from tilik.org.scope import visible_units

readers_required = role_required(*READERS)
scoped_readers_required = role_required(*READERS, Role.UNIT_HEAD)


def scope(request: HttpRequest) -> tuple[QuerySet[Unit] | None, int | None]:
    """(units, min_cell): (None, None) for readers; a unit head gets their subtree and suppression."""
    if role_of(request.user) == Role.UNIT_HEAD:
        return visible_units(request.user), settings.TILIK_MIN_CELL
    return None, None


def pick_year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None

