"""Participation demo, built after the base demo: a randomised reminder experiment, certificates, strategies.

Planted values live in tilik.demo.ground_truth_participation. Everything is written through services
(programme, offering, budget lines, enrolments and their status changes, the experiment, certificates,
interventions), in one transaction, deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tilik.core.models import Profile, Role
from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_participation as gtp
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.programs import selectors
from tilik.programs import services as ps
from tilik.programs.choices import EnrollmentStatus as S
from tilik.programs.models import ReminderAssignment
from tilik.programs.services_certificates import certificate_reject, certificate_upload, certificate_verify
from tilik.programs.services_participation import intervention_create, reminder_experiment_create

ACTOR = "demo"
PDF = b"%PDF-1.4\n%Tilik demo certificate\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _rng(seed: int, stream: str) -> random.Random:
    return random.Random(f"tilik-demo:{seed}:participation:{stream}")


def _opd_codes(on: dt.date) -> dict[int, str]:
    """employee id -> code of the depth-1 OPD of their unit on ``on``."""
    units = {u.pk: u for u in Unit.objects.only("id", "code", "path")}
    out: dict[int, str] = {}
    for emp, unit_id, start, end in UnitMembership.objects.values_list(
        "employee_id", "unit_id", "start_date", "end_date"
    ):
        if start <= on and (end is None or end >= on):
            ids = [int(x) for x in units[unit_id].path.strip("/").split("/") if x]
            out[emp] = units[ids[1] if len(ids) > 1 else ids[0]].code
    return out


def _reason(rng: random.Random) -> str:
    shares = gt.ABSENCE_REASONS.shares
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _experiment(seed: int) -> dict[str, Any]:
    plan = gtp.EXPERIMENT
    program = ps.program_create(
        by=ACTOR,
        name=plan.program_name,
        slug=plan.program_slug,
        competency_type="teknis",
        method="e_learning",
        objective="ASN mampu menyusun dan memantau SKP di aplikasi e-Kinerja.",
        jp=plan.jp,
        provider="BKPSDM Kota Denpasar",
        target_group="Seluruh ASN",
        fiscal_year=plan.start.year,
    )
    offering = ps.offering_create(
        program=program,
        by=ACTOR,
        batch=1,
        start_date=plan.start,
        end_date=plan.end,
        place="Daring (LMS BKPSDM)",
        capacity=plan.invitees,
    )
    for category, share in (("honorarium", Decimal("0.6")), ("lainnya", Decimal("0.4"))):
        ps.budget_line_save(
            program=program,
            fiscal_year=plan.start.year,
            category=category,
            pagu=Decimal(plan.pagu) * share,
            realisasi=Decimal(plan.realisasi) * share,
            by=ACTOR,
        )
    # Invitees: ASN whose 2026 JP is below 12 or at least 20, so 8 more JP move nobody across 20 JP.
    jp = selectors.jp_by_employee(plan.start.year)
    opd = _opd_codes(plan.start)
    eligible = [
        e
        for e in Employee.objects.filter(active=True).order_by("pk")
        if e.pk in opd and (jp.get(e.pk, Decimal(0)) < 12 or jp.get(e.pk, Decimal(0)) >= 20)
    ]
    rng = _rng(seed, "experiment")
    invitees = rng.sample(eligible, min(plan.invitees, len(eligible)))
    people = {}
    for employee in sorted(invitees, key=lambda e: e.pk):
        enrollment = ps.enrollment_create(offering=offering, employee=employee, by=ACTOR, on=plan.invited_on)
        people[enrollment.pk] = employee
    experiment = reminder_experiment_create(
        offering=offering,
        arms=list(plan.arms),
        seed=plan.seed,
        by=ACTOR,
        name="Pengingat undangan Orientasi e-Kinerja 2026",
    )
    registered_on = plan.invited_on + dt.timedelta(days=7)
    for a in (
        ReminderAssignment.objects.filter(experiment=experiment).select_related("enrollment").order_by("pk")
    ):
        employee = people[a.enrollment_id]
        p = (
            plan.control_scale
            * gt.PARTICIPATION.probability(
                low_opd=opd[employee.pk] in gt.PARTICIPATION.low_opd_codes,
                older=employee.age_on(plan.start) >= gt.PARTICIPATION.older_age,
            )
            + plan.uplift[a.arm]
        )
        e = a.enrollment
        if rng.random() >= p:
            ps.enrollment_set_status(
                enrollment=e, status=S.DECLINED, reason_code=_reason(rng), by=ACTOR, on=registered_on
            )
            continue
        e = ps.enrollment_set_status(enrollment=e, status=S.REGISTERED, by=ACTOR, on=registered_on)
        if rng.random() >= plan.attend_given_registered:
            ps.enrollment_set_status(
                enrollment=e, status=S.NO_SHOW, reason_code=_reason(rng), by=ACTOR, on=plan.start
            )
            continue
        done = rng.random() < plan.complete_given_attended
        e = ps.enrollment_set_status(
            enrollment=e,
            status=S.ATTENDED,
            by=ACTOR,
            on=plan.start,
            attendance_pct=round(rng.uniform(80, 100) if done else rng.uniform(40, 79.9), 1),
        )
        if done:
            ps.enrollment_set_status(enrollment=e, status=S.COMPLETED, by=ACTOR, on=plan.end)
    intervention_create(
        kind="whatsapp",
        offering=offering,
        started_on=plan.invited_on + dt.timedelta(days=3),
        by=ACTOR,
        description="Pengingat WhatsApp untuk kelompok eksperimen 'whatsapp'.",
    )
    intervention_create(
        kind="surat_pimpinan",
        offering=offering,
        started_on=plan.invited_on + dt.timedelta(days=3),
        by=ACTOR,
        description="Surat kepala OPD untuk kelompok eksperimen 'surat_pimpinan'.",
    )
    return {
        "program": program.pk,
        "offering": offering.pk,
        "experiment": experiment.pk,
        "invitees": len(invitees),
    }


def _certificates(seed: int) -> dict[str, int]:
    plan = gtp.CERTIFICATES
    rng = _rng(seed, "certificates")
    jp = selectors.jp_by_employee(plan.year)
    active = list(Employee.objects.filter(active=True).order_by("pk"))
    above = [e for e in active if jp.get(e.pk, Decimal(0)) >= 20]
    below = [e for e in active if jp.get(e.pk, Decimal(0)) < 20]
    participant = (
        Profile.objects.filter(role=Role.PARTICIPANT, employee__isnull=False)
        .select_related("employee")
        .first()
    )
    pending = rng.sample(below, min(plan.pending, len(below)))
    if participant is not None and participant.employee is not None and participant.employee not in pending:
        pending[-1:] = [participant.employee]

    def upload(employee: Employee) -> Any:
        return certificate_upload(
            employee=employee,
            by=ACTOR,
            title=rng.choice(plan.titles),
            provider=rng.choice(plan.providers),
            jp=rng.choice(plan.jp_choices),
            file=SimpleUploadedFile("sertifikat.pdf", PDF),
            completed_on=dt.date(plan.year, 1, 6) + dt.timedelta(days=rng.randrange(300)),
            today=gt.REFERENCE_TODAY,
        )

    verified = [
        certificate_verify(certificate=upload(e), by=ACTOR)
        for e in rng.sample(above, min(plan.verified, len(above)))
    ]
    waiting = [upload(e) for e in pending]
    rest = [e for e in below if e not in pending]
    rejected = [
        certificate_reject(certificate=upload(e), by=ACTOR, note="Berkas tidak terbaca; unggah ulang.")
        for e in rng.sample(rest, min(plan.rejected, len(rest)))
    ]
    return {"verified": len(verified), "pending": len(waiting), "rejected": len(rejected)}


def _letters() -> int:
    n = 0
    for code in gt.PARTICIPATION.low_opd_codes:
        unit = Unit.objects.filter(code=code).first()
        if unit is not None:
            intervention_create(
                kind="surat_pimpinan",
                unit=unit,
                started_on=dt.date(2026, 2, 2),
                by=ACTOR,
                description="Surat Sekda kepada kepala OPD tentang hak 20 JP dan kehadiran.",
            )
            n += 1
    return n


@transaction.atomic
def build_participation_demo(*, seed: int) -> dict[str, Any]:
    """Add the participation demo to a database that holds the base demo (tilik.demo.generator)."""
    started = time.perf_counter()
    summary: dict[str, Any] = {"seed": seed}
    summary["experiment"] = _experiment(seed)
    summary["certificates"] = _certificates(seed)
    summary["letters"] = _letters()
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary
