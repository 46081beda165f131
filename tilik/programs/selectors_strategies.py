"""Reads for participation strategies: interventions and the uplift of a reminder experiment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from analysis.experiments import proportion_uplift
from analysis.results import Estimate
from tilik.org.models import UnitMembership
from tilik.programs.choices import EnrollmentStatus as S
from tilik.programs.choices_participation import ReminderArm
from tilik.programs.models import Intervention, ReminderAssignment, ReminderExperiment

REGISTERED = (S.REGISTERED, S.ATTENDED, S.COMPLETED, S.NO_SHOW, S.WITHDRAWN)
ATTENDED = (S.ATTENDED, S.COMPLETED)


@dataclass(frozen=True)
class ArmResult:
    arm: str
    label: str
    n: int
    registered: int
    attended: int
    still_invited: int
    registration_uplift: Estimate | None  # vs control; None for the control arm
    attendance_uplift: Estimate | None


def experiment_results(experiment: ReminderExperiment) -> list[ArmResult]:
    """Per arm: registration and attendance, and the uplift over control with a Newcombe CI. One query."""
    counts = {
        row["arm"]: row
        for row in ReminderAssignment.objects.filter(experiment=experiment)
        .values("arm")
        .annotate(
            n=Count("id"),
            reg=Count("id", filter=Q(enrollment__status__in=REGISTERED)),
            att=Count("id", filter=Q(enrollment__status__in=ATTENDED)),
            inv=Count("id", filter=Q(enrollment__status=S.INVITED)),
        )
    }
    labels = dict(ReminderArm.choices)
    control = counts.get(ReminderArm.CONTROL)
    out = []
    for arm in experiment.arms:
        row = counts.get(arm)
        if row is None:
            continue
        reg_up = att_up = None
        if arm != ReminderArm.CONTROL and control is not None:
            label = str(labels.get(arm, arm))
            reg_up = proportion_uplift(
                k_treat=row["reg"],
                n_treat=row["n"],
                k_control=control["reg"],
                n_control=control["n"],
                label=label,
            )
            att_up = proportion_uplift(
                k_treat=row["att"],
                n_treat=row["n"],
                k_control=control["att"],
                n_control=control["n"],
                label=label,
            )
        out.append(
            ArmResult(
                arm, str(labels.get(arm, arm)), row["n"], row["reg"], row["att"], row["inv"], reg_up, att_up
            )
        )
    return out


def experiments() -> QuerySet[ReminderExperiment]:
    return ReminderExperiment.objects.select_related("offering__program").annotate(n=Count("assignments"))


def interventions() -> QuerySet[Intervention]:
    return Intervention.objects.select_related("offering__program", "unit")


ASSIGNMENT_COLUMNS = ("nip", "nama", "unit", "nomor_whatsapp", "surel", "kode_kelompok", "kelompok", "status")


def assignment_rows(experiment: ReminderExperiment) -> list[tuple[str, ...]]:
    """Invitee x assigned arm, for the admin who sends the reminders (columns: ASSIGNMENT_COLUMNS).

    Ordered by arm then name so each sender's list is one block. One query.
    """
    current_unit = UnitMembership.objects.filter(employee=OuterRef("enrollment__employee"), end_date__isnull=True)
    rows = (
        ReminderAssignment.objects.filter(experiment=experiment)
        .annotate(unit_name=Subquery(current_unit.values("unit__name")[:1]))
        .values_list(
            "enrollment__employee__nip",
            "enrollment__employee__name",
            "unit_name",
            "enrollment__employee__phone",
            "enrollment__employee__email",
            "arm",
            "enrollment__status",
        )
    )
    arms = {arm: i for i, arm in enumerate(experiment.arms)}
    labels = dict(ReminderArm.choices)
    statuses = dict(S.choices)
    out = [
        (nip, name, unit or "", phone, email, arm, str(labels.get(arm, arm)), str(statuses.get(status, status)))
        for nip, name, unit, phone, email, arm, status in rows
    ]
    return sorted(out, key=lambda r: (arms.get(r[5], len(arms)), r[1], r[0]))
