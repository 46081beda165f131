"""Suspicious bursts of public-survey responses: found at submission, decided by the evaluator.

The rule (docs/keamanan.md), with N = TILIK_BURST_SIZE and M = TILIK_BURST_MINUTES:

- **perangkat**: N or more responses to one wave carry the same device token (the random id the public
  page keeps in the browser's localStorage; a browser without JavaScript sends none); for a device the
  evaluator registered as a kiosk of the wave (``kiosk_register``, from one of its bursts), N or more
  within M minutes — citizens taking turns at a counter tablet are not flagged, a tablet filled in faster
  than people take turns still is;
- **alamat**: N or more responses to one wave from one client address within M minutes;
- **jawaban**: N or more responses to one wave with identical answers within M minutes, from anywhere.

Responses already in a burst the evaluator has decided on do not count again; a burst still waiting
for review grows with each response that meets its rule. Nothing is refused here (the hourly and daily
caps in services.responses do that): a kiosk tablet at the counter or a busy office network may be
genuine, so the evaluator keeps or excludes each burst (``burst_decide``, audited with a reason).
Excluded responses drop out of every result through ``Response.objects.counted()``.

Keys are salted HMACs (SECRET_KEY): the device key per wave (stored with the response), the address
key per wave and day, the answers key per wave; address and answers keys live only in PublicTrace,
for the window.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.surveys.models import Burst, BurstDecision, BurstReason, KioskDevice, PublicTrace, Response, Wave

DEVICE_TOKEN = re.compile(r"[0-9a-f]{32}")  # what static/surveys/device.js generates: 16 random bytes, hex


def _hmac(purpose: str, value: str) -> str:
    return salted_hmac(f"tilik.surveys.{purpose}", value, algorithm="sha256").hexdigest()


def device_key(wave: Wave, token: str) -> str:
    """The stored form of a device token ("" when none or malformed): never the token itself."""
    token = (token or "").strip().lower()
    return _hmac(f"device.{wave.pk}", token) if DEVICE_TOKEN.fullmatch(token) else ""


def address_key(wave: Wave, address: str, day: dt.date) -> str:
    return _hmac(f"burst-address.{wave.pk}.{day.isoformat()}", address) if address else ""


def answers_key(wave: Wave, answers: dict[str, Any]) -> str:
    def norm(value: Any) -> Any:
        return sorted(str(v) for v in value) if isinstance(value, list | tuple) else str(value)

    vector = {code: norm(v) for code, v in answers.items() if v not in (None, "", [])}
    return _hmac(f"answers.{wave.pk}", json.dumps(vector, sort_keys=True))


def burst_size() -> int:
    """N, never below TILIK_MIN_CELL: excluding a burst changes published results by at least k responses."""
    return max(int(settings.TILIK_MIN_CELL), int(settings.TILIK_BURST_SIZE), 2)


def burst_window() -> dt.timedelta:
    return dt.timedelta(minutes=max(1, int(settings.TILIK_BURST_MINUTES)))


def trace_purge(now: dt.datetime | None = None) -> int:
    """Delete every trace older than the window (each public submission and `tilik purge` call this)."""
    now = now or timezone.now()
    deleted, _by_model = PublicTrace.objects.filter(at__lt=now - burst_window()).delete()
    return deleted


def _undecided(ids: list[Any]) -> list[Any]:
    """Of these responses, those not yet in a decided burst."""
    decided = set(
        Response.objects.filter(pk__in=ids)
        .exclude(burst__isnull=True)
        .exclude(burst__decision="")
        .values_list("pk", flat=True)
    )
    return [pk for pk in ids if pk not in decided]


def _flag(wave: Wave, ids: list[Any], reason: str, at: dt.datetime) -> Burst:
    Wave.objects.select_for_update().filter(pk=wave.pk).first()  # one burst per group, also under concurrency
    burst = (
        Burst.objects.filter(wave=wave, decision=BurstDecision.PENDING, responses__pk__in=ids).order_by("pk").first()
    )
    traced = PublicTrace.objects.filter(response_id__in=ids).order_by("at").values_list("at", flat=True).first()
    if burst is None:
        burst = Burst(wave=wave, reasons=[reason], first_at=traced or at, last_at=at)
    else:
        burst.reasons = sorted({*burst.reasons, reason})
        burst.first_at = min(burst.first_at, traced or at)
        burst.last_at = max(burst.last_at, at)
    burst.full_clean()
    burst.save()
    Response.objects.filter(pk__in=ids, burst__isnull=True).update(burst=burst)
    return burst


def burst_track(
    *, wave: Wave, response: Response, address: str, answers: dict[str, Any], now: dt.datetime | None = None
) -> Burst | None:
    """Record a public response's keys and flag the burst it completes or joins (call in its transaction)."""
    now = now or timezone.now()
    at = now.replace(second=0, microsecond=0)
    trace_purge(now)
    trace = PublicTrace(
        wave=wave,
        response=response,
        at=at,
        address_key=address_key(wave, address, timezone.localdate(now)),
        device_key=response.device_key,
        answers_key=answers_key(wave, answers),
    )
    trace.save()
    # One read of the window: the responses sharing this one's address or answers.
    same_address: list[Any] = []
    same_answers: list[Any] = []
    match = Q(answers_key=trace.answers_key) | (Q(address_key=trace.address_key) if trace.address_key else Q())
    rows = PublicTrace.objects.filter(match, wave=wave, at__gte=at - burst_window())
    for response_id, a_key, v_key in rows.values_list("response_id", "address_key", "answers_key"):
        if trace.address_key and a_key == trace.address_key:
            same_address.append(response_id)
        if v_key == trace.answers_key:
            same_answers.append(response_id)
    groups: list[tuple[str, list[Any]]] = [(BurstReason.ADDRESS, same_address), (BurstReason.ANSWERS, same_answers)]
    if response.device_key:
        same = Response.objects.filter(wave=wave, device_key=response.device_key)
        if KioskDevice.objects.filter(wave=wave, device_key=response.device_key).exists():
            window = PublicTrace.objects.filter(wave=wave, device_key=response.device_key, at__gte=at - burst_window())
            same = same.filter(pk__in=window.values("response_id"))
        groups.insert(0, (BurstReason.DEVICE, list(same.values_list("pk", flat=True))))
    burst = None
    for reason, ids in groups:
        open_ids = _undecided(ids) if len(ids) >= burst_size() else []
        if len(open_ids) >= burst_size():
            burst = _flag(wave, open_ids, reason, at)
    return burst


@transaction.atomic
def burst_decide(*, burst: Burst, decision: str, reason: str, by: Any) -> Burst:
    """Keep or exclude a burst's responses; the reason is required and the decision is audited.

    A decision can be changed (with a new reason): each one is its own audit event.
    """
    if decision not in (BurstDecision.KEEP, BurstDecision.EXCLUDE):
        raise ValidationError({"decision": _("Pilih: pertahankan atau keluarkan.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": _("Tuliskan alasan keputusan.")})
    burst = Burst.objects.select_for_update().get(pk=burst.pk)
    burst.decision, burst.decision_reason = decision, reason[:2000]
    burst.decided_by, burst.decided_at = (by if getattr(by, "is_authenticated", False) else None), timezone.now()
    burst.full_clean()
    burst.save()
    n = Response.objects.filter(burst=burst).update(excluded=decision == BurstDecision.EXCLUDE)
    audit_record(
        actor=by,
        action="wave.burst_decide",
        target=burst.wave,
        burst=burst.pk,
        decision=decision,
        reason=burst.decision_reason,
        n=n,
    )
    return burst


def burst_device_key(burst: Burst) -> str:
    """The device key N or more of the burst's responses share ("" when the burst is not one device's)."""
    keys = Counter(Response.objects.filter(burst=burst).exclude(device_key="").values_list("device_key", flat=True))
    key, n = keys.most_common(1)[0] if keys else ("", 0)
    return key if n >= burst_size() else ""


@transaction.atomic
def kiosk_register(*, burst: Burst, reason: str, by: Any) -> KioskDevice:
    """Register the device of a burst as a kiosk of its wave and keep the burst (both audited, with the reason).

    From then on the device is flagged only for N responses within M minutes (the module docstring).
    """
    key = burst_device_key(burst)
    if not key:
        raise ValidationError(
            {"decision": _("Lonjakan ini tidak berasal dari satu perangkat; tidak dapat didaftarkan sebagai kios.")}
        )
    if not (reason or "").strip():
        raise ValidationError({"decision_reason": _("Tuliskan alasan keputusan.")})
    kiosk, _created = KioskDevice.objects.get_or_create(
        wave=burst.wave,
        device_key=key,
        defaults={
            "reason": reason.strip()[:2000],
            "registered_by": by if getattr(by, "is_authenticated", False) else None,
        },
    )
    burst_decide(burst=burst, decision=BurstDecision.KEEP, reason=reason, by=by)
    audit_record(
        actor=by, action="wave.kiosk_register", target=burst.wave, burst=burst.pk, kiosk=kiosk.pk, reason=kiosk.reason
    )
    return kiosk
