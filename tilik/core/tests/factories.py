"""factory_boy factories shared by the apps' tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import factory
from django.contrib.auth import get_user_model

from tilik.org.models import Employee, Unit
from tilik.programs.models import Offering, Program


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Rahasia-Tilik-2026")


def make_user(role: str | None, *, unit: Unit | None = None, employee: Any = None, **kw: Any) -> Any:
    """A user with a profile in this role (none for role None); a unit head gets a unit of their own."""
    from tilik.core.models import Profile, Role

    user = UserFactory(**kw)
    if role is not None:
        if role == Role.UNIT_HEAD and unit is None:
            unit = make_unit(f"Unit {user.username}")
        Profile.objects.create(user=user, role=role, unit=unit, employee=employee)
    return user


def make_unit(name: str = "Dinas Contoh", *, parent: Unit | None = None, **kw: Any) -> Unit:
    from tilik.org.services import unit_create

    code = kw.pop("code", name.lower().replace(" ", "-"))
    return unit_create(name=name, code=code, unit_type=kw.pop("unit_type", "dinas"), parent=parent, by=None, **kw)


_seq = itertools.count(1)  # NIP sequence; wraps below 1000 inside make_employee


def make_employee(*, sex_digit: str = "1", born: str = "19860926", tmt: str = "201505", **kw: Any) -> Employee:
    from tilik.org.services import employee_create

    fields: dict[str, Any] = {
        "nip": f"{born}{tmt}{sex_digit}{next(_seq) % 999 + 1:03d}",
        "name": "I Made Contoh",
        "golongan": "III/a",
        "jabatan_category": "pelaksana",
        "education": "S1",
    }
    fields.update(kw)
    return employee_create(by=None, **fields)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    objective = "Meningkatkan kompetensi."
    competency_type = "teknis"
    method = "klasikal"
    jp = 24
    provider = "BKPSDM Kota Denpasar"
    target_group = "ASN pelaksana"
    fiscal_year = 2026


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    program = factory.SubFactory(ProgramFactory)
    batch = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2026, 3, 2)
    end_date = dt.date(2026, 3, 5)
    place = "Aula BKPSDM"
    capacity = 30
