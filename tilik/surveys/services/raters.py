"""Writes for 360° waves: invite the alumnus, the atasan langsung and rekan kerja, each with a token.

Every invitation names the rater (``employee``), the rater group and the ratee (``subject``, the
alumnus), so the Level 3 template words its items for that rater and a confidential (rahasia)
response carries the ratee's pseudonymous key. Inviting the same rater again is a no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tilik.org.models import Employee
from tilik.surveys.choices import Audience, RaterGroup, WaveStatus
from tilik.surveys.models import Invitation, Wave
from tilik.surveys.selectors.raters import raters_overview, wave_participants
from tilik.surveys.services.waves import invitation_create


def _check_wave(wave: Wave, rater_group: str) -> None:
    if wave.audience != Audience.INVITED:
        raise ValidationError(_("Gelombang publik tidak memakai undangan."))
    if wave.status == WaveStatus.CLOSED or wave.closes_at <= timezone.now():
        raise ValidationError(_("Gelombang sudah ditutup; penilai tidak dapat ditambahkan."))
    if rater_group not in RaterGroup.values:
        raise ValidationError(_("Kelompok penilai tidak dikenal."))
    if wave.rater_groups and rater_group not in wave.rater_groups:
        raise ValidationError(
            _("Kelompok penilai “%(group)s” tidak dipakai pada gelombang ini.")
            % {"group": RaterGroup(rater_group).label}
        )


def _check(wave: Wave, ratee: Employee, rater: Employee, rater_group: str) -> None:
    _check_wave(wave, rater_group)
    if not wave_participants(wave).filter(pk=ratee.pk).exists():
        raise ValidationError(
            _("%(name)s bukan peserta (hadir/lulus) program atau angkatan gelombang ini.") % {"name": ratee.name}
        )
    if rater_group == RaterGroup.SELF and rater.pk != ratee.pk:
        raise ValidationError(_("Penilaian diri hanya diisi oleh alumni itu sendiri."))
    if rater_group != RaterGroup.SELF and rater.pk == ratee.pk:
        raise ValidationError(
            _("%(name)s tidak dapat menjadi atasan atau rekan penilai dirinya sendiri.") % {"name": rater.name}
        )


def _existing(wave: Wave, ratee: Employee, rater: Employee) -> Invitation | None:
    """The rater's invitation for this alumnus in any group (self invitations may lack the subject)."""
    found = Invitation.objects.filter(wave=wave, employee=rater, subject=ratee).first()
    if found is None and rater.pk == ratee.pk:
        found = Invitation.objects.filter(
            wave=wave, employee=rater, subject__isnull=True, rater_group=RaterGroup.SELF
        ).first()
    return found


def _invite(
    *, wave: Wave, ratee: Employee, rater: Employee, rater_group: str, by: Any, on: dt.date
) -> tuple[Invitation, bool]:
    _check(wave, ratee, rater, rater_group)
    existing = _existing(wave, ratee, rater)
    if existing is not None:
        if existing.rater_group != rater_group:
            raise ValidationError(
                _("%(rater)s sudah diundang sebagai %(group)s untuk %(ratee)s.")
                % {"rater": rater.name, "group": existing.get_rater_group_display(), "ratee": ratee.name}
            )
        return existing, False
    invitation, _token = invitation_create(
        wave=wave, by=by, employee=rater, subject=ratee, rater_group=rater_group, on=on
    )
    return invitation, True


@transaction.atomic
def rater_invite(
    *, wave: Wave, ratee: Employee, rater: Employee, rater_group: str, by: Any, on: dt.date | None = None
) -> tuple[Invitation, bool]:
    """Invite one rater for one alumnus; returns (invitation, created). Idempotent."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)  # serialise invitations per wave
    return _invite(wave=wave, ratee=ratee, rater=rater, rater_group=rater_group, by=by, on=on or timezone.localdate())


@transaction.atomic
def raters_invite(
    *,
    wave: Wave,
    ratee: Employee,
    raters: Sequence[Employee],
    rater_group: str,
    by: Any,
    on: dt.date | None = None,
) -> int:
    """Invite several raters of one group for one alumnus, all or none; returns how many are new."""
    if not raters:
        raise ValidationError(_("Pilih minimal satu pegawai."))
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    day = on or timezone.localdate()
    made = 0
    for rater in raters:
        _inv, created = _invite(wave=wave, ratee=ratee, rater=rater, rater_group=rater_group, by=by, on=day)
        made += int(created)
    return made


@transaction.atomic
def supervisors_invite_proposed(*, wave: Wave, by: Any, on: dt.date | None = None) -> int:
    """Invite the proposed atasan of every alumnus who has none invited yet; returns how many."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if RaterGroup.SUPERVISOR not in (wave.rater_groups or ()):
        raise ValidationError(_("Gelombang ini tidak memakai kelompok penilai atasan langsung."))
    _check_wave(wave, RaterGroup.SUPERVISOR)
    day = on or timezone.localdate()
    made = 0
    for row in raters_overview(wave, on=day):
        if row.supervisors or row.proposed is None:
            continue
        try:
            _inv, created = _invite(
                wave=wave, ratee=row.alumnus, rater=row.proposed, rater_group=RaterGroup.SUPERVISOR, by=by, on=day
            )
        except ValidationError:
            continue  # e.g. the proposed atasan is already a rekan of this alumnus: the evaluator decides
        made += int(created)
    return made
