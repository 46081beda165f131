"""Survey invitations and reminders as a background job (issue 18): the request enqueues, the worker mails.

Each invitation is claimed in the job's ledger before its mail leaves (tilik.jobs.progress.JobProgress.claim),
so a job run again after a worker restart never mails anyone twice; one claimed but never confirmed (the
worker died between claiming and recording) is reported in the summary, not resent.
"""

from __future__ import annotations

import smtplib
import time
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django.utils.translation import gettext_noop

from tilik.core import fmt
from tilik.core.audit import audit_record
from tilik.core.language import languages_of_employees
from tilik.jobs.errors import JobError
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.surveys.models import Wave
from tilik.surveys.services.waves import invitation_mail, invitations_to_mail

KIND = "surveys.invitations"
BATCH = 20  # mails per SMTP connection (progress and heartbeat are recorded per batch)
STEP_SENDING = gettext_noop("Mengirim surel undangan")
SENT = gettext_noop("%(sent)s surel terkirim.")
UNCONFIRMED = gettext_noop(
    "%(n)s surel mungkin belum terkirim (pekerja berhenti saat mengirimnya); tidak dikirim ulang agar tidak ganda. "
    "Periksa kolom tanggal kirim di daftar undangan."
)
REFUSED = gettext_noop(
    "Server surel menolak pengiriman (%(error)s). %(sent)s surel sudah terkirim; tekan Coba lagi untuk sisanya."
)


def run_invitations(job: Job, progress: JobProgress) -> None:
    wave = Wave.objects.filter(pk=job.params.get("wave")).first()
    if wave is None:
        raise JobError(gettext_noop("Gelombang survei ini sudah tidak ada."))
    reminder = bool(job.params.get("reminder"))
    base_url = str(job.params.get("base_url", ""))
    day = timezone.localdate()
    unconfirmed = progress.unconfirmed()
    pending = list(invitations_to_mail(wave=wave, reminder=reminder).order_by("pk"))
    chosen = languages_of_employees(i.employee_id for i in pending if i.employee_id)
    total, sent = len(pending), 0  # sent: by this run (its audit event counts these)
    pause = 60 / settings.TILIK_MAIL_PER_MINUTE if settings.TILIK_MAIL_PER_MINUTE > 0 else 0.0
    progress.step(1, STEP_SENDING)
    for start in range(0, total, BATCH):
        batch = [i for i in pending[start : start + BATCH] if not progress.is_claimed(f"invitation:{i.pk}")]
        if not batch:
            continue  # mailed (or attempted) by an earlier run of this job
        try:
            connection = _connect()
        except (smtplib.SMTPException, OSError) as exc:
            _audit(job, wave, reminder, sent)
            raise JobError(_refused(exc, progress)) from exc
        try:
            for invitation in batch:
                key = f"invitation:{invitation.pk}"
                if not progress.claim(key):
                    continue  # another run claimed it meanwhile
                try:
                    invitation_mail(
                        invitation=invitation,
                        base_url=base_url,
                        reminder=reminder,
                        day=day,
                        language=chosen.get(invitation.employee_id or 0, settings.LANGUAGE_CODE),
                        connection=connection,
                    )
                except (smtplib.SMTPException, OSError) as exc:
                    # Not retried here: a mail the server may have taken before failing must not go twice.
                    progress.release(key)  # the server refused it: a retry of the job sends it
                    _audit(job, wave, reminder, sent)
                    raise JobError(_refused(exc, progress)) from exc
                progress.confirm(key)
                sent += 1
                if pause:
                    time.sleep(pause)  # the provider's rate limit (TILIK_MAIL_PER_MINUTE)
        finally:
            connection.close()
        progress.step(round(100 * min(total, start + BATCH) / max(total, 1)), STEP_SENDING)
    _audit(job, wave, reminder, sent)
    total_sent = progress.confirmed()  # every run of this job, not only this one
    lines = [{"text": SENT, "values": {"sent": total_sent}}]
    if unconfirmed:
        lines.append({"text": UNCONFIRMED, "values": {"n": unconfirmed}})
    progress.publish_summary({"lines": lines, "sent": total_sent, "unconfirmed": unconfirmed})


def _refused(exc: Exception, progress: JobProgress) -> str:
    return REFUSED % {"error": type(exc).__name__, "sent": fmt.integer(progress.confirmed())}


def _connect() -> Any:
    """An open mail connection; a refused connection (nothing sent yet, so safe) is tried again with a
    doubling pause, TILIK_MAIL_CONNECT_TRIES times in all."""
    tries = max(1, settings.TILIK_MAIL_CONNECT_TRIES)
    for attempt in range(tries):
        connection = get_connection()
        try:
            connection.open()
            return connection
        except (smtplib.SMTPException, OSError):
            if attempt == tries - 1:
                raise
            time.sleep(2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _audit(job: Job, wave: Wave, reminder: bool, sent: int) -> None:
    action = "invitation.remind" if reminder else "invitation.send"
    audit_record(actor=job.owner, action=action, target=wave, n=sent, job=job.pk)
