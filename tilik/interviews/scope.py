"""Which interviews a user may read and code (who may manage them is a role check in tilik.core.permissions)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tilik.core.models import Role
from tilik.core.permissions import EVALUATORS
from tilik.core.roles import role_of
from tilik.interviews.models import Interview


def interviews_in_scope(user: Any) -> QuerySet[Interview]:
    """Interviews whose transcript the user may read and code: all for evaluators, assigned ones for a pengode."""
    role = role_of(user)
    if role in EVALUATORS:
        return Interview.objects.all()
    if role == Role.CODER:
        return Interview.objects.filter(coders=user)
    return Interview.objects.none()
