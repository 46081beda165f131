"""A small organisation and a Level 3 360° wave, shared by the rater, export and retention tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tilik.core.models import Profile
from tilik.core.tests.factories import OfferingFactory, UserFactory, make_employee, make_unit
from tilik.org.models import Employee, Unit
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.services import enrollment_create, enrollment_set_status
from tilik.surveys.choices import Anonymity, RaterGroup
from tilik.surveys.models import Instrument, Wave
from tilik.surveys.tests.conftest import load, open_wave


@dataclass
class World360:
    dinas: Unit
    bidang: Unit
    other: Unit
    kadis: Employee  # JPT pratama, in the dinas
    kabid: Employee  # administrator, in the bidang
    kasubbid: Employee  # pengawas, in the bidang
    alumnus_a: Employee
    alumnus_b: Employee
    peer_c: Employee
    peer_d: Employee
    outsider: Employee
    wave: Wave


def _person(name: str, unit: Unit, category: str = "pelaksana") -> Employee:
    return make_employee(
        name=name, unit=unit, jabatan_category=category, email=f"{name.split()[-1].lower()}@example.org"
    )


def _alumnus(offering: Any, employee: Employee) -> None:
    enrollment = enrollment_create(offering=offering, employee=employee, by=None, status=EnrollmentStatus.REGISTERED)
    enrollment_set_status(enrollment=enrollment, status=EnrollmentStatus.ATTENDED, by=None)


def build_world(*, anonymity: str = Anonymity.RAHASIA, alumni_extra: int = 0, tag: str = "w") -> World360:
    dinas = make_unit("Dinas Kesehatan", code=f"{tag}-dinkes")
    bidang = make_unit("Bidang Pelayanan Kesehatan", parent=dinas, unit_type="bidang", code=f"{tag}-yankes")
    other = make_unit("Dinas Pendidikan", code=f"{tag}-disdik")
    kadis = _person("dr. Kadis Utama", dinas, "jpt_pratama")
    kabid = _person("Kabid Wayan", bidang, "administrator")
    kasubbid = _person("Kasubbid Nyoman", bidang, "pengawas")
    alumnus_a = _person("Alumni Ketut", bidang)
    alumnus_b = _person("Alumni Komang", bidang)
    peer_c = _person("Rekan Putu", bidang)
    peer_d = _person("Rekan Gede", bidang, "fungsional")
    outsider = _person("Luar Made", other)
    offering = OfferingFactory()
    for person in (alumnus_a, alumnus_b):
        _alumnus(offering, person)
    for i in range(alumni_extra):
        _alumnus(offering, _person(f"Alumni Tambahan {i}", bidang))
    instrument = Instrument.objects.filter(code="level3-360").first() or load("level3_360")
    wave = open_wave(
        instrument,
        offering=offering,
        anonymity=anonymity,
        rater_groups=[RaterGroup.SELF, RaterGroup.SUPERVISOR, RaterGroup.PEER],
    )
    return World360(dinas, bidang, other, kadis, kabid, kasubbid, alumnus_a, alumnus_b, peer_c, peer_d, outsider, wave)


def user_with_role(username: str, role: str, **profile: Any) -> Any:
    user: Any = UserFactory(username=username)
    Profile.objects.create(user=user, role=role, **profile)
    return user


LEVEL3_LIKERT = ("B1", "B2", "B3", "B4", "B5", "B6")


def level3_answers(value: int) -> dict[str, str]:
    return {code: str(value) for code in LEVEL3_LIKERT}
