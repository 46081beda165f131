"""TOTP two-factor for admins and evaluators (django-otp).

With settings.TILIK_REQUIRE_2FA on (production default), an admin or evaluator who has signed in with
a password is sent to the verification page (or, without a device yet, to the enrolment page) before
any other page; enrolling that first device needs a one-time code from an admin (security/enrolment.py).
The demo and the tests run with it off; anyone may still enrol voluntarily.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from tilik.core.audit import audit_record
from tilik.core.models import Role
from tilik.core.roles import role_of

TWO_FACTOR_ROLES = {Role.ADMIN, Role.EVALUATOR, Role.CODER}  # a pengode reads transcripts (personal data)
EXEMPT_URL_NAMES = ("otp_verify", "otp_setup", "logout", "login", "set_language")


def needs_2fa(user: Any) -> bool:
    return bool(getattr(settings, "TILIK_REQUIRE_2FA", False)) and role_of(user) in TWO_FACTOR_ROLES


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_code_required(user: Any) -> bool:
    """A first device of an account that must use 2FA needs an admin-issued code (tilik.core.security.enrolment)."""
    return needs_2fa(user) and not has_device(user)


ENROL_SESSION_KEY = "tilik_2fa_enrol_code_ok"


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: holds unverified admins/evaluators at the 2FA pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and needs_2fa(user) and not user.is_verified():
            exempt = {reverse(name) for name in EXEMPT_URL_NAMES}
            if request.path not in exempt and not request.path.startswith(settings.STATIC_URL):
                target = "otp_verify" if has_device(user) else "otp_setup"
                return HttpResponseRedirect(
                    f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode pendaftaran dari admin"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kode 6 angka dari aplikasi autentikator"),
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if has_device(user):
        if not user.is_verified():
            # A password alone must never replace an enrolled device.
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': _next(request)})}")
        return render(request, "core/security/otp_setup.html", {"enrolled": True})
    if enrolment_code_required(user) and not request.session.get(ENROL_SESSION_KEY):
        return _enrolment_code_step(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        # A GET writes nothing: the secret is made by the "Mulai" button's POST, then shown by a GET.
        if request.method == "POST" and "start" in request.POST:
            _device_start(user)
            return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next(request)})}")
        return render(request, "core/security/otp_setup.html", {"start": True, "next": _next(request)})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            request.session.pop(ENROL_SESSION_KEY, None)
            audit_record(actor=user, action="auth.2fa_enrol", target=user)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect(_next(request))
        form.add_error("token", _("Kode salah atau kedaluwarsa. Coba kode yang baru."))
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR"),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next(request),
    }
    return render(request, "core/security/otp_setup.html", context)


def _device_start(user: Any) -> TOTPDevice:
    """A fresh unconfirmed device (its secret shown once, on the next page); any older unconfirmed one goes."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Tilik", confirmed=False)


def _enrolment_code_step(request: HttpRequest) -> HttpResponse:
    """Before the QR code: the one-time code an admin handed over out of band (issue 19)."""
    from tilik.core.security.enrolment import enrolment_code_redeem

    user: Any = request.user
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if enrolment_code_redeem(user=user, code=form.cleaned_data["code"]):
            # A device made before the code (its secret shown to whoever had the password) is never confirmed:
            # a new one is made now, in this POST, for the page the redirect shows.
            _device_start(user)
            request.session[ENROL_SESSION_KEY] = True
            return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next(request)})}")
        form.add_error(
            "code", _("Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada admin.")
        )
    return render(request, "core/security/otp_enrol_code.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not has_device(user):
        return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            audit_record(actor=user, action="auth.2fa_ok", target=user)
            return redirect(_next(request))
        audit_record(actor=user, action="auth.2fa_failed", target=user)
        form.add_error("token", _("Kode salah atau kedaluwarsa."))
    return render(request, "core/security/otp_verify.html", {"form": form, "next": _next(request)})
