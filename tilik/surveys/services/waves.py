"""Writes for waves and invitations: create, publish, close, invite, e-mail and remind."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.language import languages_of_employees
from tilik.core.privacy.restriction import is_restricted, restricted_employee_ids
from tilik.org.models import Employee
from tilik.org.selectors import unit_of
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment
from tilik.surveys.choices import Anonymity, Audience, RaterGroup, WaveStatus
from tilik.surveys.models import InstrumentVersion, Invitation, Response, TokenUse, Wave
from tilik.surveys.tokens import new_nonce, token_for, token_hash

WAVE_FIELDS = {
    "title",
    "program",
    "offering",
    "unit",
    "period",
    "phase",
    "rater_groups",
    "opens_at",
    "closes_at",
    "consent_text",
    "reminder_days",
    "anonymity",
    "audience",
}


def wave_has_responses(wave: Wave) -> bool:
    return Response.objects.filter(wave=wave).exists() or TokenUse.objects.filter(invitation__wave=wave).exists()


def _check_wave(wave: Wave) -> None:
    if wave.audience == Audience.PUBLIC:
        if wave.anonymity != Anonymity.ANONIM:
            raise ValidationError({"anonymity": _("Survei publik selalu anonim.")})
        if wave.unit is None or not wave.unit.serves_public:
            raise ValidationError({"unit": _("Survei publik membutuhkan unit yang melayani publik.")})
        if not wave.public_slug:
            wave.public_slug = secrets.token_urlsafe(9)
    if wave.offering is not None and wave.program is None:
        wave.program = wave.offering.program


@transaction.atomic
def wave_create(
    *,
    version: InstrumentVersion,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    by: Any,
    **fields: Any,
) -> Wave:
    unknown = set(fields) - WAVE_FIELDS
    if unknown:
        raise TypeError(f"unknown wave fields: {sorted(unknown)}")
    wave = Wave(
        version=version,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **fields,
    )
    _check_wave(wave)
    wave.full_clean()
    wave.save()
    audit_record(actor=by, action="wave.create", target=wave)
    return wave


@transaction.atomic
def wave_update(*, wave: Wave, by: Any, **fields: Any) -> Wave:
    unknown = set(fields) - WAVE_FIELDS
    if unknown:
        raise TypeError(f"unknown wave fields: {sorted(unknown)}")
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    locked = wave_has_responses(wave)
    for key in ("anonymity", "audience"):
        if key in fields and fields[key] != getattr(wave, key) and locked:
            raise ValidationError({key: _("Mode kerahasiaan dan sasaran tidak dapat diubah setelah ada respons.")})
    for key, value in fields.items():
        setattr(wave, key, value)
    _check_wave(wave)
    wave.full_clean()
    wave.save()
    audit_record(actor=by, action="wave.update", target=wave, fields=sorted(fields))
    return wave


@transaction.atomic
def wave_publish(*, wave: Wave, by: Any) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if not wave.version.questions.exists():
        raise ValidationError(_("Instrumen belum memiliki pertanyaan."))
    wave.status = WaveStatus.PUBLISHED
    wave.full_clean()
    wave.save(update_fields=["status"])
    audit_record(actor=by, action="wave.publish", target=wave)
    return wave


@transaction.atomic
def wave_close(*, wave: Wave, by: Any) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    wave.status = WaveStatus.CLOSED
    wave.save(update_fields=["status"])
    audit_record(actor=by, action="wave.close", target=wave)
    return wave


def invitation_token(invitation: Invitation) -> str:
    return token_for(invitation.pk, invitation.nonce)


@transaction.atomic
def invitation_create(
    *,
    wave: Wave,
    by: Any,
    employee: Employee | None = None,
    subject: Employee | None = None,
    rater_group: str = RaterGroup.SELF,
    name: str = "",
    email: str = "",
    phone: str = "",
    on: dt.date | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its token (the only moment the caller needs none stored)."""
    if wave.audience != Audience.INVITED:
        raise ValidationError(_("Gelombang publik tidak memakai undangan."))
    if employee is not None and is_restricted(employee):
        # UU PDP: processing of this ASN's data is restricted; no new invitations until it is lifted.
        raise ValidationError(
            _("Pemrosesan data pegawai ini sedang dibatasi atas permintaannya; tidak dapat diundang.")
        )
    if employee is not None:
        name = name or employee.name
        email = email or employee.email
        phone = phone or employee.phone
    invitation = Invitation(
        wave=wave,
        employee=employee,
        subject=subject,
        rater_group=rater_group,
        name=name,
        email=email,
        phone=phone,
        nonce=new_nonce(),
        unit=unit_of(employee, on or timezone.localdate()) if employee else None,
    )
    invitation.full_clean(exclude=["token_hash"])
    # The token needs the primary key: save with a unique placeholder (the nonce), then the real hash.
    invitation.token_hash = invitation.nonce[:64]
    invitation.save()
    token = invitation_token(invitation)
    invitation.token_hash = token_hash(token)
    invitation.save(update_fields=["token_hash"])
    audit_record(actor=by, action="invitation.create", target=wave, rater_group=rater_group)
    return invitation, token


@transaction.atomic
def invitations_for_offering(*, wave: Wave, by: Any, statuses: tuple[str, ...] | None = None) -> int:
    """Invite every participant of the wave's offering (default: attended or completed) not yet invited."""
    if wave.offering is None:
        raise ValidationError(_("Gelombang ini tidak terkait dengan angkatan."))
    if wave.rater_groups and RaterGroup.SELF not in wave.rater_groups:
        raise ValidationError(_("Gelombang ini tidak memakai penilaian diri oleh peserta."))
    statuses = statuses or (EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED)
    existing = set(wave.invitations.filter(rater_group=RaterGroup.SELF).values_list("employee_id", flat=True))
    made = 0
    enrollments = (
        Enrollment.objects.filter(offering=wave.offering, status__in=statuses)
        .exclude(employee_id__in=restricted_employee_ids())
        .select_related("employee")
    )
    for enrollment in enrollments:
        if enrollment.employee_id in existing:
            continue
        invitation_create(wave=wave, employee=enrollment.employee, by=by)
        made += 1
    return made


@transaction.atomic
def invitation_revoke_link(*, invitation: Invitation, by: Any) -> str:
    """Give the invitation a new token; the old link stops working. Returns the new token."""
    invitation.nonce = new_nonce()
    token = invitation_token(invitation)
    invitation.token_hash = token_hash(token)
    invitation.save(update_fields=["nonce", "token_hash"])
    audit_record(actor=by, action="invitation.revoke_link", target=invitation.wave)
    return token


def _rater_line(invitation: Invitation) -> str:
    """For a 360° invitation, whom the rater is asked about (the form words items for the rater)."""
    if invitation.subject_id is None or invitation.rater_group == RaterGroup.SELF:
        return ""
    values = {"ratee": invitation.subject.name if invitation.subject else ""}
    if invitation.rater_group == RaterGroup.SUPERVISOR:
        return _("Sebagai atasan langsung, Anda diminta menilai perilaku kerja %(ratee)s.") % values
    return _("Sebagai rekan kerja, Anda diminta menilai perilaku kerja %(ratee)s.") % values


def _invitation_message(invitation: Invitation, wave: Wave, base_url: str, reminder: bool) -> tuple[str, str]:
    """Subject and body in the active language."""
    subject = (_("Pengingat: %(title)s") if reminder else _("Undangan mengisi: %(title)s")) % {"title": wave.title}
    close = formats.date_format(timezone.localtime(wave.closes_at), "j F Y H:i")
    link = f"{base_url.rstrip('/')}/s/t/{invitation_token(invitation)}/"
    body = _(
        'Yth. %(name)s,\n\nMohon kesediaan Anda mengisi "%(title)s" sebelum %(close)s melalui tautan '
        "pribadi berikut (jangan diteruskan ke orang lain):\n\n%(link)s\n\nTerima kasih.\nBKPSDM"
    ) % {"name": invitation.name or "", "title": wave.title, "close": close, "link": link}
    line = _rater_line(invitation)
    if line:
        body = body.replace("\n\n", f"\n\n{line} ", 1)
    return subject, body


def invitations_send(*, wave: Wave, base_url: str, by: Any, reminder: bool = False, on: dt.date | None = None) -> int:
    """E-mail every invitee with an address (reminders: only those who have not responded).

    Written in the reader's language, not the evaluator's: the language the invited ASN chose for
    their Tilik account, else the site's (settings.LANGUAGE_CODE, Indonesian). The wave title stays as
    entered.
    """
    day = on or timezone.localdate()
    pending = invitations_to_mail(wave=wave, reminder=reminder)
    sent = 0
    chosen = languages_of_employees(i.employee_id for i in pending if i.employee_id)
    with get_connection() as connection:
        for invitation in pending:
            language = chosen.get(invitation.employee_id or 0, settings.LANGUAGE_CODE)
            invitation_mail(
                invitation=invitation,
                base_url=base_url,
                reminder=reminder,
                day=day,
                language=language,
                connection=connection,
            )
            sent += 1
    audit_record(actor=by, action="invitation.remind" if reminder else "invitation.send", target=wave, n=sent)
    return sent


def invitations_to_mail(*, wave: Wave, reminder: bool) -> QuerySet[Invitation]:
    """Invitees with an address who have not answered (first sending: also not yet sent)."""
    pending = wave.invitations.filter(use__isnull=True).exclude(email="").select_related("subject", "wave")
    return pending if reminder else pending.filter(sent_on__isnull=True)


def invitation_mail(
    *, invitation: Invitation, base_url: str, reminder: bool, day: dt.date, language: str, connection: Any
) -> None:
    """Send one invitation or reminder and record it on the invitation (the background job calls this
    per invitation, tilik/surveys/jobs.py; audited per batch by the caller)."""
    with translation.override(language):
        subject, body = _invitation_message(invitation, invitation.wave, base_url, reminder)
    EmailMessage(subject, body, to=[invitation.email], connection=connection).send()
    with transaction.atomic():
        if reminder:
            Invitation.objects.filter(pk=invitation.pk).update(reminded_on=day, reminders=invitation.reminders + 1)
        else:
            Invitation.objects.filter(pk=invitation.pk).update(sent_on=day)
