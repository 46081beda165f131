"""Publishing a wave's results in batches, so that no reading reveals one respondent (docs/keamanan.md)."""

from __future__ import annotations

from django.db import transaction

from tilik.core.audit import audit_record
from tilik.surveys.models import Response, ResultSnapshot, Wave


def latest_snapshot(wave: Wave) -> ResultSnapshot | None:
    return ResultSnapshot.objects.filter(wave=wave).order_by("-id").first()


@transaction.atomic
def snapshot_publish_due(*, wave: Wave, k: int) -> ResultSnapshot | None:
    """Publish a new snapshot when at least ``k`` responses arrived since the last one; return the current one.

    The first snapshot needs k responses. A remainder of fewer than k is never published, not even when the
    wave closes: closing after one late answer would otherwise reveal that answer by difference. Called when
    an aggregate-only reader opens results, so it runs only when someone looks (no work on the hot path).
    """
    Wave.objects.select_for_update().filter(pk=wave.pk).first()  # one publisher per wave at a time (PostgreSQL)
    last = latest_snapshot(wave)
    now = {str(pk) for pk in Response.objects.counted().filter(wave=wave).values_list("id", flat=True)}
    published = set(last.response_ids) & now if last is not None else set()
    if len(now - published) < k:
        return last
    snapshot = ResultSnapshot(wave=wave, n=len(now), response_ids=sorted(now))
    snapshot.full_clean()
    snapshot.save()
    # Only the newest batch is ever read; older id lists would grow the table quadratically.
    ResultSnapshot.objects.filter(wave=wave).exclude(pk=snapshot.pk).delete()
    audit_record(actor=None, action="surveys.snapshot.publish", target=wave, n=snapshot.n, k=k)
    return snapshot
