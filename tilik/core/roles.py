"""Role lookup. Superusers are admins; everyone else takes the role in their profile."""

from __future__ import annotations

from typing import Any

from tilik.core.models import Role

EVALUATOR_ROLES = {Role.ADMIN, Role.EVALUATOR}  # every page of the evaluation cycle


def role_of(user: Any) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def is_evaluator(user: Any) -> bool:
    return role_of(user) in EVALUATOR_ROLES
