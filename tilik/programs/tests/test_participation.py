import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError

from tilik.core.tests.factories import OfferingFactory, make_unit
from tilik.org.models import Unit
from tilik.programs import services
from tilik.programs.models import Enrollment, ReminderAssignment
from tilik.programs.selectors_participation import (
    funnel,
    group_rates,
    participation_frame,
    participation_logit,
    reasons,
)
from tilik.programs.selectors_strategies import experiment_results
from tilik.programs.services_participation import intervention_create, reminder_experiment_create
from tilik.programs.tests.support import make_asn

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    root = make_unit("Pemerintah Kota", unit_type="pemda", code="kota")
    dishub = make_unit("Dinas Perhubungan", parent=root, code="dishub", short_name="Dishub")
    dinkes = make_unit("Dinas Kesehatan", parent=root, code="dinkes", short_name="Dinkes")
    pkm = make_unit("Puskesmas I", parent=dinkes, code="pkm-1", unit_type="puskesmas")
    return {"root": root, "dishub": dishub, "dinkes": dinkes, "pkm": pkm}


def enrol(offering, unit, *, final, age=35, sex="1", reason="beban_kerja"):
    employee = make_asn(unit=unit, age=age, sex=sex)
    e = services.enrollment_create(offering=offering, employee=employee, by=None)
    path = {
        "completed": ["registered", "attended", "completed"],
        "attended": ["registered", "attended"],
        "declined": ["declined"],
        "no_show": ["registered", "no_show"],
        "invited": [],
        "registered": ["registered"],
    }[final]
    for status in path:
        kw = {"reason_code": reason} if status in ("declined", "no_show") else {}
        e = services.enrollment_set_status(enrollment=e, status=status, by=None, **kw)
    return e


def test_funnel_frame_and_rates_find_the_low_opd(city):
    offering = OfferingFactory(capacity=200)
    for _ in range(30):
        enrol(offering, city["pkm"], final="completed")  # a puskesmas counts as its Dinas
    for i in range(30):
        enrol(offering, city["dishub"], final="completed" if i < 10 else "declined")
    enrol(offering, city["dinkes"], final="invited")
    rows = funnel(2026)
    total = rows[-1]
    assert rows[0].program == offering.program and total.program is None
    assert (total.invited, total.registered, total.attended, total.completed) == (61, 40, 40, 40)
    frame = participation_frame(2026)
    assert len(frame) == 60 and set(frame["opd"]) == {"Dinkes", "Dishub"}
    rates = {r.rate.group: r for r in group_rates(frame, "opd")}
    assert rates["Dishub"].rate.lower_than_rest and not rates["Dinkes"].rate.lower_than_rest
    assert rates["Dishub"].rate.ci_low < 1 / 3 < rates["Dishub"].rate.ci_high
    counts = {r.code: r for r in reasons(2026)}
    assert counts["beban_kerja"].declined == 20 and counts["beban_kerja"].total == 20


def test_frame_query_count_is_fixed(city, django_assert_num_queries):
    offering = OfferingFactory(capacity=50)
    for i in range(12):
        enrol(offering, city["pkm"] if i % 2 else city["dishub"], final="completed" if i % 3 else "declined")
    with django_assert_num_queries(3):
        frame = participation_frame(2026)
    assert len(frame) == 12


def test_unit_head_scope_and_small_cell_suppression(city):
    offering = OfferingFactory(capacity=50)
    for i in range(8):
        enrol(offering, city["pkm"], final="completed", age=30 if i < 6 else 55)
    enrol(offering, city["dishub"], final="declined")
    scoped = participation_frame(2026, units=Unit.objects.filter(path__startswith=city["dinkes"].path))
    assert len(scoped) == 8
    rows = {r.rate.group: r for r in group_rates(scoped, "age_band", min_cell=5)}
    assert rows["50+"].hidden and rows["30–39"].hidden  # 2 < 5 hidden, and its complement too
    assert funnel(2026, units=Unit.objects.filter(pk=city["pkm"].pk))[-1].invited == 8
    assert all(r.declined is None for r in reasons(2026, min_cell=5))


def test_logit_recovers_older_asn_lower_participation(city):
    rng = random.Random(5)
    offering = OfferingFactory(capacity=400)
    rows = []
    for _ in range(240):
        age = rng.choice([28, 35, 45, 55])
        p = 0.45 if age >= 50 else 0.85
        employee = make_asn(unit=city["pkm"] if rng.random() < 0.5 else city["dishub"], age=age, sex=rng.choice("12"))
        took = rng.random() < p
        rows.append(
            Enrollment(
                offering=offering,
                employee=employee,
                status="completed" if took else "declined",
                reason_code="" if took else "tidak_perlu",
            )
        )
    Enrollment.objects.bulk_create(rows)  # test data: the final statuses directly
    frame = participation_frame(2026)
    result = participation_logit(frame)
    older = next(o for o in result.odds_ratios if o.term == "kelompok umur 50+")  # as the page shows it
    assert older.odds_ratio > 1 and older.p_value < 0.05  # not taking part is more likely at 50+
    shown = [o.term for o in result.odds_ratios] + list(result.reference_levels)
    shown += [result.interpretation_id, *result.warnings]
    assert not [t for t in shown if any(c in t for c in ("age_band", "not_part", "opd", "sex", "jabatan="))], shown
    assert "'kelompok umur 50+'" in result.interpretation_id and "'tidak ikut pelatihan'" in result.interpretation_id
    flagged = {r.rate.group for r in group_rates(frame, "age_band") if r.rate.lower_than_rest}
    assert flagged == {"50+"}


def test_intervention_needs_a_target(city):
    with pytest.raises(ValidationError, match="Pilih angkatan atau unit"):
        intervention_create(kind="whatsapp", started_on=dt.date(2026, 2, 1), by=None)
    item = intervention_create(kind="surat_pimpinan", started_on=dt.date(2026, 2, 1), by=None, unit=city["dishub"])
    assert item.get_kind_display() == "Surat dari pimpinan"


def test_experiment_is_seeded_balanced_and_recorded(city):
    offering = OfferingFactory(capacity=300)
    for _ in range(31):
        enrol(offering, city["pkm"], final="invited")
    enrol(offering, city["pkm"], final="registered")  # already answered: not randomised
    exp = reminder_experiment_create(offering=offering, arms=["whatsapp", "surat_pimpinan"], seed=42, by=None)
    assert exp.arms == ["kontrol", "whatsapp", "surat_pimpinan"] and exp.seed == 42
    arms = list(
        ReminderAssignment.objects.filter(experiment=exp).order_by("enrollment_id").values_list("arm", flat=True)
    )
    assert len(arms) == 31 and sorted(arms.count(a) for a in set(arms)) == [10, 10, 11]
    from analysis.experiments import assign_arms

    ids = [
        str(pk)
        for pk in ReminderAssignment.objects.filter(experiment=exp)
        .order_by("enrollment_id")
        .values_list("enrollment_id", flat=True)
    ]
    assert list(assign_arms(ids, exp.arms, seed=42)[i] for i in ids) == arms  # re-derivable from the seed
    with pytest.raises(ValidationError, match="sudah memiliki eksperimen"):
        reminder_experiment_create(offering=offering, arms=["whatsapp"], seed=1, by=None)


@pytest.mark.parametrize(
    ("arms", "seed", "message"),
    [
        (["kontrol"], 1, "selain kontrol"),
        (["sms"], 1, "tidak dikenal"),
        (["whatsapp"], -1, "Seed"),
    ],
)
def test_experiment_bad_input(city, arms, seed, message):
    offering = OfferingFactory(capacity=50)
    for _ in range(12):
        enrol(offering, city["pkm"], final="invited")
    with pytest.raises(ValidationError, match=message):
        reminder_experiment_create(offering=offering, arms=arms, seed=seed, by=None)


def test_too_few_invitees_refused(city):
    offering = OfferingFactory(capacity=50)
    for _ in range(6):
        enrol(offering, city["pkm"], final="invited")
    with pytest.raises(ValidationError, match="Terlalu sedikit undangan"):
        reminder_experiment_create(offering=offering, arms=["whatsapp"], seed=1, by=None)


def test_planted_uplift_is_recovered(city):
    """WhatsApp reminders planted at +25 points registration: the CI covers it and excludes 0."""
    offering = OfferingFactory(capacity=1000)
    employees = [make_asn(unit=city["pkm"]) for _ in range(400)]
    Enrollment.objects.bulk_create(Enrollment(offering=offering, employee=e, status="invited") for e in employees)
    exp = reminder_experiment_create(offering=offering, arms=["whatsapp"], seed=2026, by=None)
    rng = random.Random(11)
    planted = {"kontrol": 0.45, "whatsapp": 0.70}
    for a in ReminderAssignment.objects.filter(experiment=exp).select_related("enrollment"):
        if rng.random() < planted[a.arm]:
            a.enrollment.status = "attended" if rng.random() < 0.8 else "registered"
        else:
            a.enrollment.status = "declined"
        a.enrollment.save(update_fields=["status"])
    control, wa = experiment_results(exp)
    assert control.registration_uplift is None and wa.n + control.n == 400
    up = wa.registration_uplift
    assert up.ci_low < 0.25 < up.ci_high and up.ci_low > 0 and up.significant
    assert wa.attendance_uplift.estimate > 0
