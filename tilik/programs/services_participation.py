"""Writes for participation strategies: interventions, and randomised reminder experiments among invitees."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from analysis.experiments import assign_arms
from tilik.core.audit import audit_record
from tilik.org.models import Unit
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.choices_participation import ReminderArm
from tilik.programs.models import Enrollment, Intervention, Offering, ReminderAssignment, ReminderExperiment

MIN_PER_ARM = 5
MAX_SEED = 2**31 - 1


@transaction.atomic
def intervention_create(
    *,
    kind: str,
    started_on: dt.date,
    by: Any,
    offering: Offering | None = None,
    unit: Unit | None = None,
    description: str = "",
) -> Intervention:
    if offering is None and unit is None:
        raise ValidationError(_("Pilih angkatan atau unit yang menjadi sasaran strategi."))
    intervention = Intervention(
        kind=kind,
        started_on=started_on,
        offering=offering,
        unit=unit,
        description=description,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    intervention.full_clean()
    intervention.save()
    audit_record(actor=by, action="intervention.create", target=intervention, kind=kind)
    return intervention


@transaction.atomic
def reminder_experiment_create(
    *, offering: Offering, arms: Sequence[str], by: Any, seed: int | None = None, name: str = ""
) -> ReminderExperiment:
    """Randomly assign the offering's current invitees to reminder arms (control first), balanced.

    The seed is stored; the same invitees (ordered by enrolment id) and seed re-derive the same
    assignment (analysis.experiments.assign_arms).
    """
    arms = [ReminderArm.CONTROL, *[a for a in arms if a != ReminderArm.CONTROL]]
    unknown = [a for a in arms if a not in ReminderArm.values]
    if unknown:
        raise ValidationError(_("Kelompok tidak dikenal: %(a)s.") % {"a": ", ".join(unknown)})
    if len(set(arms)) < 2:
        raise ValidationError(_("Pilih paling sedikit satu strategi pengingat selain kontrol."))
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    if not 0 <= seed <= MAX_SEED:
        raise ValidationError({"seed": _("Seed harus bilangan bulat 0 s.d. %(m)s.") % {"m": MAX_SEED}})
    offering = Offering.objects.select_for_update().select_related("program").get(pk=offering.pk)
    if ReminderExperiment.objects.filter(offering=offering).exists():
        raise ValidationError(
            _("Angkatan ini sudah memiliki eksperimen pengingat."), code="experiment_exists"
        )
    invitees = list(
        Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.INVITED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(invitees) < MIN_PER_ARM * len(arms):
        raise ValidationError(
            _("Terlalu sedikit undangan yang belum menjawab (%(n)s) untuk %(k)s kelompok; minimal %(m)s.")
            % {"n": len(invitees), "k": len(arms), "m": MIN_PER_ARM * len(arms)}
        )
    experiment = ReminderExperiment(
        offering=offering,
        name=name.strip() or _("Eksperimen pengingat %(o)s") % {"o": offering},
        arms=list(arms),
        seed=seed,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    experiment.full_clean()
    experiment.save()
    assignment = assign_arms([str(pk) for pk in invitees], list(arms), seed=seed)
    ReminderAssignment.objects.bulk_create(
        [
            ReminderAssignment(experiment=experiment, enrollment_id=int(pk), arm=arm)
            for pk, arm in assignment.items()
        ]
    )
    audit_record(
        actor=by, action="experiment.create", target=experiment, seed=seed, arms=list(arms), n=len(invitees)
    )
    return experiment
