"""Issue 18 schedules: reminders on the days the evaluator chose, queued once per (wave, day) by `tilik jadwal`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tilik.jobs.models import Job
from tilik.jobs.tests.support import run_worker
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.forms_builder import WaveForm
from tilik.surveys.models import ScheduledReminder, Wave
from tilik.surveys.tests.conftest import invite, open_wave

pytestmark = pytest.mark.django_db


def _wave(reaksi, evaluator, *, opened_days_ago: float, days: list[int]) -> Wave:
    wave = open_wave(reaksi, reminder_days=days)
    Wave.objects.filter(pk=wave.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=opened_days_ago),
        closes_at=timezone.now() + dt.timedelta(days=30),
        created_by=evaluator,
    )
    wave.refresh_from_db()
    return wave


def _jadwal() -> str:
    out = io.StringIO()
    call_command("jadwal", stdout=out)
    return out.getvalue()


def test_form_reads_reminder_days_and_refuses_bad_ones() -> None:
    base = {
        "title": "Reaksi",
        "audience": Audience.INVITED,
        "anonymity": Anonymity.ANONIM,
        "opens_at": "2026-12-01T08:00",
        "closes_at": "2026-12-20T08:00",
    }
    form = WaveForm({**base, "reminder_days": "7, 3,3"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reminder_days"] == [3, 7]
    bad = WaveForm({**base, "reminder_days": "3, besok"})
    assert not bad.is_valid()
    assert "'besok' bukan hari yang sah" in bad.errors["reminder_days"][0]
    assert not WaveForm({**base, "reminder_days": "0"}).is_valid()


def test_due_reminder_queued_once_and_mailed_by_the_worker(settings, reaksi, evaluator) -> None:
    settings.TILIK_BASE_URL = "https://tilik.example.go.id"
    wave = _wave(reaksi, evaluator, opened_days_ago=3.5, days=[3, 7])
    invite(wave, 2)
    assert "reminders: 1 queued, 0 skipped" in _jadwal()
    assert "reminders: 0 queued, 0 skipped" in _jadwal()  # the same hour again: nothing twice
    job = Job.objects.get()
    assert job.params == {
        "wave": wave.pk,
        "reminder": True,
        "base_url": "https://tilik.example.go.id",
        "scheduled_day": 3,
    }
    assert job.owner == evaluator
    row = ScheduledReminder.objects.get()
    assert (row.day, row.outcome, row.job_id) == (3, ScheduledReminder.Outcome.QUEUED, job.pk)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert len(mail.outbox) == 2
    assert all("https://tilik.example.go.id/" in m.body for m in mail.outbox)
    _jadwal()
    assert Job.objects.count() == 1  # day 7 has not come


def test_missed_days_send_one_reminder_not_a_burst(settings, reaksi, evaluator) -> None:
    settings.TILIK_BASE_URL = "https://tilik.example.go.id"
    wave = _wave(reaksi, evaluator, opened_days_ago=8, days=[3, 7])
    invite(wave, 1)
    _jadwal()
    rows = dict(ScheduledReminder.objects.filter(wave=wave).values_list("day", "outcome"))
    assert rows == {3: ScheduledReminder.Outcome.SKIPPED, 7: ScheduledReminder.Outcome.QUEUED}
    assert Job.objects.get().params["scheduled_day"] == 7


def test_nothing_queued_or_recorded_without_a_base_url(settings, reaksi, evaluator) -> None:
    settings.TILIK_BASE_URL = ""
    settings.CSRF_TRUSTED_ORIGINS = []
    wave = _wave(reaksi, evaluator, opened_days_ago=4, days=[3])
    invite(wave, 1)
    _jadwal()
    assert not Job.objects.exists() and not ScheduledReminder.objects.exists()
    settings.TILIK_BASE_URL = "https://tilik.example.go.id"  # configured later: the next run queues it
    _jadwal()
    assert Job.objects.count() == 1


def test_closed_and_not_yet_due_waves_get_no_reminder(settings, reaksi, evaluator) -> None:
    settings.TILIK_BASE_URL = "https://tilik.example.go.id"
    _wave(reaksi, evaluator, opened_days_ago=1, days=[3])
    closed = _wave(reaksi, evaluator, opened_days_ago=10, days=[3])
    Wave.objects.filter(pk=closed.pk).update(closes_at=timezone.now() - dt.timedelta(days=1))
    _jadwal()
    assert not Job.objects.exists()


def test_jadwal_publishes_a_due_result_snapshot_once(settings, reaksi, evaluator) -> None:
    from tilik.surveys.models import ResultSnapshot
    from tilik.surveys.services.responses import submit_token
    from tilik.surveys.tests.conftest import reaksi_answers

    wave = _wave(reaksi, evaluator, opened_days_ago=1, days=[])
    for token in invite(wave, settings.TILIK_MIN_CELL):
        submit_token(token=token, answers=reaksi_answers(), consent=True)
    assert not ResultSnapshot.objects.filter(wave=wave).exists()  # nobody has looked yet
    assert "snapshots: 1 published" in _jadwal()
    assert ResultSnapshot.objects.get(wave=wave).n == settings.TILIK_MIN_CELL
    assert "snapshots: 0 published" in _jadwal()  # nothing new: nothing published twice
