"""Role checks and scope for views, exports and CLI paths.

Views call these instead of testing roles themselves, so every role rule lives here. Object scope sits
with its objects, above core: units in tilik.org.scope.visible_units, interviews in
tilik.interviews.scope.interviews_in_scope.
Objects outside a user's scope raise 404 (not 403) so their existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from tilik.core.models import Role
from tilik.core.roles import role_of

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

EVALUATORS = (Role.ADMIN, Role.EVALUATOR)
READERS = (Role.ADMIN, Role.EVALUATOR, Role.REGIONAL_HEAD)
# Who may open the coding pages; a pengode only for the interviews assigned to them.
CODING = (Role.ADMIN, Role.EVALUATOR, Role.CODER)


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
coding_required = role_required(*CODING)


def own_employee(user: Any) -> Any:
    """The employee record of a participant (None when the account has none)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "employee", None)


def manages_interviews(user: Any) -> bool:
    """Edit, delete, files, audio, codebooks, analyses, stars: evaluators and admins, never a pengode."""
    return role_of(user) in EVALUATORS
