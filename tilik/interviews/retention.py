"""Retention of interview recordings: past TILIK_RETENTION_DAYS["interview_audio"] (counted from the
interview date) the audio file is deleted; the interview, its transcript and coding stay."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tilik.core.privacy.retention import RetentionTask
from tilik.interviews.models import Interview


def purge_interview_audio(cutoff: dt.datetime, apply: bool) -> int:
    old = Interview.objects.exclude(audio="").filter(held_on__lt=cutoff.date())
    if not apply:
        return old.count()
    purged = 0
    with transaction.atomic():
        for interview in old.select_for_update():
            name, storage = interview.audio.name, interview.audio.storage
            interview.audio = ""
            interview.audio_name = ""
            interview.save(update_fields=["audio", "audio_name"])
            # The file goes only once the row change is committed.
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))  # type: ignore[misc]
            purged += 1
    return purged


TASK = RetentionTask("interview_audio", "Rekaman audio wawancara", "hapus", purge_interview_audio)
