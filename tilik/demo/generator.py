"""`build_demo`: the synthetic Kota Denpasar, deterministic for a seed.

Everything is written through services (units, programmes, offerings, budget lines, accounts) or the
bulk services (employees, unit history, enrolments with their JP, certificates), inside one transaction.
Planted patterns come from tilik.demo.ground_truth; the same seed, size and ``today`` give the same
names, NIPs, statuses and rupiah on every run and every database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import transaction

from tilik.demo import ground_truth as gt
from tilik.demo.accounts import DEMO_ACCOUNTS, create_accounts
from tilik.demo.people import Person, generate_people, save_people
from tilik.demo.programs import create_budget, create_programs, plan_certificates, plan_enrollments
from tilik.demo.units import create_units
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.services_bulk import EnrollmentPlan, certificates_bulk_create, enrollments_bulk_create

ACTOR = "demo"


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    today: dt.date
    units: int
    employees: int
    active_employees: int
    programs: int
    program_titles: int
    offerings: int
    enrollments: int
    completed: int
    jp_entries: int
    budget_lines: int
    accounts: tuple[str, ...]
    participant_nip: str
    participant_name: str
    warnings: tuple[str, ...]
    seconds: float


def rng_stream(seed: int, stream: str) -> random.Random:
    """One independent stream per part, so changing one part does not reshuffle the others."""
    return random.Random(f"tilik-demo:{seed}:{stream}")


def _participant(plans: list[tuple[EnrollmentPlan, Person]], people: list[Person]) -> Person:
    """The `peserta` login: a trained puskesmas worker who completed Pelayanan Prima, else any completer."""
    treated = set(gt.PELAYANAN_PRIMA.treated_puskesmas)
    completers = [person for plan, person in plans if plan.status == EnrollmentStatus.COMPLETED]
    for plan, person in plans:
        if (
            plan.status == EnrollmentStatus.COMPLETED
            and person.current_unit in treated
            and person.active
            and plan.offering.program.slug.startswith(gt.PELAYANAN_PRIMA.program)
        ):
            return person
    return completers[0] if completers else next(p for p in people if p.active)


@transaction.atomic
def build_demo(
    *, seed: int = gt.DEFAULT_SEED, employees: int = gt.DEFAULT_EMPLOYEES, today: dt.date | None = None
) -> DemoSummary:
    """Build the demo city into an empty database (see tilik.demo.services.demo_wipe to empty it)."""
    started = time.perf_counter()
    today = today or gt.REFERENCE_TODAY
    if employees < 50:
        raise ValueError("the demo needs at least 50 employees")
    units = create_units(by=ACTOR)
    people = generate_people(employees=employees, rng=rng_stream(seed, "people"), today=today)
    save_people(people=people, units=units, by=ACTOR, today=today)
    programs, drafts = create_programs(
        units=units, employees=employees, rng=rng_stream(seed, "offerings"), by=ACTOR
    )
    plans = plan_enrollments(drafts=drafts, people=people, rng=rng_stream(seed, "enrolments"), today=today)
    enrollments = enrollments_bulk_create(plans=[plan for plan, _person in plans], by=ACTOR)
    certificates = plan_certificates(plans=plans, people=people, rng=rng_stream(seed, "jp"), today=today)
    certificates_bulk_create(rows=certificates, by=ACTOR)
    budget_lines, warnings = create_budget(
        drafts=drafts, rng=rng_stream(seed, "budget"), today=today, by=ACTOR
    )
    participant = _participant(plans, people)
    create_accounts(units=units, participant=participant.record, by=ACTOR)
    completed = sum(1 for e in enrollments if e.status == EnrollmentStatus.COMPLETED)
    return DemoSummary(
        seed=seed,
        today=today,
        units=len(units),
        employees=len(people),
        active_employees=sum(1 for p in people if p.active),
        programs=len(programs),
        program_titles=len({p.name for p in programs}),
        offerings=len(drafts),
        enrollments=len(enrollments),
        completed=completed,
        jp_entries=completed + len(certificates),
        budget_lines=budget_lines,
        accounts=tuple(a.username for a in DEMO_ACCOUNTS),
        participant_nip=participant.nip,
        participant_name=participant.name,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
    )
