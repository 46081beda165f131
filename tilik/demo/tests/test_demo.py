"""The synthetic Denpasar: structure, valid NIPs, planted patterns, accounts, determinism, the command."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum
from django.test import RequestFactory

from tilik.core.audit import audit_unlocked
from tilik.core.models import AuditEvent, Role
from tilik.core.roles import role_of
from tilik.demo import ground_truth as gt
from tilik.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tilik.demo.generator import build_demo, rng_stream
from tilik.demo.people import generate_people
from tilik.demo.programs import MODE_OF_METHOD
from tilik.demo.services import PRESERVED_ON_WIPE, data_present, demo_wipe
from tilik.demo.units import PEMDA_CODE, opd_code
from tilik.org.choices import MANAGERIAL, EmploymentType, JabatanCategory, UnitType
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.org.nip import parse_nip
from tilik.org.selectors import unit_of
from tilik.org.services_bulk import MembershipRow, employees_bulk_create, memberships_bulk_create
from tilik.programs import selectors
from tilik.programs.choices import REASON_STATUSES, EnrollmentStatus, JPSource
from tilik.programs.models import BudgetLine, Enrollment, JPEntry, Offering, Program
from tilik.programs.services_bulk import EnrollmentPlan, enrollments_bulk_create

SIZE = 300
SEED = 1
TODAY = gt.REFERENCE_TODAY
S = EnrollmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo city for the whole module (built once, committed, wiped at the end)."""
    with django_db_blocker.unblock():
        assert not data_present(), "the demo tests need an empty test database"
        summary = build_demo(seed=SEED, employees=SIZE)
        yield summary
        demo_wipe(by="test")
        with audit_unlocked():  # leave the database as empty as we found it (test teardown only)
            AuditEvent.objects.all().delete()


def _snapshot() -> dict[str, list[tuple]]:
    return {
        "employees": list(Employee.objects.order_by("nip").values_list("nip", "name", "golongan", "active")),
        "memberships": list(
            UnitMembership.objects.order_by("employee__nip", "start_date").values_list(
                "employee__nip", "unit__code", "start_date", "end_date"
            )
        ),
        "enrollments": list(
            Enrollment.objects.order_by(
                "offering__program__slug", "offering__batch", "employee__nip"
            ).values_list(
                "offering__program__slug",
                "offering__batch",
                "employee__nip",
                "status",
                "reason_code",
                "attendance_pct",
            )
        ),
        "jp": list(
            JPEntry.objects.order_by("employee__nip", "year", "description", "jp").values_list(
                "employee__nip", "year", "jp", "source"
            )
        ),
        "budget": list(
            BudgetLine.objects.order_by("program__slug", "category").values_list(
                "program__slug", "category", "pagu", "realisasi"
            )
        ),
    }


def _preserved_counts() -> dict[str, int]:
    """Rows that migrations ship and the wipe must keep (PRESERVED_ON_WIPE), per installed model."""
    counts = {}
    for label, keep in PRESERVED_ON_WIPE.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._base_manager.filter(**keep).count()
    return counts


def _participation_rows() -> list[tuple[bool, int, bool, str]]:
    """(in a low-participation OPD, age, took part, reason) per enrolment of a finished offering."""
    history = defaultdict(list)
    for m in UnitMembership.objects.select_related("unit"):
        history[m.employee_id].append((m.start_date, m.end_date, m.unit.code))
    rows = []
    for e in Enrollment.objects.select_related("offering", "employee").filter(
        offering__start_date__lte=TODAY
    ):
        day = e.offering.start_date
        unit = next(
            code
            for start, end, code in history[e.employee_id]
            if start <= day and (end is None or day <= end)
        )
        rows.append(
            (
                opd_code(unit) in gt.PARTICIPATION.low_opd_codes,
                e.employee.age_on(day),
                e.status in (S.ATTENDED, S.COMPLETED),
                e.reason_code,
            )
        )
    return rows


def _rate(rows: list[tuple[bool, int, bool, str]]) -> float:
    return sum(r[2] for r in rows) / len(rows)


# --- structure ---


def test_unit_tree(demo):
    pemda = Unit.objects.get(code=PEMDA_CODE)
    assert pemda.name == "Pemerintah Kota Denpasar" and pemda.parent is None
    opd = Unit.objects.filter(parent=pemda)
    assert 25 <= opd.count() <= 30
    names = set(opd.values_list("name", flat=True))
    for name in (
        "Dinas Kesehatan",
        "Dinas Perhubungan",
        "Satuan Polisi Pamong Praja",
        "Inspektorat",
        "Kecamatan Denpasar Barat",
        "Kecamatan Denpasar Utara",
    ):
        assert name in names
    puskesmas = Unit.objects.filter(unit_type=UnitType.PUSKESMAS)
    assert puskesmas.count() == 11
    assert set(puskesmas.values_list("parent__code", flat=True)) == {"dinkes"}
    assert all(p.serves_public and p.kecamatan for p in puskesmas)
    assert Counter(puskesmas.values_list("kecamatan", flat=True)) == {
        "denpasar_barat": 2,
        "denpasar_selatan": 4,
        "denpasar_timur": 2,
        "denpasar_utara": 3,
    }
    assert Unit.objects.filter(code="rsud-wangaya", parent__code="dinkes").exists()
    for code in ("disdukcapil", "dpmptsp", "kec-denpasar-timur"):
        assert Unit.objects.get(code=code).serves_public
    assert Unit.objects.filter(unit_type=UnitType.BIDANG).count() >= 5
    for unit in Unit.objects.select_related("parent"):
        assert unit.path == (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"


def test_every_nip_is_valid_and_matches_the_record(demo):
    employees = list(Employee.objects.all())
    assert len(employees) == SIZE
    assert len({e.nip for e in employees}) == SIZE
    for e in employees:
        info = parse_nip(e.nip, employment_type=e.employment_type, today=TODAY)
        assert info.birth_date == e.birth_date
        if e.employment_type == EmploymentType.PNS:
            assert info.sex == e.sex and info.tmt == e.tmt_cpns
        assert 22 <= e.age_on(TODAY) <= 58


def test_workforce_mix(demo):
    employees = list(Employee.objects.all())
    pppk = [e for e in employees if e.employment_type == EmploymentType.PPPK]
    assert 0.12 <= len(pppk) / len(employees) <= 0.30
    assert not any(e.jabatan_category in MANAGERIAL for e in pppk)
    pns_ranks = Counter(
        e.golongan.split("/")[0] for e in employees if e.employment_type == EmploymentType.PNS
    )
    assert pns_ranks.most_common(1)[0][0] == "III"
    categories = Counter(e.jabatan_category for e in employees)
    assert categories[JabatanCategory.PELAKSANA] + categories[JabatanCategory.FUNGSIONAL] > 0.8 * len(
        employees
    )
    assert categories[JabatanCategory.JPT_PRATAMA] >= 20
    for e in employees:
        if e.jabatan_category == JabatanCategory.JPT_PRATAMA:
            assert e.golongan in ("IV/b", "IV/c", "IV/d")
        if e.jabatan_category == JabatanCategory.FUNGSIONAL:
            assert e.jenjang
        if e.golongan.startswith("III") or e.golongan.startswith("IV"):
            assert e.education in ("D3", "D4", "S1", "S2", "S3") or e.golongan <= "III/b"
    inactive = [e for e in employees if not e.active]
    assert 1 <= len(inactive) <= 0.05 * len(employees)
    current = Counter(
        UnitMembership.objects.filter(end_date__isnull=True).values_list("employee_id", flat=True)
    )
    assert all(current[e.pk] == 1 for e in employees if e.active)
    assert not any(current[e.pk] for e in inactive)
    moved = UnitMembership.objects.values("employee").annotate(n=Count("id")).filter(n__gt=1).count()
    assert moved >= 5
    puskesmas_staff = Employee.objects.filter(
        memberships__unit__unit_type=UnitType.PUSKESMAS, memberships__end_date__isnull=True
    )
    fungsional = puskesmas_staff.filter(jabatan_category=JabatanCategory.FUNGSIONAL).count()
    assert fungsional > 0.7 * puskesmas_staff.count()


def test_fiscal_years_and_programmes(demo):
    assert selectors.program_years() == [2026, 2025, 2024]
    titles = set(Program.objects.values_list("name", flat=True))
    assert len(titles) >= 12
    for name in ("Manajemen Waktu", "Literasi Digital untuk Layanan Publik", "Pelayanan Prima di Puskesmas"):
        assert name in titles
    for program in Program.objects.all():
        assert program.objective and program.provider and program.target_group and program.jp >= 1
        assert program.offerings.exists() and program.budget_lines.exists()
        # Each angkatan meets the way its programme is taught (an e-learning class is daring).
        assert {o.mode for o in program.offerings.all()} == {MODE_OF_METHOD[program.method]}


# --- lifecycle and JP ---


def test_enrolment_lifecycle_and_jp_ledger(demo):
    enrollments = list(Enrollment.objects.select_related("offering__program"))
    for e in enrollments:
        assert (e.status in REASON_STATUSES) == bool(e.reason_code)
        if e.offering.start_date > TODAY:
            assert e.status in (S.INVITED, S.REGISTERED, S.DECLINED)
        else:
            assert e.status not in (S.INVITED, S.REGISTERED)
        if e.status == S.COMPLETED:
            assert (e.attendance_pct or 0) >= Decimal(gt.PARTICIPATION.completion_min_attendance_pct)
            entry = e.jp_entry
            assert entry.jp == e.offering.program.jp and entry.year == e.offering.end_date.year
            assert entry.source == JPSource.ENROLLMENT
        assert e.invited_on is not None and e.status_changed_on is not None
        assert e.invited_on <= e.status_changed_on <= TODAY
    completed = sum(1 for e in enrollments if e.status == S.COMPLETED)
    assert JPEntry.objects.filter(source=JPSource.ENROLLMENT).count() == completed
    for offering_id, seats in Counter(
        e.offering_id for e in enrollments if e.status in (S.REGISTERED, S.ATTENDED, S.COMPLETED)
    ).items():
        assert seats <= next(e.offering.capacity for e in enrollments if e.offering_id == offering_id)


def test_jp_compliance_share_is_the_planted_one(demo):
    for year, share in gt.JP_COMPLIANCE.share_by_year.items():
        headline = selectors.year_headline(year, jp_target=gt.JP_COMPLIANCE.threshold)
        assert headline.jp_compliant == round(share * headline.active_employees)
    assert not JPEntry.objects.filter(employee__active=False).exists()


# --- planted patterns ---


def test_participation_lower_for_50_plus_and_in_named_opd(demo):
    rows = _participation_rows()
    older = [r for r in rows if r[1] >= gt.PARTICIPATION.older_age]
    under_40 = [r for r in rows if r[1] < 40]
    assert len(older) >= 30 and len(under_40) >= 30
    assert _rate(older) < _rate(under_40)
    low = [r for r in rows if r[0]]
    rest = [r for r in rows if not r[0]]
    assert len(low) >= 10
    assert _rate(low) < _rate(rest)


def test_no_show_reasons_concentrate_on_workload_and_low_need(demo):
    reasons = Counter(r[3] for r in _participation_rows() if not r[2])
    total = sum(reasons.values())
    assert reasons.most_common(1)[0][0] == "beban_kerja"
    assert (reasons["beban_kerja"] + reasons["tidak_perlu"] + reasons["tidak_termotivasi"]) / total > 0.5


def test_budget_absorption_and_over_pagu(demo):
    for planted in gt.BUDGET.low_absorption:
        totals = BudgetLine.objects.filter(
            program__name=planted.name, fiscal_year=planted.fiscal_year
        ).aggregate(p=Sum("pagu"), r=Sum("realisasi"))
        assert float(totals["r"] / totals["p"] * 100) == pytest.approx(planted.pct, abs=0.01)
    over = [line for line in BudgetLine.objects.select_related("program") if line.over_pagu]
    over_pagu = gt.BUDGET.over_pagu
    assert [(o.program.name, o.fiscal_year, o.category) for o in over] == [
        (over_pagu.name, over_pagu.fiscal_year, over_pagu.category)
    ]
    assert float(over[0].absorption_pct or 0) == pytest.approx(over_pagu.pct, abs=0.01)
    assert any((selectors.year_headline(y).absorption_pct or 100) < 100 for y in gt.FISCAL_YEARS)


def test_pelayanan_prima_trains_each_cohort_in_its_own_month(demo):
    """One angkatan per cohort, inviting only that cohort's puskesmas, in its month; every puskesmas of
    every cohort gets staff trained; the never-trained puskesmas are invited only after `today`."""
    pp = gt.PELAYANAN_PRIMA
    assert len({c.trained_in for c in pp.cohorts}) == len(pp.cohorts) >= 3
    assert sorted(pp.treated_puskesmas + pp.comparison_puskesmas) == sorted(
        Unit.objects.filter(unit_type=UnitType.PUSKESMAS).values_list("code", flat=True)
    )
    trained = defaultdict(set)
    for e in Enrollment.objects.filter(offering__program__name="Pelayanan Prima di Puskesmas").select_related(
        "offering__program", "employee"
    ):
        unit = getattr(unit_of(e.employee, e.offering.start_date), "code", None)
        if e.offering.program.fiscal_year == 2025:
            cohort = pp.cohort_of(unit or "")
            assert cohort is not None and cohort.batch == e.offering.batch, (unit, e.offering.batch)
            start, end = e.offering.start_date, e.offering.end_date
            month = (cohort.trained_in.year, cohort.trained_in.month)
            assert (start.year, start.month) == (end.year, end.month) == month
            if e.status == S.COMPLETED:
                trained[cohort.batch].add(unit)
        else:
            assert unit in pp.comparison_puskesmas and e.offering.start_date > TODAY
    assert {batch: units for batch, units in trained.items()} == {c.batch: set(c.puskesmas) for c in pp.cohorts}


# --- accounts ---


def test_demo_accounts_have_their_roles_and_can_log_in(demo, client):
    users = {
        u.username: u for u in get_user_model().objects.select_related("profile__unit", "profile__employee")
    }
    for account in DEMO_ACCOUNTS:
        user = users[account.username]
        assert role_of(user) == account.role
        assert user.check_password(DEMO_PASSWORD)
        # django-axes needs the request; this runs the same authentication backends as the login page.
        request = RequestFactory().post("/")
        assert client.login(request=request, username=account.username, password=DEMO_PASSWORD)
        client.logout()
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["evaluator"].is_staff and not users["evaluator"].is_superuser  # no Django admin (issue 17)
    assert users["evaluator"].profile.role == Role.EVALUATOR
    assert getattr(users["pimpinan"].profile.unit, "code", None) == "dinkes"
    assert getattr(users["peserta"].profile.employee, "nip", None) == demo.participant_nip
    assert not users["walikota"].is_staff


# --- determinism ---


def test_generation_is_a_function_of_seed_and_today():
    """No wall clock and no global random state: the same seed and `today` give the same people."""
    first = generate_people(employees=120, rng=rng_stream(1, "people"), today=TODAY)
    random.seed(12345)  # the global generator must not matter
    second = generate_people(employees=120, rng=rng_stream(1, "people"), today=TODAY)
    assert [(p.nip, p.name, p.golongan, p.history) for p in first] == [
        (p.nip, p.name, p.golongan, p.history) for p in second
    ]


def test_people_follow_an_explicit_today():
    later = dt.date(2031, 6, 30)
    people = generate_people(employees=120, rng=rng_stream(1, "people"), today=later)
    for person in people:
        parse_nip(person.nip, employment_type=person.employment_type, today=later)
        assert 22 <= person.age_on(later) <= 58
        assert person.tmt <= gt.LAST_TMT


# --- the command ---


def test_command_refuses_when_debug_is_false(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("demo", stdout=StringIO())


def test_command_refuses_a_non_empty_database(demo, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=StringIO())


def test_command_if_absent_leaves_data_and_prints_logins(demo, settings):
    settings.DEBUG = True
    before = Employee.objects.count()
    out = StringIO()
    call_command("demo", "--if-absent", stdout=out)
    assert Employee.objects.count() == before
    text = out.getvalue()
    assert "sudah berisi data" in text and DEMO_PASSWORD in text
    assert all(account.username in text for account in DEMO_ACCOUNTS)


def test_force_rebuilds_and_the_same_seed_gives_the_same_data(demo, settings):
    """`--force` wipes and rebuilds even with DEBUG=False; two builds with one seed are identical."""
    settings.DEBUG = False
    kept = _preserved_counts()
    snapshots: list[dict[str, list[tuple]]] = []
    for _run in range(2):
        out = StringIO()
        call_command("demo", "--force", "--employees", "50", "--seed", "5", stdout=out)
        assert "Data demo Kota Denpasar dibuat" in out.getvalue() and "walikota" in out.getvalue()
        assert Employee.objects.count() == 50
        assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
        snapshots.append(_snapshot())
    assert snapshots[0] == snapshots[1]
    assert _preserved_counts() == kept
    assert snapshots[0]["enrollments"] and snapshots[0]["jp"]
    same = generate_people(employees=50, rng=rng_stream(5, "people"), today=TODAY)
    assert sorted(p.nip for p in same) == [row[0] for row in snapshots[0]["employees"]]
    other = generate_people(employees=50, rng=rng_stream(6, "people"), today=TODAY)
    assert sorted(p.nip for p in other) != sorted(p.nip for p in same)


# --- the bulk writers keep the single-object rules ---


def test_bulk_enrolments_refuse_what_the_services_refuse(demo):
    offering = Offering.objects.filter(start_date__lte=TODAY).select_related("program").earliest("pk")
    enrolled = set(offering.enrollments.values_list("employee_id", flat=True))
    free = Employee.objects.filter(active=True).exclude(pk__in=enrolled)[:2]
    inactive = Employee.objects.filter(active=False).first()
    day = offering.start_date

    def plan(employee, path, **extra):
        return EnrollmentPlan(
            offering=offering, employee=employee, path=path, invited_on=day, status_changed_on=day, **extra
        )

    bad = [
        plan(free[0], (S.INVITED, S.COMPLETED)),  # skips registered and attended
        plan(free[0], (S.ATTENDED,)),  # must start invited or registered
        plan(free[0], (S.INVITED, S.DECLINED)),  # no reason
        plan(inactive, (S.INVITED,)),
        plan(Employee.objects.get(pk=next(iter(enrolled))), (S.INVITED,)),  # already in this offering
    ]
    for one in bad:
        with pytest.raises(ValidationError):
            enrollments_bulk_create(plans=[one], by="test")
    with pytest.raises(ValidationError):
        enrollments_bulk_create(plans=[plan(free[1], (S.INVITED,)), plan(free[1], (S.INVITED,))], by="test")
    seats = offering.enrollments.filter(status__in=(S.REGISTERED, S.ATTENDED, S.COMPLETED)).count()
    offering.capacity = seats
    offering.save(update_fields=["capacity"])
    with pytest.raises(ValidationError, match="penuh"):
        enrollments_bulk_create(plans=[plan(free[1], (S.REGISTERED,))], by="test")
    created = enrollments_bulk_create(
        plans=[plan(free[1], (S.INVITED, S.DECLINED), reason_code="beban_kerja")], by="test"
    )
    assert created[0].status == S.DECLINED and not JPEntry.objects.filter(enrollment=created[0]).exists()


def test_bulk_employees_and_memberships_refuse_bad_rows(demo):
    row = {
        "nip": "199001012015031001",
        "name": "Uji",
        "golongan": "III/a",
        "jabatan_category": "pelaksana",
        "education": "S1",
    }
    with pytest.raises(ValidationError, match="Baris 2"):
        employees_bulk_create(rows=[row, row], by="test", today=TODAY)
    with pytest.raises(ValidationError):
        employees_bulk_create(rows=[{**row, "nip": "199001012015031000"}], by="test", today=TODAY)
    [employee] = employees_bulk_create(rows=[row], by="test", today=TODAY)
    unit = Unit.objects.get(code="bkpsdm")
    with pytest.raises(ValidationError):
        memberships_bulk_create(
            rows=[
                MembershipRow(employee, unit, dt.date(2020, 1, 1)),
                MembershipRow(employee, unit, dt.date(2022, 1, 1)),
            ],
            by="test",
        )
    with pytest.raises(ValidationError):
        memberships_bulk_create(
            rows=[
                MembershipRow(employee, unit, dt.date(2020, 1, 1), dt.date(2021, 1, 1)),
                MembershipRow(employee, unit, dt.date(2020, 6, 1)),
            ],
            by="test",
        )
    memberships_bulk_create(
        rows=[
            MembershipRow(employee, unit, dt.date(2020, 1, 1), dt.date(2021, 1, 1)),
            MembershipRow(employee, unit, dt.date(2021, 1, 2)),
        ],
        by="test",
    )
    assert unit_of(employee, TODAY) == unit
