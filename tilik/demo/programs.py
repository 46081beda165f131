"""Programmes, offerings, enrolments (with the planted participation pattern), JP top-ups and budget lines."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.text import slugify

from tilik.demo import ground_truth as gt
from tilik.demo.catalogue import CERTIFICATES, PROGRAMS, REASON_TEXTS, UNIT_COSTS, ProgramTemplate, YearPlan
from tilik.demo.names import facilitator_name
from tilik.demo.people import Person
from tilik.demo.units import SPEC_BY_CODE, opd_code
from tilik.org.choices import JabatanCategory, UnitType
from tilik.org.models import Unit
from tilik.programs.choices import BudgetCategory, DeliveryMode, EnrollmentStatus, Method
from tilik.programs.models import BudgetLine, Offering, Program
from tilik.programs.services import offering_create, program_create
from tilik.programs.services_bulk import CertificateRow, EnrollmentPlan, budget_lines_bulk_create

# An angkatan meets the way its programme is taught (no draw: the demo stays the same per seed).
MODE_OF_METHOD: dict[str, str] = {
    Method.KLASIKAL: DeliveryMode.LURING,
    Method.E_LEARNING: DeliveryMode.DARING,
    Method.BLENDED: DeliveryMode.BLENDED,
}

S = EnrollmentStatus
JC = JabatanCategory
MIN_SEATS = 8
MIN_SEATS_PER_PUSKESMAS = 5
"""A Pelayanan Prima cohort angkatan has at least this many seats per puskesmas, so that at small demo
sizes every puskesmas of the cohort still gets staff trained (and is treated as planned)."""
_ANALIS_OPD = {"bappeda", "brida", "diskominfos", "bkpsdm", "inspektorat", "setda", "dinkes"}
_LAPANGAN_OPD = {"damkar", "dlhk", "pupr", "dishub", "satpolpp", "bpbd"}


def eligible(audience: str, person: Person, unit_code: str) -> bool:
    """Whether ``person``, working in ``unit_code`` on the offering's start date, is in the target group."""
    spec = SPEC_BY_CODE[unit_code]
    opd = opd_code(unit_code)
    if audience == "semua":
        return True
    if audience == "pelaksana_fungsional":
        return person.category in (JC.PELAKSANA, JC.FUNGSIONAL)
    if audience == "pelaksana":
        return person.category == JC.PELAKSANA
    if audience == "layanan_publik":
        return spec.serves_public
    if audience == "puskesmas":
        return spec.unit_type == UnitType.PUSKESMAS
    if audience.startswith("puskesmas_cohort:"):
        cohort = gt.PELAYANAN_PRIMA.cohort_of(unit_code)
        return cohort is not None and audience == f"puskesmas_cohort:{cohort.batch}"
    if audience == "puskesmas_control":
        return unit_code in gt.PELAYANAN_PRIMA.comparison_puskesmas
    if audience == "pengawas":
        return person.category == JC.PENGAWAS
    if audience == "keuangan":
        return opd in ("bpkad", "bapenda") or "Keuangan" in person.title
    if audience == "analis":
        return (
            person.category == JC.ADMINISTRATOR
            or (person.jenjang.startswith("ahli") and opd in _ANALIS_OPD)
            or any(word in person.title for word in ("Analis", "Perencana", "Statistisi"))
        )
    if audience == "lapangan":
        return opd in _LAPANGAN_OPD
    if audience == "arsip":
        return "Arsiparis" in person.title or person.title.startswith("Pengadministrasi")
    raise ValueError(f"unknown audience {audience!r}")


@dataclass
class OfferingDraft:
    template: ProgramTemplate
    plan: YearPlan
    offering: Offering
    audience: str = ""
    """Overrides the year plan's audience: the cohort of a Pelayanan Prima angkatan."""


def _next_weekday(day: dt.date, weekday: int = 0) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _seats(plan: YearPlan, employees: int) -> int:
    return max(MIN_SEATS, round(plan.seats * employees / gt.DEFAULT_EMPLOYEES))


def create_programs(
    *, units: dict[str, Unit], employees: int, rng: random.Random, by: Any
) -> tuple[list[Program], list[OfferingDraft]]:
    """Programme per fiscal year and its angkatan, through program_create and offering_create."""
    programs: list[Program] = []
    drafts: list[OfferingDraft] = []
    facilitators = {t.key: [facilitator_name(rng) for _i in range(3)] for t in PROGRAMS}
    for year in gt.FISCAL_YEARS:
        for template in PROGRAMS:
            plan = template.years.get(year)
            if plan is None:
                continue
            program = program_create(
                by=by,
                name=template.name,
                slug=f"{slugify(template.name)}-{year}"[:120],
                objective=template.objective,
                competency_type=template.competency_type,
                method=template.method,
                jp=template.jp,
                provider=template.provider,
                target_group=template.target_group,
                fiscal_year=year,
                organiser=units[template.organiser],
            )
            programs.append(program)
            seats = _seats(plan, employees)
            cohorts = _cohorts(plan, year)
            n = len(cohorts) or math.ceil(seats / template.capacity)
            capacity = math.ceil(seats / n)
            for i in range(n):
                cohort = cohorts[i] if cohorts else None
                if plan.future_start is not None:
                    start = _next_weekday(dt.date(year, *plan.future_start)) + dt.timedelta(days=7 * i)
                elif cohort is not None:
                    start = _next_weekday(dt.date(year, cohort.trained_in.month, rng.randint(1, 20)))
                else:
                    lo, hi = plan.months
                    month = lo + round(i * (hi - lo) / (n - 1)) if n > 1 else rng.randint(lo, hi)
                    start = _next_weekday(dt.date(year, month, rng.randint(1, 20)))
                end = start + dt.timedelta(days=template.span_days - 1)
                if cohort is not None and (end.year, end.month) != (year, cohort.trained_in.month):
                    raise ValueError(f"Pelayanan Prima cohort {cohort.batch} must end in its training month")
                names = facilitators[template.key][: rng.randint(1, 3)]
                offering = offering_create(
                    program=program,
                    by=by,
                    batch=i + 1,
                    start_date=start,
                    end_date=end,
                    place=rng.choice(template.places),
                    capacity=max(capacity, MIN_SEATS_PER_PUSKESMAS * len(cohort.puskesmas)) if cohort else capacity,
                    facilitators="; ".join(names),
                    mode=MODE_OF_METHOD[program.method],
                )
                audience = f"puskesmas_cohort:{cohort.batch}" if cohort else ""
                drafts.append(OfferingDraft(template, plan, offering, audience))
    return programs, drafts


def _cohorts(plan: YearPlan, year: int) -> list[gt.PrimaCohort]:
    """The Pelayanan Prima cohorts trained in ``year`` (one angkatan each), for a "puskesmas_cohorts" plan."""
    if plan.audience != "puskesmas_cohorts":
        return []
    return [c for c in gt.PELAYANAN_PRIMA.cohorts if c.trained_in.year == year]


def _draw(rng: random.Random, shares: Any) -> str:
    keys = list(shares)
    return rng.choices(keys, weights=[shares[k] for k in keys])[0]


def _pct(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def plan_enrollments(
    *, drafts: list[OfferingDraft], people: list[Person], rng: random.Random, today: dt.date
) -> list[tuple[EnrollmentPlan, Person]]:
    """Invite eligible ASN to every angkatan and play out each enrolment's lifecycle."""
    part = gt.PARTICIPATION
    active = [p for p in people if p.active]
    invited_to: dict[tuple[str, int], set[int]] = defaultdict(set)
    plans: list[tuple[EnrollmentPlan, Person]] = []
    for draft in drafts:
        offering = draft.offering
        start, end = offering.start_date, offering.end_date
        audience = draft.audience or draft.plan.audience or draft.template.audience
        already = invited_to[(draft.template.key, offering.program.fiscal_year)]
        pool: list[tuple[Person, str]] = []
        for person in active:
            unit = person.unit_on(start)
            if unit is not None and person.index not in already and eligible(audience, person, unit):
                pool.append((person, unit))
        chosen = rng.sample(pool, min(offering.capacity, len(pool)))
        chosen.sort(key=lambda pair: pair[0].index)
        for person, unit in chosen:
            already.add(person.index)
            invited_on = min(start - dt.timedelta(days=rng.randint(14, 30)), today)
            reason = text = ""
            attendance: Decimal | None = None
            if start > today:
                status = _draw(rng, gt.FUTURE_OFFERINGS.shares)
                path = {
                    "invited": (S.INVITED,),
                    "registered": (S.INVITED, S.REGISTERED),
                    "declined": (S.INVITED, S.DECLINED),
                }[status]
                changed = min(invited_on + dt.timedelta(days=rng.randint(1, 7)), today)
            else:
                p = part.probability(
                    low_opd=opd_code(unit) in part.low_opd_codes, older=person.age_on(start) >= part.older_age
                )
                if rng.random() < p:
                    changed = end
                    if end >= today:  # still running on `today`: attending, not finished yet
                        path = (S.INVITED, S.REGISTERED, S.ATTENDED)
                        changed = start
                    elif rng.random() < part.completion_given_took_part:
                        path = (S.INVITED, S.REGISTERED, S.ATTENDED, S.COMPLETED)
                        attendance = _pct(rng.uniform(part.completion_min_attendance_pct, 100))
                    else:
                        path = (S.INVITED, S.REGISTERED, S.ATTENDED)
                        attendance = _pct(rng.uniform(40, part.completion_min_attendance_pct - 0.1))
                else:
                    status = _draw(rng, part.non_participation_status_shares)
                    if status == "declined":
                        path = (S.INVITED, S.DECLINED)
                        changed = invited_on + dt.timedelta(days=rng.randint(1, 7))
                    elif status == "no_show":
                        path = (S.INVITED, S.REGISTERED, S.NO_SHOW)
                        attendance = Decimal("0.00")
                        changed = start
                    else:
                        path = (S.INVITED, S.REGISTERED, S.WITHDRAWN)
                        changed = start - dt.timedelta(days=rng.randint(1, 5))
                    changed = min(changed, today)
            if path[-1] in (S.DECLINED, S.NO_SHOW, S.WITHDRAWN):
                reason = _draw(rng, gt.ABSENCE_REASONS.shares)
                text = rng.choice(REASON_TEXTS[reason])
            plans.append(
                (
                    EnrollmentPlan(
                        offering=offering,
                        employee=person.record,
                        path=tuple(str(s) for s in path),
                        invited_on=invited_on,
                        status_changed_on=changed,
                        reason_code=reason,
                        reason_text=text,
                        attendance_pct=attendance,
                    ),
                    person,
                )
            )
    return plans


def plan_certificates(
    *, plans: list[tuple[EnrollmentPlan, Person]], people: list[Person], rng: random.Random, today: dt.date
) -> list[CertificateRow]:
    """External certificates that bring the share of active ASN with ≥ 20 JP to the planted value per year."""
    truth = gt.JP_COMPLIANCE
    jp: dict[tuple[int, int], int] = defaultdict(int)
    for plan, person in plans:
        if plan.status == S.COMPLETED:
            jp[(plan.offering.end_date.year, person.index)] += plan.offering.program.jp
    active = [p for p in people if p.active]
    rows: list[CertificateRow] = []
    for year in gt.FISCAL_YEARS:
        target = round(truth.share_by_year[year] * len(active))
        below = [p for p in active if jp[(year, p.index)] < truth.threshold]
        reached = len(active) - len(below)
        if reached > target:
            raise RuntimeError(
                f"JP {year}: {reached} ASN already reach {truth.threshold} JP through enrolments, more than "
                f"the planted {target}; lower the catalogue's seats or raise JP_COMPLIANCE.share_by_year."
            )
        lifted = {p.index for p in rng.sample(below, target - reached)}
        last_day = min(dt.date(year, 12, 15), today - dt.timedelta(days=1))
        first_day = dt.date(year, 1, 15)
        for person in below:
            deficit = truth.threshold - jp[(year, person.index)]
            if person.index in lifted:
                while deficit > 0:
                    description, sizes = rng.choice(CERTIFICATES)
                    size = next((s for s in sizes if s >= deficit), sizes[-1])
                    rows.append(_certificate(person, size, description, rng, first_day, last_day))
                    deficit -= size
            elif rng.random() < truth.partial_certificate_share:
                options = [(d, s) for d, sizes in CERTIFICATES for s in sizes if s < deficit]
                if options:
                    description, size = rng.choice(options)
                    rows.append(_certificate(person, size, description, rng, first_day, last_day))
    return rows


def _certificate(
    person: Person, size: int, description: str, rng: random.Random, first: dt.date, last: dt.date
) -> CertificateRow:
    day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    return CertificateRow(employee=person.record, jp=Decimal(size), description=description, completed_on=day)


def _budget_categories(template: ProgramTemplate, offerings: list[Offering]) -> dict[str, int]:
    c = UNIT_COSTS
    n = len(offerings)
    seats = sum(o.capacity for o in offerings)
    days = template.class_days
    external = template.provider in c.external_providers
    lines = {
        BudgetCategory.HONORARIUM: template.jp
        * n
        * (c.honorarium_per_jp_external if external else c.honorarium_per_jp)
    }
    if days:
        lines[BudgetCategory.KONSUMSI] = seats * days * c.konsumsi_per_participant_day
        lines[BudgetCategory.ATK] = seats * c.atk_per_participant
    if template.rented_venue:
        lines[BudgetCategory.SEWA_TEMPAT] = n * days * c.sewa_per_day
    if template.provider.startswith("Lembaga Administrasi Negara"):
        lines[BudgetCategory.AKOMODASI] = n * 2 * max(days, 1) * c.akomodasi_per_facilitator_night
        lines[BudgetCategory.PERJALANAN] = n * c.perjalanan_per_offering
    if template.method in (Method.E_LEARNING, Method.BLENDED):
        lines[BudgetCategory.LAINNYA] = n * c.platform_per_offering
    return {str(k): v for k, v in lines.items()}


def create_budget(
    *, drafts: list[OfferingDraft], rng: random.Random, today: dt.date, by: Any
) -> tuple[int, list[str]]:
    """Budget lines per programme-year and category (bulk service): (lines written, over-pagu warnings)."""
    truth = gt.BUDGET
    low = {(a.program, a.fiscal_year): a.pct for a in truth.low_absorption}
    over = truth.over_pagu
    by_program: dict[int, list[OfferingDraft]] = defaultdict(list)
    for draft in drafts:
        by_program[draft.offering.program_id].append(draft)
    lines: list[BudgetLine] = []
    for program_drafts in by_program.values():
        template = program_drafts[0].template
        program = program_drafts[0].offering.program
        offerings = [d.offering for d in program_drafts]
        started = sum(1 for o in offerings if o.start_date <= today) / len(offerings)
        for category, pagu in _budget_categories(template, offerings).items():
            key = (template.key, program.fiscal_year)
            if key in low:
                realisasi = _share(pagu, low[key])
            elif key == (over.program, over.fiscal_year) and category == over.category:
                realisasi = _share(pagu, over.pct)
            else:
                pct = rng.uniform(truth.normal_min_pct, truth.normal_max_pct) * started
                realisasi = (Decimal(pagu) * Decimal(str(pct)) / 100_000).quantize(
                    Decimal("1"), ROUND_DOWN
                ) * 1000
            lines.append(
                BudgetLine(
                    program=program,
                    fiscal_year=program.fiscal_year,
                    category=category,
                    pagu=Decimal(pagu),
                    realisasi=realisasi,
                )
            )
    created, warnings = budget_lines_bulk_create(lines=lines, by=by)
    return len(created), warnings


def _share(pagu: int, pct: float) -> Decimal:
    return (Decimal(pagu) * Decimal(str(pct)) / 100).quantize(Decimal("1"), ROUND_HALF_UP)
