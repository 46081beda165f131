"""Right to restrict processing (UU PDP): request, effect on the central selector, lifting, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tilik.core.models import AuditEvent
from tilik.core.models_privacy import ProcessingRestriction
from tilik.core.privacy.restriction import (
    is_restricted,
    restricted_employee_ids,
    restriction_lift,
    restriction_request,
)
from tilik.org.models import Employee

pytestmark = pytest.mark.django_db
PAYLOAD = "<script>alert('batasi')</script>"


def test_asn_restricts_own_processing_and_evaluator_lifts_it(client, world):
    client.force_login(world.users["peserta"])
    response = client.post(reverse("my_data"), {"action": "restrict", "reason": f"Nama salah {PAYLOAD}"})
    assert response.status_code == 302
    restriction = ProcessingRestriction.objects.get()
    assert restriction.employee == world.emp_a and restriction.status == ProcessingRestriction.Status.ACTIVE
    assert set(restricted_employee_ids()) == {world.emp_a.pk}
    assert AuditEvent.objects.filter(action="restriction.request", target_id=str(restriction.pk)).count() == 1
    assert "Aktif" in client.get(reverse("my_data")).content.decode()

    again = client.post(reverse("my_data"), {"action": "restrict", "reason": "lagi"})
    assert again.status_code == 200 and "sudah dibatasi" in again.content.decode()
    assert ProcessingRestriction.objects.count() == 1

    evaluator = world.users["evaluator"]
    client.force_login(evaluator)
    queue = client.get(reverse("correction_queue")).content.decode()
    assert world.emp_a.nip in queue and PAYLOAD not in queue and "&lt;script&gt;" in queue

    url = reverse("restriction_lift", args=[restriction.pk])
    client.post(url, {"note": "  "})
    assert is_restricted(world.emp_a)  # a lift needs a reason
    assert client.post(url, {"note": "Nama sudah dikoreksi"}).status_code == 302
    restriction.refresh_from_db()
    assert restriction.status == ProcessingRestriction.Status.LIFTED and restriction.resolved_by == evaluator
    assert not is_restricted(world.emp_a) and list(restricted_employee_ids()) == []
    assert AuditEvent.objects.filter(action="restriction.lift", actor=evaluator).count() == 1
    with pytest.raises(ValidationError):
        restriction_lift(restriction=restriction, by=evaluator, note="dua kali")


def test_only_evaluators_lift(client, world):
    restriction = restriction_request(employee=world.emp_a, by=world.users["peserta"], reason="keberatan")
    url = reverse("restriction_lift", args=[restriction.pk])
    for role in ("peserta", "pimpinan_unit", "pimpinan_daerah"):
        client.force_login(world.users[role])
        assert client.post(url, {"note": "buka"}).status_code == 403
    assert is_restricted(world.emp_a)


def test_restriction_linked_to_the_open_correction(world):
    restriction = restriction_request(
        employee=world.emp_a, by=world.users["peserta"], reason="sedang dikoreksi", correction=world.correction
    )
    assert restriction.correction == world.correction
    with pytest.raises(ValidationError):  # a correction of someone else
        restriction_request(employee=world.emp_b, by=world.users["peserta"], reason="x", correction=world.correction)


def test_selector_is_one_subquery_and_filters_querysets(world, django_assert_num_queries):
    restriction_request(employee=world.emp_b, by=None, reason="keberatan")
    with django_assert_num_queries(1):
        left = list(Employee.objects.exclude(pk__in=restricted_employee_ids()).values_list("pk", flat=True))
    assert world.emp_b.pk not in left and world.emp_a.pk in left


def test_restriction_shows_in_the_subjects_own_data(client, world):
    restriction_request(employee=world.emp_a, by=world.users["peserta"], reason="keberatan")
    client.force_login(world.users["peserta"])
    data = client.get(reverse("my_data_download", args=["json"])).json()
    assert [row["reason"] for row in data["data"]["core.processingrestriction"]] == ["keberatan"]


# --- the central places (wired by the lead: one line each; see the report) -----------------------


def test_restricted_employee_gets_no_offering_invitation(world):
    from tilik.programs.models import Enrollment
    from tilik.surveys.services.waves import invitations_for_offering
    from tilik.surveys.tests.conftest import load, open_wave

    enrollment = Enrollment.objects.get(employee=world.emp_a)
    wave = open_wave(load("level1_reaksi"), offering=enrollment.offering)
    restriction_request(employee=world.emp_a, by=None, reason="keberatan")
    assert invitations_for_offering(wave=wave, by=None, statuses=(enrollment.status,)) == 0


def test_restricted_employee_is_left_out_of_the_evaluation_frame(world):
    import datetime as dt

    from tilik.evaluations.models import EvaluationPlan
    from tilik.evaluations.selectors import analysis_frame
    from tilik.performance.models import Indicator, Measurement

    indicator = Indicator.objects.get(code="tugas-tepat-waktu")  # employee-level, monthly
    for emp in (world.emp_a, world.emp_b):
        for month in (1, 7):
            Measurement.objects.create(
                indicator=indicator, employee=emp, frequency="monthly", period_start=dt.date(2025, month, 1), value=5
            )
    plan = EvaluationPlan.objects.create(
        name="Frame",
        design="prepost",
        frequency="monthly",
        pre_start=dt.date(2025, 1, 1),
        pre_end=dt.date(2025, 3, 31),
        post_start=dt.date(2025, 7, 1),
        post_end=dt.date(2025, 9, 30),
    )
    before, _ = analysis_frame(plan, indicator)
    assert set(before["entity"]) == {world.emp_a.pk, world.emp_b.pk}
    restriction_request(employee=world.emp_a, by=None, reason="keberatan")
    after, _ = analysis_frame(plan, indicator)
    assert set(after["entity"]) == {world.emp_b.pk}
