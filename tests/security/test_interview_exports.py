"""Interview downloads are audited; interview recordings are purged after their retention period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import AuditEvent
from tilik.core.privacy.retention import retention_tasks
from tilik.interviews import services
from tilik.interviews.models import Interview

pytestmark = pytest.mark.django_db
MP3 = b"ID3" + b"\x00" * 64


def exports(what_prefix: str) -> list[AuditEvent]:
    return [e for e in AuditEvent.objects.filter(action="data.export") if e.detail["what"].startswith(what_prefix)]


def test_every_interview_download_is_audited(client, world):
    evaluator = world.users["evaluator"]
    services.audio_set(interview=world.interview, by=evaluator, upload=SimpleUploadedFile("rekaman.mp3", MP3))
    client.force_login(evaluator)

    audio = client.get(reverse("interviews:file", kwargs={"pk": world.interview.pk, "kind": "audio"}))
    assert audio.status_code == 200 and b"".join(audio.streaming_content) == MP3
    (event,) = exports("interviews.audio:")
    assert event.actor == evaluator and event.detail == {
        "what": f"interviews.audio:interview={world.interview.pk}",
        "rows": 1,
        "fmt": "mp3",
    }

    matrix = client.get(reverse("interviews:matrix", kwargs={"pk": world.codebook.pk}))
    assert matrix.status_code == 200 and matrix.content.startswith(b"PK")
    (event,) = exports("interviews.code_matrix:")
    assert event.detail["fmt"] == "xlsx" and event.detail["rows"] >= 1

    for fmt in ("csv", "qdc"):
        response = client.get(reverse("interviews:codebook_export", kwargs={"pk": world.codebook.pk, "fmt": fmt}))
        assert response.status_code == 200
    events = exports("interviews.codebook:")
    assert sorted(e.detail["fmt"] for e in events) == ["csv", "qdc"]
    assert all(e.detail["rows"] == world.codebook.codes.count() > 0 for e in events)


def test_refused_downloads_are_not_audited(client, world):
    client.force_login(world.users["pimpinan_unit"])
    assert client.get(reverse("interviews:matrix", kwargs={"pk": world.codebook.pk})).status_code == 403
    client.force_login(world.users["evaluator"])
    missing = client.get(reverse("interviews:file", kwargs={"pk": world.interview.pk, "kind": "audio"}))
    assert missing.status_code == 404
    assert exports("interviews.") == []


def test_interview_audio_retention_dry_run_then_apply(world, settings, capsys, django_capture_on_commit_callbacks):
    assert "interview_audio" in {task.key for task in retention_tasks()}
    settings.TILIK_RETENTION_DAYS = {"interview_audio": 365}
    evaluator = world.users["evaluator"]
    old = services.audio_set(interview=world.interview, by=evaluator, upload=SimpleUploadedFile("lama.mp3", MP3))
    recent = services.interview_create(
        by=evaluator,
        code="W-02",
        role="kepala_puskesmas",
        unit=world.unit_a1,
        held_on=timezone.localdate(),
        consent=True,
    )
    services.audio_set(interview=recent, by=evaluator, upload=SimpleUploadedFile("baru.mp3", MP3))
    Interview.objects.filter(pk=old.pk).update(held_on=timezone.localdate() - dt.timedelta(days=400))
    old_path = Path(Interview.objects.get(pk=old.pk).audio.path)
    assert old_path.is_file()

    call_command("purge")
    out = capsys.readouterr().out
    assert "Rekaman audio wawancara: 1 baris" in out
    assert Interview.objects.get(pk=old.pk).audio and old_path.is_file()  # a dry run changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge", "--apply")
    old_row, recent_row = Interview.objects.get(pk=old.pk), Interview.objects.get(pk=recent.pk)
    assert not old_row.audio and old_row.audio_name == "" and not old_path.exists()
    assert recent_row.audio and Path(recent_row.audio.path).is_file()
    assert old_row.transcript.text  # the transcript stays
    purge_event = AuditEvent.objects.get(action="retention.purge")
    assert purge_event.detail["counts"]["interview_audio"] == 1
