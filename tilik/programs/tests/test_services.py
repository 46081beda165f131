import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_employee
from tilik.org.services import employee_update
from tilik.programs import selectors, services
from tilik.programs.models import Enrollment, JPEntry

pytestmark = pytest.mark.django_db


def test_lifecycle_to_completion_credits_jp():
    offering = OfferingFactory(program__jp=24)
    employee = make_employee()
    e = services.enrollment_create(offering=offering, employee=employee, by=None)
    assert e.status == "invited"
    for status in ("registered", "attended"):
        e = services.enrollment_set_status(enrollment=e, status=status, by=None)
    e = services.enrollment_set_status(enrollment=e, status="completed", attendance_pct=95, by=None)
    entry = JPEntry.objects.get(enrollment=e)
    assert entry.jp == Decimal(24) and entry.year == 2026 and entry.employee == employee
    assert selectors.jp_by_employee(2026) == {employee.pk: Decimal(24)}


def test_illegal_transition_refused():
    e = services.enrollment_create(offering=OfferingFactory(), employee=make_employee(), by=None)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.enrollment_set_status(enrollment=e, status="completed", by=None)


def test_no_show_needs_reason_from_code_list():
    e = services.enrollment_create(offering=OfferingFactory(), employee=make_employee(), by=None,
                                   status="registered")
    with pytest.raises(ValidationError, match="Alasan wajib"):
        services.enrollment_set_status(enrollment=e, status="no_show", by=None)
    with pytest.raises(ValidationError):
        services.enrollment_set_status(enrollment=e, status="no_show", reason_code="bukan-kode", by=None)
    e = services.enrollment_set_status(enrollment=e, status="no_show", reason_code="beban_kerja",
                                       reason_text="Ada rapat mendadak", by=None)
    assert e.reason_code == "beban_kerja"


def test_inactive_employee_refused():
    employee = make_employee()
    employee_update(employee=employee, active=False, by=None)
    with pytest.raises(ValidationError, match="tidak aktif"):
        services.enrollment_create(offering=OfferingFactory(), employee=employee, by=None)
    assert Enrollment.objects.count() == 0


def test_full_offering_refused():
    offering = OfferingFactory(capacity=2)
    for _ in range(2):
        services.enrollment_create(offering=offering, employee=make_employee(), by=None, status="registered")
    with pytest.raises(ValidationError, match="Kelas sudah penuh"):
        services.enrollment_create(offering=offering, employee=make_employee(), by=None, status="registered")
    # An invitation does not take a seat, but accepting it into a full class is refused.
    invited = services.enrollment_create(offering=offering, employee=make_employee(), by=None)
    with pytest.raises(ValidationError, match="Kelas sudah penuh"):
        services.enrollment_set_status(enrollment=invited, status="registered", by=None)


def test_duplicate_enrolment_refused():
    offering, employee = OfferingFactory(), make_employee()
    services.enrollment_create(offering=offering, employee=employee, by=None)
    # An invitation is not a registration: the message names the status on record (issue 17).
    with pytest.raises(ValidationError, match=r"sudah tercatat di angkatan ini \(status: Diundang\)"):
        services.enrollment_create(offering=offering, employee=employee, by=None)


def test_offering_dates_and_capacity_validated():
    program = ProgramFactory()
    with pytest.raises(ValidationError):
        services.offering_create(program=program, batch=1, start_date=dt.date(2026, 5, 2),
                                 end_date=dt.date(2026, 5, 1), place="Aula", capacity=10, by=None)
    with pytest.raises(ValidationError):
        services.offering_create(program=program, batch=1, start_date=dt.date(2026, 5, 1),
                                 end_date=dt.date(2026, 5, 1), place="Aula", capacity=0, by=None)


def test_realisasi_above_pagu_accepted_but_flagged():
    program = ProgramFactory()
    line, warnings = services.budget_line_save(program=program, fiscal_year=2026, category="konsumsi",
                                               pagu=Decimal("10000000"), realisasi=Decimal("12500000"), by=None)
    assert line.over_pagu and line.absorption_pct == Decimal(125)
    assert len(warnings) == 1 and "melebihi pagu" in warnings[0]
    line, warnings = services.budget_line_save(program=program, fiscal_year=2026, category="konsumsi",
                                               pagu=Decimal("10000000"), realisasi=Decimal("8000000"), by=None)
    assert warnings == [] and not line.over_pagu


def test_year_headline_counts():
    offering = OfferingFactory(capacity=10, program__jp=20)
    people = [make_employee() for _ in range(4)]
    enrollments = [services.enrollment_create(offering=offering, employee=p, by=None, status="registered")
                   for p in people]
    services.enrollment_set_status(enrollment=enrollments[0], status="attended", by=None)
    services.enrollment_set_status(enrollment=enrollments[0], status="completed", by=None)
    services.enrollment_set_status(enrollment=enrollments[1], status="no_show", reason_code="tidak_perlu", by=None)
    services.budget_line_save(program=offering.program, fiscal_year=2026, category="honorarium",
                              pagu=Decimal(1000), realisasi=Decimal(800), by=None)
    h = selectors.year_headline(2026)
    assert (h.programs, h.offerings, h.enrollments, h.completed, h.no_show) == (1, 1, 4, 1, 1)
    assert h.participation_pct == pytest.approx(25.0)
    assert h.absorption_pct == pytest.approx(80.0)
    assert h.jp_compliant == 1 and h.active_employees == 4 and h.jp_compliance_pct == pytest.approx(25.0)


def test_admin_action_moves_status_through_service(admin_client):
    offering = OfferingFactory()
    e = services.enrollment_create(offering=offering, employee=make_employee(), by=None, status="registered")
    url = "/admin/programs/enrollment/"
    response = admin_client.post(url, {"action": "mark_completed", "_selected_action": [e.pk]}, follow=True)
    e.refresh_from_db()
    assert e.status == "registered"  # registered -> completed skips "attended": refused
    assert "tidak dapat diubah" in response.content.decode()
    admin_client.post(url, {"action": "mark_attended", "_selected_action": [e.pk]})
    admin_client.post(url, {"action": "mark_completed", "_selected_action": [e.pk]})
    e.refresh_from_db()
    assert e.status == "completed" and JPEntry.objects.filter(enrollment=e).exists()


@pytest.mark.parametrize("path", ["org/unit", "org/employee", "org/unitmembership", "programs/program",
                                  "programs/offering", "programs/enrollment", "programs/jpentry",
                                  "programs/budgetline", "core/profile", "core/auditevent"])
def test_every_admin_changelist_opens_in_indonesian(admin_client, path):
    response = admin_client.get(f"/admin/{path}/")
    assert response.status_code == 200
    assert "Cari" in response.content.decode() or "Saring" in response.content.decode()


def test_admin_refuses_bad_nip_with_indonesian_message(admin_client):
    response = admin_client.post("/admin/org/employee/add/", {
        "nip": "198609262015053001", "name": "Uji", "employment_type": "PNS", "golongan": "III/a",
        "jabatan_category": "pelaksana", "education": "S1", "active": "on",
    })
    assert response.status_code == 200
    assert "digit ke-15 (jenis kelamin) harus 1 atau 2" in response.content.decode()


def test_participation_ignores_angkatan_not_started_yet():
    import datetime as dt

    past = OfferingFactory(start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 5))
    future = OfferingFactory(program=past.program, start_date=dt.date(2026, 12, 7), end_date=dt.date(2026, 12, 9))
    done = services.enrollment_create(offering=past, employee=make_employee(), by=None, status="registered")
    services.enrollment_set_status(enrollment=done, status="attended", by=None)
    services.enrollment_create(offering=future, employee=make_employee(), by=None, status="registered")
    h = selectors.year_headline(2026, today=dt.date(2026, 11, 28))
    assert h.enrollments == 2 and h.participation_pct == pytest.approx(100.0)


def test_over_pagu_warning_groups_rupiah_the_indonesian_way():
    _line, warnings = services.budget_line_save(program=ProgramFactory(), fiscal_year=2026, category="atk",
                                                pagu=Decimal("15300000"), realisasi=Decimal("17442000"), by=None)
    assert warnings == ["Realisasi (Rp 17.442.000) melebihi pagu (Rp 15.300.000)."]
