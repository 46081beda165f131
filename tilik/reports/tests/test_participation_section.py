"""Participation in the report (issue 16 item 6): angkatan not yet run stay out of the attendance rate; the
OPD flag says "tidak terbukti" (not significant after Holm), never a bare "tidak"; the randomised reminder
experiment comes with its difference, CI, p-value and a plain sentence; the age effect is reported."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from tilik.core.tests.factories import OfferingFactory
from tilik.reports.scope import scope_for
from tilik.reports.sections.participation import participation_section
from tilik.reports.tests.support import build_programme, make_asn

pytestmark = pytest.mark.django_db


def _section(program):
    with translation.override("id"):
        return participation_section(scope_for(None, year=2026, program=program, suppress=False))


def test_offerings_not_yet_run_are_left_out_of_the_attendance_rate():
    from tilik.programs.services import enrollment_create

    data = build_programme()
    program = data["program"]
    today = timezone.localdate()
    later = OfferingFactory(
        program=program, start_date=today + dt.timedelta(days=10), end_date=today + dt.timedelta(days=12)
    )
    for _i in range(6):
        enrollment_create(offering=later, employee=make_asn(data["opd_b"]), by=None)
    section = _section(program)
    # 9 of the 16 invitees of the angkatan that ran took part; the 6 invitees of the later one do not count.
    assert section.headline in ("56,2 % peserta undangan hadir", "56,3 % peserta undangan hadir")
    assert any("belum dimulai" in p and str(later) in p for p in section.paragraphs)
    funnel = section.tables[0]
    assert funnel.rows[0][1] == "16"
    assert not any("eksperimen pengingat" in p.lower() for p in section.paragraphs)  # this programme has none


def test_opd_flag_distinguishes_significant_from_not_shown():
    data = build_programme()
    section = _section(data["program"])
    opd = next(t for t in section.tables if t.caption.startswith("Tingkat partisipasi per OPD"))
    flags = {row[0]: row[-1] for row in opd.rows}
    assert flags["Dinas Alfa"].startswith("ya (p Holm ")
    assert flags["Dinas Beta"].startswith("tidak terbukti (p Holm ")
    assert "bukan bukti bahwa partisipasinya sama" in opd.note


def test_reminder_experiment_is_reported_with_difference_ci_p_and_a_sentence():
    from tilik.programs.services import enrollment_create, enrollment_set_status
    from tilik.programs.services_participation import reminder_experiment_create

    data = build_programme()
    offering = OfferingFactory(program__name="Orientasi Uji", program__fiscal_year=2026, capacity=100)
    staff = [make_asn(data["opd_b"]) for _i in range(60)]
    enrolments = [enrollment_create(offering=offering, employee=e, by=None) for e in staff]
    experiment = reminder_experiment_create(offering=offering, arms=["kontrol", "whatsapp"], by=None, seed=7)
    arm_of = {a.enrollment_id: a.arm for a in experiment.assignments.all()}
    for i, e in enumerate(enrolments):
        # WhatsApp invitees all attend; half of the control arm declines.
        took_part = arm_of[e.pk] == "whatsapp" or i % 2 == 0
        if took_part:
            for status in ("registered", "attended"):
                e = enrollment_set_status(enrollment=e, status=status, by=None)
        else:
            enrollment_set_status(enrollment=e, status="declined", by=None, reason_code="beban_kerja")
    section = _section(offering.program)
    text = " ".join(section.paragraphs)
    assert re.search(
        r"Pengingat WhatsApp menaikkan partisipasi [\d,]+ poin persen, IK 95 % [\d,]+ s\.d\. [\d,]+, p [=<] ", text
    )
    table = next(t for t in section.tables if t.caption.startswith("Eksperimen pengingat"))
    assert [r[0] for r in table.rows] == ["Kontrol (undangan biasa)", "Pengingat WhatsApp"]
    assert table.rows[1][4].startswith("+") and " s.d. " in table.rows[1][5]
    assert any(f.kind == "reminder_experiment" for f in section.findings)
