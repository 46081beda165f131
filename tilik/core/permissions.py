"""Role checks and scope for views, exports and CLI paths.

Views call these instead of testing roles themselves, so every rule lives here.
Objects outside a user's scope raise 404 (not 403) so their existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from tilik.core.models import Role
from tilik.core.roles import role_of

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

EVALUATORS = (Role.ADMIN, Role.EVALUATOR)
READERS = (Role.ADMIN, Role.EVALUATOR, Role.REGIONAL_HEAD)


def role_required(*roles: str) -> Callable[[View], View]:
    """Allow only the given roles; anonymous users go to the login page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


evaluator_required = role_required(*EVALUATORS)


def visible_units(user: Any) -> QuerySet[Any]:
    """Units whose data the user may see: all for evaluators and pimpinan daerah; a unit head, a subtree."""
    from tilik.org.models import Unit
    from tilik.org.selectors import unit_subtree

    role = role_of(user)
    if role in READERS:
        return Unit.objects.all()
    if role == Role.UNIT_HEAD:
        return unit_subtree(user.profile.unit)
    return Unit.objects.none()


def own_employee(user: Any) -> Any:
    """The employee record of a participant (None when the account has none)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "employee", None)
