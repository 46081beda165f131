"""Unit scope: which units' data a user may see (the role checks themselves live in tilik.core.permissions)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tilik.core.models import Role
from tilik.core.permissions import READERS
from tilik.core.roles import role_of
from tilik.org.models import Unit
from tilik.org.selectors import unit_subtree


def visible_units(user: Any) -> QuerySet[Unit]:
    """Units whose data the user may see: all for evaluators and pimpinan daerah; a unit head, a subtree."""
    role = role_of(user)
    if role in READERS:
        return Unit.objects.all()
    if role == Role.UNIT_HEAD:
        return unit_subtree(user.profile.unit)
    return Unit.objects.none()
