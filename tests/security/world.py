"""A small world for the security tests: two unit subtrees, one account per role, one of each object.

Unit A (with sub-unit A1) is inside the pimpinan unit's scope; unit B is outside it. The peserta is
employee A (in A1); employee B belongs to unit B. Objects named in tilik/core/url_rules.py kwargs are
attributes here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tilik.core.models import Role
from tilik.core.services import user_create_with_role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Rahasia-Tilik-2026"


class World:
    users: dict[str, Any]
    unit_a: Any
    unit_a1: Any
    unit_b: Any
    emp_a: Any
    emp_b: Any
    device: Any
    program: Any
    program_a: Any
    offering_a: Any
    enrollment_a: Any
    certificate_a: Any
    certificate_b: Any
    interview: Any
    interview_b: Any
    codebook: Any
    code: Any
    version: Any
    question: Any
    wave_a: Any
    wave_b: Any
    correction: Any

    def obj(self, name: str) -> Any:
        return getattr(self, name)

    def value(self, spec: str) -> Any:
        """ "interview" → its pk; "program_a.slug" → that attribute."""
        name, _dot, attr = spec.partition(".")
        return getattr(self.obj(name), attr or "pk")


def _asn(nip: str, name: str, unit: Any) -> Any:
    from tilik.org.services import employee_create

    return employee_create(
        by=None,
        nip=nip,
        name=name,
        golongan="III/a",
        jabatan_category="pelaksana",
        education="S1",
        unit=unit,
        start_date=dt.date(2020, 1, 1),
    )


def build_world(*, asn_name: str = "I Made Contoh", file_name: str = "sertifikat.pdf") -> World:
    w = World()
    w.unit_a = make_unit("Dinas A", code="dinas-a")
    w.unit_a1 = make_unit("Puskesmas A1", code="pkm-a1", parent=w.unit_a, unit_type="puskesmas", serves_public=True)
    w.unit_b = make_unit("Dinas B", code="dinas-b", serves_public=True)
    w.emp_a = _asn("198609262015051001", asn_name, w.unit_a1)
    w.emp_b = _asn("198709262015052002", "Ni Luh Lain", w.unit_b)
    hashed = make_password(PASSWORD)
    w.users = {
        "admin": user_create_with_role(username="admin1", role=Role.ADMIN, by=None, password_hash=hashed),
        "evaluator": user_create_with_role(username="evaluator1", role=Role.EVALUATOR, by=None, password_hash=hashed),
        "pimpinan_unit": user_create_with_role(
            username="kepala1", role=Role.UNIT_HEAD, unit=w.unit_a, by=None, password_hash=hashed
        ),
        "pimpinan_daerah": user_create_with_role(
            username="walikota1", role=Role.REGIONAL_HEAD, by=None, password_hash=hashed
        ),
        "peserta": user_create_with_role(
            username="asn1", role=Role.PARTICIPANT, employee=w.emp_a, by=None, password_hash=hashed
        ),
        "pengode": user_create_with_role(username="pengode1", role=Role.CODER, by=None, password_hash=hashed),
    }
    from django_otp.plugins.otp_totp.models import TOTPDevice

    w.device = TOTPDevice.objects.create(user=w.users["pimpinan_daerah"], name="uji", confirmed=False)
    w.program = ProgramFactory()  # nobody from unit A took part: outside the unit head's report scope
    w.program_a = ProgramFactory()
    from tilik.programs.services import enrollment_create

    w.offering_a = OfferingFactory(program=w.program_a)
    w.enrollment_a = enrollment_create(offering=w.offering_a, employee=w.emp_a, by=None)
    _programs(w, file_name)
    _interviews(w)
    _surveys(w)
    from tilik.core.privacy.corrections import correction_request_create

    w.correction = correction_request_create(
        employee=w.emp_a, by=w.users["peserta"], field="nama", requested_value="I Made Benar"
    )
    return w


def _programs(w: World, file_name: str) -> None:
    from tilik.programs.services_certificates import certificate_upload

    def upload(employee: Any, user: Any) -> Any:
        return certificate_upload(
            employee=employee,
            file=SimpleUploadedFile(file_name, PDF, content_type="application/pdf"),
            title="Pelatihan Pelayanan Prima",
            provider="LAN",
            jp=8,
            completed_on=dt.date(2026, 2, 1),
            by=user,
            today=dt.date(2026, 3, 1),
        )

    w.certificate_a = upload(w.emp_a, w.users["peserta"])
    w.certificate_b = upload(w.emp_b, w.users["evaluator"])


def _interviews(w: World) -> None:
    from tilik.interviews import services, services_codes

    w.interview = services.interview_create(
        by=w.users["evaluator"],
        code="W-01",
        role="kepala_puskesmas",
        unit=w.unit_a1,
        held_on=dt.date(2026, 5, 4),
        consent=True,
    )
    services.transcript_set(interview=w.interview, by=w.users["evaluator"], text="Pewawancara: Apa kabar?")
    services.interview_coders_set(interview=w.interview, coders=[w.users["pengode"]], by=w.users["evaluator"])
    w.interview_b = services.interview_create(  # not assigned to the pengode
        by=w.users["evaluator"],
        code="W-B1",
        role="pimpinan_opd",
        unit=w.unit_b,
        held_on=dt.date(2026, 5, 5),
        consent=True,
    )
    services.transcript_set(interview=w.interview_b, by=w.users["evaluator"], text="Pewawancara: Selamat pagi.")
    w.codebook = services_codes.codebook_create(by=w.users["evaluator"], name="Buku kode", starter=True)
    w.code = w.codebook.codes.order_by("pk").first()


def _surveys(w: World) -> None:
    from tilik.surveys.choices import Audience
    from tilik.surveys.models import Question
    from tilik.surveys.services.library import instrument_load_template
    from tilik.surveys.services.waves import wave_create, wave_publish

    instrument = instrument_load_template(name="skm_ikm", by=None)
    w.version = instrument.versions.order_by("-number").first()
    w.question = Question.objects.filter(section__version=w.version).order_by("pk").first()
    now = timezone.now()

    def wave(unit: Any) -> Any:
        created = wave_create(
            version=w.version,
            title=instrument.title,
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=7),
            by=None,
            audience=Audience.PUBLIC,
            unit=unit,
            period="2026",
        )
        return wave_publish(wave=created, by=None)

    w.wave_a = wave(w.unit_a1)
    w.wave_b = wave(w.unit_b)
