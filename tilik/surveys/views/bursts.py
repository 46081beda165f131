"""The evaluator's review of suspicious bursts in a public wave (services.bursts): keep or exclude each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tilik.core.permissions import evaluator_required
from tilik.surveys.choices import Audience
from tilik.surveys.models import Burst, BurstDecision, Wave
from tilik.surveys.selectors.bursts import exclusions, wave_bursts
from tilik.surveys.services.bursts import burst_decide, burst_size, burst_window, kiosk_register

KIOSK = "kios"  # the form's third choice: keep the burst and register its device as a kiosk


@evaluator_required
def burst_review(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("unit"), pk=pk, audience=Audience.PUBLIC)
    errors: dict[str, str] = {}
    if request.method == "POST":
        burst_pk = request.POST.get("burst", "")
        burst = get_object_or_404(Burst, pk=int(burst_pk) if burst_pk.isdigit() else 0, wave=wave)
        decision, reason = request.POST.get("decision", ""), request.POST.get("decision_reason", "")
        try:
            if decision == KIOSK:
                kiosk_register(burst=burst, reason=reason, by=request.user)
            else:
                burst_decide(burst=burst, decision=decision, reason=reason, by=request.user)
        except ValidationError as exc:
            errors[str(burst.pk)] = " ".join(exc.messages)
        else:
            if decision == KIOSK:
                messages.success(
                    request,
                    _(
                        "Perangkat ini terdaftar sebagai kios gelombang ini; responsnya tetap dihitung dan hanya "
                        "ditandai bila %(n)s respons atau lebih datang dalam %(m)s menit."
                    )
                    % {"n": burst_size(), "m": int(burst_window().total_seconds() // 60)},
                )
            elif decision == BurstDecision.EXCLUDE:
                messages.success(request, _("Respons dalam lonjakan ini dikeluarkan dari hasil dan IKM."))
            else:
                messages.success(request, _("Respons dalam lonjakan ini tetap dihitung."))
            return redirect("surveys:bursts", pk=wave.pk)
    return render(
        request,
        "surveys/waves/bursts.html",
        {
            "wave": wave,
            "bursts": wave_bursts(wave),
            "summary": exclusions(wave),
            "errors": errors,
            "size": burst_size(),
            "minutes": int(burst_window().total_seconds() // 60),
            "posted": request.POST if errors else None,
        },
    )
