"""Writes for interviews, transcripts and audio. Codebooks: services_codes.py; coding: services_coding.py.

Each service runs in one transaction, validates with full_clean() and records an audit event.
Audit details never carry transcript text or names (personal data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models import Role
from tilik.core.roles import role_of
from tilik.interviews.extract import check_audio, transcript_max_bytes, transcript_text_from_upload
from tilik.interviews.models import Interview, Transcript
from tilik.interviews.text import normalise_text
from tilik.org.models import Unit

INTERVIEW_FIELDS = {
    "code",
    "role",
    "interviewee_name",
    "unit",
    "held_on",
    "interviewer",
    "guide",
    "consent",
    "consent_note",
    "notes",
}


@transaction.atomic
def interview_create(
    *,
    by: Any,
    code: str,
    role: str,
    unit: Unit,
    held_on: dt.date,
    programs: Iterable[Any] = (),
    interviewer: Any = None,
    interviewee_name: str = "",
    guide: str = "",
    consent: bool = False,
    consent_note: str = "",
    notes: str = "",
) -> Interview:
    interview = Interview(
        code=code.strip(),
        role=role,
        unit=unit,
        held_on=held_on,
        interviewer=interviewer,
        interviewee_name=interviewee_name.strip(),
        guide=guide,
        consent=consent,
        consent_note=consent_note,
        notes=notes,
    )
    interview.full_clean()
    interview.save()
    interview.programs.set(list(programs))
    audit_record(actor=by, action="interview.create", target=interview)
    return interview


@transaction.atomic
def interview_update(
    *, interview: Interview, by: Any, programs: Iterable[Any] | None = None, **fields: Any
) -> Interview:
    unknown = set(fields) - INTERVIEW_FIELDS
    if unknown:
        raise TypeError(f"unknown interview fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(interview, key, value)
    if not interview.consent and hasattr(interview, "transcript"):
        raise ValidationError(
            {
                "consent": _(
                    "Transkrip sudah tersimpan; persetujuan tidak dapat dicabut di sini. "
                    "Hapus wawancara untuk menarik data narasumber."
                )
            }
        )
    interview.full_clean()
    interview.save()
    if programs is not None:
        interview.programs.set(list(programs))
    audit_record(actor=by, action="interview.update", target=interview, fields=sorted(fields))
    return interview


@transaction.atomic
def interview_coders_set(*, interview: Interview, coders: Iterable[Any], by: Any) -> Interview:
    """Assign exactly these pengode accounts to the interview (others lose access; their segments stay,
    so inter-coder agreement keeps them)."""
    wanted = {user.pk: user for user in coders}
    wrong = sorted(user.get_username() for user in wanted.values() if role_of(user) != Role.CODER)
    if wrong:
        raise ValidationError(
            {"coders": _("Hanya akun berperan pengode yang dapat ditugaskan: %(names)s.") % {"names": ", ".join(wrong)}}
        )
    before = set(interview.coders.values_list("pk", flat=True))
    interview.coders.set(list(wanted.values()))
    audit_record(
        actor=by,
        action="interview.coders_set",
        target=interview,
        added=sorted(set(wanted) - before),
        removed=sorted(before - set(wanted)),
    )
    return interview


@transaction.atomic
def interviews_coder_assign(*, interviews: Iterable[Interview], coder: Any, assign: bool, by: Any) -> int:
    """Assign one pengode to these interviews, or withdraw it (its segments stay). Returns how many changed."""
    if role_of(coder) != Role.CODER:
        message = _("Hanya akun berperan pengode yang dapat ditugaskan: %(names)s.")
        raise ValidationError({"coder": message % {"names": coder.get_username()}})
    changed = 0
    for interview in interviews:
        has = interview.coders.filter(pk=coder.pk).exists()
        if assign and not has:
            interview.coders.add(coder)
        elif not assign and has:
            interview.coders.remove(coder)
        else:
            continue
        changed += 1
        audit_record(
            actor=by,
            action="interview.coders_set",
            target=interview,
            added=[coder.pk] if assign else [],
            removed=[] if assign else [coder.pk],
        )
    return changed


@transaction.atomic
def interview_delete(*, interview: Interview, by: Any) -> None:
    """Delete an interview with its transcript, segments and files (withdrawn consent, end of retention)."""
    files = [interview.audio]
    transcript = getattr(interview, "transcript", None)
    if transcript is not None:
        files.append(transcript.original)
    audit_record(actor=by, action="interview.delete", target=interview)
    interview.delete()
    for field_file in files:
        if field_file:
            transaction.on_commit(partial(field_file.storage.delete, field_file.name))


@transaction.atomic
def transcript_set(
    *, interview: Interview, by: Any, text: str | None = None, upload: Any = None
) -> Transcript:
    """Store a pasted text or an uploaded .txt/.docx/.odt as the interview's transcript.

    Refused without recorded consent, and once segments point into the old text
    (their offsets would no longer match).
    """
    if not interview.consent:
        raise ValidationError(_("Catat persetujuan narasumber sebelum menyimpan transkrip."))
    if (text is None) == (upload is None):
        raise ValidationError(_("Tempel teks transkrip atau unggah satu berkas."))
    existing = Transcript.objects.select_for_update().filter(interview=interview).first()
    if existing is not None and existing.segments.exists():
        raise ValidationError(
            _("Transkrip ini sudah dikode. Hapus segmen berkodenya dulu sebelum menggantinya.")
        )
    if upload is not None:
        body, source = transcript_text_from_upload(upload)
    else:
        text = text or ""
        if len(text.encode("utf-8")) > transcript_max_bytes():
            raise ValidationError(_("Teks transkrip terlalu panjang."))
        body, source = normalise_text(text), Transcript.Source.PASTE
        if not body:
            raise ValidationError(_("Teks transkrip kosong."))
    transcript = existing or Transcript(interview=interview)
    old_file = transcript.original if existing is not None and transcript.original else None
    transcript.text, transcript.source = body, source
    transcript.original_name = (upload.name or "")[:255] if upload is not None else ""
    if upload is not None:
        upload.seek(0)
        transcript.original.save(upload.name, upload, save=False)
    else:
        transcript.original = None
    transcript.full_clean()
    transcript.save()
    if existing is not None:
        existing.suggestions.all().delete()
    if old_file:
        transaction.on_commit(lambda: old_file.storage.delete(old_file.name))
    audit_record(actor=by, action="transcript.set", target=transcript, source=source, characters=len(body))
    return transcript


@transaction.atomic
def audio_set(*, interview: Interview, by: Any, upload: Any) -> Interview:
    if not interview.consent:
        raise ValidationError(_("Catat persetujuan narasumber sebelum menyimpan rekaman."))
    check_audio(upload)
    old = interview.audio.name if interview.audio else ""
    interview.audio.save(upload.name, upload, save=False)
    interview.audio_name = (upload.name or "")[:255]
    interview.full_clean()
    interview.save(update_fields=["audio", "audio_name"])
    if old:
        storage = interview.audio.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(actor=by, action="interview.audio_set", target=interview, size=upload.size)
    return interview
