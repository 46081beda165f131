"""Reads for suspicious public-survey bursts (services.bursts): the review list and the exclusion summary.

Nothing here shows an address, a device token or their hashes: a burst is its time span, its size, its
reasons and the decision taken on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from tilik.surveys.models import Burst, BurstDecision, BurstReason, KioskDevice, Response, Wave


@dataclass(frozen=True)
class Exclusions:
    """How many responses of a wave were excluded as suspicious bursts, and why."""

    n: int
    bursts: int
    reasons: list[str]
    pending: int  # bursts still waiting for the evaluator's decision
    pending_n: int  # responses in them (counted until excluded)


def wave_bursts(wave: Wave) -> list[dict[str, Any]]:
    labels = dict(BurstReason.choices)
    kiosks = set(KioskDevice.objects.filter(wave=wave).values_list("device_key", flat=True))
    kiosk_bursts = set(
        Response.objects.filter(wave=wave, burst__isnull=False, device_key__in=kiosks).values_list(
            "burst_id", flat=True
        )
    )
    rows = (
        Burst.objects.filter(wave=wave)
        .annotate(n=Count("responses"))
        .select_related("decided_by")
        .order_by("-first_at", "-pk")
    )
    return [
        {
            "burst": b,
            "n": b.n,
            "reasons": [str(labels[r]) for r in BurstReason.values if r in b.reasons],
            "decided": b.decision != BurstDecision.PENDING,
            "device": BurstReason.DEVICE in b.reasons,  # may be registered as a kiosk
            "kiosk": b.pk in kiosk_bursts,
        }
        for b in rows
    ]


def exclusions(wave: Wave) -> Exclusions:
    return exclusions_by_wave([wave.pk]).get(wave.pk) or Exclusions(0, 0, [], 0, 0)


def exclusions_by_wave(wave_ids: Iterable[int]) -> dict[int, Exclusions]:
    """Per wave (only waves with bursts): excluded responses with their reasons, bursts still undecided."""
    labels = dict(BurstReason.choices)
    bursts = Burst.objects.filter(wave_id__in=list(wave_ids)).annotate(n=Count("responses"))
    found: dict[int, dict[str, Any]] = {}
    for b in bursts:
        row = found.setdefault(b.wave_id, {"n": 0, "bursts": 0, "reasons": set(), "pending": 0, "pending_n": 0})
        if b.decision == BurstDecision.EXCLUDE:
            row["bursts"] += 1
            row["reasons"].update(b.reasons)
        elif b.decision == BurstDecision.PENDING:
            row["pending"] += 1
            row["pending_n"] += b.n
    excluded = (
        Response.objects.filter(wave_id__in=list(found), excluded=True)
        .values_list("wave_id")
        .annotate(c=Count("pk"))
        .order_by()
    )
    for wave_id, c in excluded:
        found[wave_id]["n"] = c
    order = list(BurstReason.values)
    return {
        pk: Exclusions(
            n=row["n"],
            bursts=row["bursts"],
            reasons=[str(labels[r]) for r in order if r in row["reasons"]],
            pending=row["pending"],
            pending_n=row["pending_n"],
        )
        for pk, row in found.items()
    }
