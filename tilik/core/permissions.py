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


def interviews_in_scope(user: Any) -> QuerySet[Any]:
    """Interviews whose transcript the user may read and code: all for evaluators, assigned ones for a pengode."""
    from tilik.interviews.models import Interview

    role = role_of(user)
    if role in EVALUATORS:
        return Interview.objects.all()
    if role == Role.CODER:
        return Interview.objects.filter(coders=user)
    return Interview.objects.none()


def may_code(user: Any, interview: Any) -> bool:
    return interviews_in_scope(user).filter(pk=interview.pk).exists()


def manages_interviews(user: Any) -> bool:
    """Edit, delete, files, audio, codebooks, analyses, stars: evaluators and admins, never a pengode."""
    return role_of(user) in EVALUATORS
