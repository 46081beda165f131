"""Which language Tilik speaks to whom (issue 16 item 8): Indonesian unless the reader chose English.

- A signed-in user: the language stored on their profile (``Profile.language``); empty means Indonesian.
  The choice follows the account across browsers and sessions, and e-mails to that user use it.
- A visitor without account (public survey pages, login page): the language cookie set by the switch.
- Nobody else decides: the browser's Accept-Language is ignored, so an English Chrome at BKPSDM gets
  Indonesian. (Django's LocaleMiddleware would follow Accept-Language; this middleware replaces it.)

A signed-in user's switch does not set the cookie: on a shared office computer the next person to
sign in, or to open a public page, must not inherit it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme


def supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def language_of(user: Any) -> str:
    """The language to write to this user in (pages, e-mails): their choice, else Indonesian."""
    profile = getattr(user, "profile", None) if user is not None else None
    return supported(getattr(profile, "language", "")) or settings.LANGUAGE_CODE


def languages_of_employees(employee_ids: Iterable[int]) -> dict[int, str]:
    """Employee id → the language chosen by the account linked to that employee (only those who chose)."""
    from tilik.core.models import Profile

    rows = Profile.objects.filter(employee_id__in=set(employee_ids)).exclude(language="")
    return {row.employee_id: row.language for row in rows.only("employee_id", "language") if row.employee_id}


def language_for_request(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "profile", None) is not None:
        return language_of(user)
    return supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) or settings.LANGUAGE_CODE


class UserLanguageMiddleware(MiddlewareMixin):
    """In place of LocaleMiddleware, after AuthenticationMiddleware (it reads the user's profile)."""

    def process_request(self, request: HttpRequest) -> None:
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language() or settings.LANGUAGE_CODE)
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """The switch at the top right: on the profile when signed in, else in the cookie; back to ``next``."""
    from tilik.core.services import profile_language_set

    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = supported(request.POST.get("language")) if request.method == "POST" else None
    if language is None:
        return response
    user = request.user
    if user.is_authenticated and getattr(user, "profile", None) is not None:
        profile_language_set(user=user, language=language, by=user)
    else:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )
    return response
