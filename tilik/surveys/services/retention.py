"""Retention tasks for survey data (registered in SurveysConfig.ready, run by `tilik purge`).

Only personal data that is no longer needed goes: unsent drafts, and the invitations (names,
contacts, token hashes) that were never used, once their wave has been closed for the period.
Responses, answers and the record that a token was used (TokenUse, which the response rates
need) are never touched, so nothing here can change what an anonymous response reveals.
"""

from __future__ import annotations

import datetime as dt

from tilik.core.privacy.retention import delete_past
from tilik.surveys.models import Draft, Invitation, PublicTrace


def purge_drafts(cutoff: dt.datetime, apply: bool) -> int:
    """Partly filled answers last saved before the cutoff."""
    return delete_past(Draft.objects.filter(updated_at__lt=cutoff), apply)


def purge_invitations(cutoff: dt.datetime, apply: bool) -> int:
    """Unused invitations of waves that closed before the cutoff (their drafts go with them)."""
    return delete_past(Invitation.objects.filter(wave__closes_at__lt=cutoff, use__isnull=True), apply)


def purge_burst_traces(cutoff: dt.datetime, apply: bool) -> int:
    """Public responses' burst-window keys (services.bursts) older than the cutoff and the window: each
    submission deletes them too, but the last ones of a quiet wave would otherwise stay."""
    from tilik.surveys.services.bursts import burst_window

    return delete_past(PublicTrace.objects.filter(at__lt=cutoff - burst_window()), apply)
