"""Issue 18: invitations mailed by the background worker, each delivery recorded, none twice after a restart."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import AuditEvent
from tilik.jobs.models import Job, JobItem
from tilik.jobs.tests.support import job_from_redirect, run_worker
from tilik.surveys.models import Invitation
from tilik.surveys.tests.conftest import invite, open_wave

pytestmark = [pytest.mark.django_db, pytest.mark.tasks]  # tasks: also on RQ (scripts/test.sh tasks-rq)

_real_send = EmailMessage.send


def _send_then(fail_after: int, exc: BaseException):
    """EmailMessage.send that delivers ``fail_after`` mails, then raises ``exc``."""
    calls = {"n": 0}

    def send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > fail_after:
            raise exc
        return _real_send(self, *args, **kwargs)

    return send


def test_send_returns_at_once_and_the_worker_mails_each_invitee_once(client, evaluator, reaksi):
    wave = open_wave(reaksi)
    invite(wave, 3)
    client.force_login(evaluator)
    job = job_from_redirect(client.post(reverse("surveys:wave_action", args=[wave.pk, "send"])))
    assert mail.outbox == [] and job.status == Job.Status.QUEUED

    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and len(mail.outbox) == 3
    assert JobItem.objects.filter(job=job, state=JobItem.State.DONE).count() == 3
    assert not Invitation.objects.filter(wave=wave, sent_on__isnull=True).exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "3 surel terkirim." in page
    event = AuditEvent.objects.get(action="invitation.send", detail__job=job.pk)
    assert event.actor_id == evaluator.pk and event.detail["n"] == 3


def test_a_worker_killed_mid_batch_mails_nobody_twice(client, evaluator, reaksi):
    wave = open_wave(reaksi)
    invite(wave, 3)
    client.force_login(evaluator)
    job = job_from_redirect(client.post(reverse("surveys:wave_action", args=[wave.pk, "send"])))
    # The process dies while sending the second mail: after its claim, before it is recorded.
    with mock.patch.object(EmailMessage, "send", _send_then(1, SystemExit(9))):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and len(mail.outbox) == 1

    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.TILIK_JOB_STALE_SECONDS + 1)
    )
    run_worker()  # a new worker starts: the job is picked up again
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 2  # the third invitee; the interrupted one is not resent blindly
    assert (job.summary["sent"], job.summary["unconfirmed"]) == (2, 1)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "1 surel mungkin belum terkirim" in page
    assert Invitation.objects.filter(wave=wave, sent_on__isnull=True).count() == 1  # a later send finds it


def test_a_refusing_mail_server_fails_in_indonesian_and_retry_sends_the_rest(client, evaluator, reaksi):
    wave = open_wave(reaksi)
    invite(wave, 3)
    client.force_login(evaluator)
    job = job_from_redirect(client.post(reverse("surveys:wave_action", args=[wave.pk, "send"])))
    refused = smtplib.SMTPServerDisconnected("gone")
    with mock.patch.object(EmailMessage, "send", _send_then(2, refused)):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and len(mail.outbox) == 2
    assert job.error.startswith("Server surel menolak pengiriman") and "2 surel sudah terkirim" in job.error

    client.post(reverse("jobs:retry", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and len(mail.outbox) == 3
    assert len({m.body for m in mail.outbox}) == 3  # three different personal links, none twice


def test_mails_keep_the_rate_limit_and_a_refused_connection_is_tried_again(client, evaluator, reaksi, settings):
    from django.core.mail.backends.locmem import EmailBackend

    class RefusesTwice(EmailBackend):
        refusals = 0

        def open(self):
            if RefusesTwice.refusals < 2:
                RefusesTwice.refusals += 1
                raise ConnectionRefusedError("smtp down")
            return super().open()

    settings.TILIK_MAIL_PER_MINUTE = 120
    wave = open_wave(reaksi)
    invite(wave, 3)
    client.force_login(evaluator)
    job = job_from_redirect(client.post(reverse("surveys:wave_action", args=[wave.pk, "send"])))
    with (
        mock.patch("tilik.surveys.jobs.get_connection", RefusesTwice),
        mock.patch("tilik.surveys.jobs.time.sleep") as sleep,
    ):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and len(mail.outbox) == 3
    # Two refused connections (pauses 1 s, 2 s), then one pause of 60/120 s after each mail.
    assert [c.args[0] for c in sleep.call_args_list] == [1, 2, 0.5, 0.5, 0.5]


def test_a_mail_server_that_stays_down_fails_the_job_with_nothing_claimed(client, evaluator, reaksi, settings):
    settings.TILIK_MAIL_CONNECT_TRIES = 2
    wave = open_wave(reaksi)
    invite(wave, 2)
    client.force_login(evaluator)
    job = job_from_redirect(client.post(reverse("surveys:wave_action", args=[wave.pk, "send"])))
    down = mock.Mock(**{"return_value.open.side_effect": ConnectionRefusedError("smtp down")})
    with mock.patch("tilik.surveys.jobs.get_connection", down), mock.patch("tilik.surveys.jobs.time.sleep"):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "ConnectionRefusedError" in job.error and mail.outbox == []
    assert down.call_count == 2 and not JobItem.objects.filter(job=job).exists()
