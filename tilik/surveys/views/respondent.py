"""Respondent pages: the personal-link (token) survey and the public IKM survey. No login."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tilik.surveys.forms import RespondentForm, error_summary, localized, raw_draft
from tilik.surveys.models import Wave
from tilik.surveys.selectors.waves import draft_of, invitation_by_token, wave_by_public_slug
from tilik.surveys.services.responses import (
    CONSENT_MISSING,
    SurveyUnavailable,
    consent_required,
    consent_text_for,
    draft_save,
    public_rate_hit,
    submit_public,
    submit_token,
    wave_state,
)

STATUS = {"invalid": 404, "used": 410, "closed": 410, "not_open": 403, "duplicate": 409, "rate": 429}
PUBLIC_COOKIE_SALT = "tilik.surveys.public"


def unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "surveys/respond/unavailable.html", {"reason": reason}, status=STATUS[reason])


def _context(form: RespondentForm, wave: Wave, **extra: object) -> dict[str, object]:
    return {
        "form": form,
        "wave": wave,
        "instrument": form.version.instrument,
        "instrument_title": localized(form.version.instrument, "title"),
        "ask_consent": consent_required(wave),
        "consent_text": consent_text_for(wave),
        **extra,
    }


def _rerender(request: HttpRequest, form: RespondentForm) -> RespondentForm | None:
    """ "Perbarui pertanyaan", "Tambah isian", "Hapus isian terakhir": the page again from the answers so
    far (relevance, offered choices, calculations, iterations), nothing saved; None for other actions."""
    action = request.POST.get("action", "")
    verb, _sep, target = action.partition(":")
    if action != "refresh" and verb not in ("add", "remove"):
        return None
    adjust = {}
    if verb in ("add", "remove") and target.isdigit():
        adjust[int(target)] = 1 if verb == "add" else -1
    initial = raw_draft(request.POST, form, adjust)
    return RespondentForm(initial=initial, version=form.version, rater_group=form.rater_group)


def _consent(request: HttpRequest, wave: Wave) -> tuple[bool, str]:
    """Whether the consent box was ticked, and the error to show when it is needed but was not."""
    given = request.POST.get("consent") == "1"
    if consent_required(wave) and not given:
        return False, str(CONSENT_MISSING)
    return given, ""


# No CSRF token: the personal token in the URL is itself the secret that authorises the POST. A forged
# request from another site could only submit for a token its author already knows, and could as well
# submit it directly. (The public IKM form, which has no such secret, keeps CSRF protection.)
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def token_survey(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return unavailable(request, "invalid")
    if hasattr(invitation, "use"):
        return unavailable(request, "used")
    wave = invitation.wave
    state = wave_state(wave)
    if state != "open":
        return unavailable(request, state)
    version, rater = wave.version, invitation.rater_group
    if request.method == "GET":
        form = RespondentForm(initial=draft_of(invitation), version=version, rater_group=rater)
        return render(
            request,
            "surveys/respond/form.html",
            _context(form, wave, token_mode=True, resumed=bool(form.initial), invitation=invitation),
        )
    form = RespondentForm(request.POST, version=version, rater_group=rater)
    consent, consent_error = _consent(request, wave)
    # The invitation goes to the template only: its ratee is read there, when a page is rendered.
    page = {"token_mode": True, "consent_error": consent_error, "consent_checked": consent, "invitation": invitation}
    again = _rerender(request, form)
    if again is not None:
        return render(request, "surveys/respond/form.html", _context(again, wave, refreshed=True, **page))
    try:
        if request.POST.get("action") == "save":
            if consent_error:
                form = RespondentForm(initial=raw_draft(request.POST, form), version=version, rater_group=rater)
                return render(request, "surveys/respond/form.html", _context(form, wave, **page))
            draft_save(invitation=invitation, data=raw_draft(request.POST, form), consent=consent)
            form = RespondentForm(initial=raw_draft(request.POST, form), version=version, rater_group=rater)
            return render(request, "surveys/respond/form.html", _context(form, wave, saved=True, **page))
        if not form.is_valid() or consent_error:
            summary = error_summary(form) if form.errors else ""
            return render(request, "surveys/respond/form.html", _context(form, wave, summary=summary, **page))
        submit_token(invitation=invitation, answers=form.answers(), consent=consent)
    except SurveyUnavailable as exc:
        return unavailable(request, exc.reason)
    return redirect("surveys:thanks")


def _cookie_name(wave_pk: int) -> str:
    return f"tilik_skm_{wave_pk}"


def _already_answered(request: HttpRequest, wave_pk: int) -> bool:
    return request.get_signed_cookie(_cookie_name(wave_pk), default=None, salt=PUBLIC_COOKIE_SALT) == "1"


@never_cache
@require_http_methods(["GET", "POST"])
def public_survey(request: HttpRequest, slug: str) -> HttpResponse:
    wave = wave_by_public_slug(slug)
    if wave is None:
        return unavailable(request, "invalid")
    state = wave_state(wave)
    if state != "open":
        return unavailable(request, state)
    if _already_answered(request, wave.pk):
        return unavailable(request, "duplicate")
    form = RespondentForm(request.POST or None, version=wave.version)
    consent_error = ""
    if request.method == "POST":
        again = _rerender(request, form)
        if again is not None:
            return render(
                request,
                "surveys/respond/form.html",
                _context(again, wave, public=True, refreshed=True, consent_checked=request.POST.get("consent") == "1"),
            )
        consent, consent_error = _consent(request, wave)
        if form.is_valid() and not consent_error:
            if not public_rate_hit(
                wave=wave,
                address=request.META.get("REMOTE_ADDR", ""),
                limit=int(settings.TILIK_PUBLIC_RATE_LIMIT),
                day_limit=int(settings.TILIK_PUBLIC_RATE_LIMIT_DAY),
            ):
                return unavailable(request, "rate")
            try:
                submit_public(
                    wave=wave,
                    answers=form.answers(),
                    consent=consent,
                    device=request.POST.get("perangkat", ""),
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except SurveyUnavailable as exc:
                return unavailable(request, exc.reason)
            response = redirect("surveys:thanks")
            max_age = max(60, int((wave.closes_at - timezone.now()).total_seconds()))
            response.set_signed_cookie(
                _cookie_name(wave.pk),
                "1",
                salt=PUBLIC_COOKIE_SALT,
                max_age=max_age,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    summary = error_summary(form) if form.is_bound and form.errors else ""
    return render(
        request,
        "surveys/respond/form.html",
        _context(
            form,
            wave,
            public=True,
            consent_error=consent_error,
            summary=summary,
            consent_checked=request.POST.get("consent") == "1",
        ),
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/respond/thanks.html")
