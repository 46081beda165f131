"""A kiosk (one counter tablet filled in by citizen after citizen) registered from its burst is no longer
flagged for its number of responses over the wave, only when responses come faster than people take turns
(services/bursts.py, docs/keamanan.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F

from tilik.core.models import AuditEvent
from tilik.surveys.models import Burst, BurstDecision, KioskDevice, PublicTrace, Response
from tilik.surveys.tests.test_bursts import DEVICE, post, varied

OTHER_DEVICE = "fedcba9876543210fedcba9876543210"


def _later(minutes: int) -> None:
    """Time passes: every trace in the window moves back (as test_bursts does for the address rule)."""
    PublicTrace.objects.update(at=F("at") - dt.timedelta(minutes=minutes))


def _turns(client: Any, wave: Any, device: str, answers: range, *, every: int) -> None:
    for j in answers:
        assert post(client, wave, varied(j, perangkat=device), address=f"203.0.113.{j}") == 302
        _later(every)


def test_a_registered_kiosk_taking_turns_is_not_flagged_a_real_burst_still_is(client, public_wave, evaluator) -> None:
    _turns(client, public_wave, DEVICE, range(5), every=3)  # five citizens, three minutes apart
    burst = Burst.objects.get()  # the whole-wave device rule: five from one device
    assert burst.reasons == ["perangkat"]
    client.force_login(evaluator)
    url = f"/survei/gelombang/{public_wave.pk}/lonjakan/"
    assert 'value="kios"' in client.get(url).content.decode()
    reason = "Tablet layanan di loket pendaftaran"
    assert client.post(url, {"burst": burst.pk, "decision": "kios", "decision_reason": reason}).status_code == 302
    burst.refresh_from_db()
    assert burst.decision == BurstDecision.KEEP and KioskDevice.objects.filter(wave=public_wave).count() == 1
    assert AuditEvent.objects.filter(action="wave.kiosk_register", detail__burst=burst.pk).exists()
    page = client.get(url).content.decode()
    assert "perangkat kios terdaftar" in page and DEVICE not in page

    # Eight more citizens at the kiosk, three minutes apart: never five within ten minutes, no flag.
    _turns(client, public_wave, DEVICE, range(5, 13), every=3)
    assert Burst.objects.count() == 1 and Response.objects.filter(burst__isnull=True).count() == 8
    # Another (unregistered) device taking turns the same way is flagged by the whole-wave rule.
    _later(11)
    _turns(client, public_wave, OTHER_DEVICE, range(13, 18), every=3)
    assert Burst.objects.exclude(pk=burst.pk).get().reasons == ["perangkat"]

    # The kiosk filled in five times within a few minutes: a real burst, flagged.
    _later(11)
    for j in range(18, 23):
        post(client, public_wave, varied(j, perangkat=DEVICE), address=f"203.0.113.{j}")
    fresh = Burst.objects.filter(decision=BurstDecision.PENDING, reasons=["perangkat"]).order_by("-pk").first()
    assert fresh is not None and Response.objects.filter(burst=fresh).count() == 5
    assert set(Response.objects.filter(burst=fresh).values_list("device_key", flat=True)) == {
        KioskDevice.objects.get().device_key
    }


def test_only_a_burst_of_one_device_can_be_registered(client, public_wave, evaluator) -> None:
    for j in range(5):  # one address within minutes, no device token (JavaScript off)
        post(client, public_wave, varied(j), address="198.51.100.7")
    burst = Burst.objects.get()
    assert burst.reasons == ["alamat"]
    client.force_login(evaluator)
    url = f"/survei/gelombang/{public_wave.pk}/lonjakan/"
    assert 'value="kios"' not in client.get(url).content.decode()
    refused = client.post(url, {"burst": burst.pk, "decision": "kios", "decision_reason": "Loket"})
    assert refused.status_code == 200 and "tidak berasal dari satu perangkat" in refused.content.decode()
    assert not KioskDevice.objects.exists() and Burst.objects.get().decision == BurstDecision.PENDING
