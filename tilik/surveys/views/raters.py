"""Evaluator screen for one alumnus of a 360° wave: invite the alumnus, the atasan and rekan kerja.

Plain forms (no JavaScript): the rekan search is a GET form that reloads the page, each
invitation is a POST that redirects back (post/redirect/get).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tilik.core.permissions import evaluator_required
from tilik.org.models import Employee
from tilik.surveys.choices import Audience, RaterGroup
from tilik.surveys.models import Wave
from tilik.surveys.selectors.raters import (
    colleagues,
    peer_candidates,
    rater_row,
    supervisor_candidates,
    wave_participants,
)
from tilik.surveys.services.raters import rater_invite, raters_invite


def _picked(values: Iterable[str], allowed: Iterable[Employee]) -> list[Employee]:
    """The employees named by the posted ids; any id outside ``allowed`` refuses the whole post."""
    by_id = {str(e.pk): e for e in allowed}
    values = [v for v in values if v]
    if not values:
        raise ValidationError(_("Pilih minimal satu pegawai."))
    unknown = [v for v in values if v not in by_id]
    if unknown:
        raise ValidationError(_("Pegawai yang dipilih tidak termasuk daftar yang boleh dipilih."))
    return [by_id[v] for v in dict.fromkeys(values)]


def _post(request: HttpRequest, wave: Wave, alumnus: Employee) -> None:
    today = timezone.localdate()
    action = request.POST.get("action", "")
    row = rater_row(wave, alumnus, on=today)
    if action == RaterGroup.SELF:
        _inv, created = rater_invite(
            wave=wave, ratee=alumnus, rater=alumnus, rater_group=RaterGroup.SELF, by=request.user, on=today
        )
        n = int(created)
    elif action == RaterGroup.SUPERVISOR:
        (atasan,) = _picked([request.POST.get("atasan", "")], supervisor_candidates(alumnus, row.unit, on=today))
        _inv, created = rater_invite(
            wave=wave, ratee=alumnus, rater=atasan, rater_group=RaterGroup.SUPERVISOR, by=request.user, on=today
        )
        n = int(created)
    elif action == RaterGroup.PEER:
        allowed = colleagues(row.unit, on=today) if row.unit else Employee.objects.none()
        peers = _picked(request.POST.getlist("rekan"), allowed)
        n = raters_invite(
            wave=wave, ratee=alumnus, raters=peers, rater_group=RaterGroup.PEER, by=request.user, on=today
        )
    else:
        raise ValidationError(_("Tindakan tidak dikenal."))
    if n:
        messages.success(request, _("%(n)s undangan dibuat.") % {"n": n})
    else:
        messages.info(request, _("Penilai ini sudah diundang; tidak ada undangan baru."))


@evaluator_required
def rater_person(request: HttpRequest, pk: int, employee_pk: int) -> HttpResponse:
    wave = get_object_or_404(
        Wave.objects.select_related("version__instrument", "offering__program", "program"),
        pk=pk,
        audience=Audience.INVITED,
    )
    alumnus = get_object_or_404(wave_participants(wave), pk=employee_pk)
    url = reverse("surveys:raters", args=[wave.pk, alumnus.pk])
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        try:
            _post(request, wave, alumnus)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        back = request.POST.get("q", "").strip()[:100]
        return redirect(f"{url}?{urlencode({'q': back})}" if back else url)
    today = timezone.localdate()
    row = rater_row(wave, alumnus, on=today)
    candidates = supervisor_candidates(alumnus, row.unit, on=today) if not row.supervisors else []
    return render(
        request,
        "surveys/waves/raters.html",
        {
            "wave": wave,
            "row": row,
            "groups": set(wave.rater_groups or ()),
            "candidates": candidates,
            "peers": peer_candidates(row, on=today, query=query),
            "query": query,
        },
    )
