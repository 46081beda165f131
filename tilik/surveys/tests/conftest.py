from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory, make_employee, make_unit
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.models import Instrument, Wave
from tilik.surveys.services.library import instrument_load_template
from tilik.surveys.services.waves import invitation_create, wave_create, wave_publish


@pytest.fixture
def evaluator(db: Any) -> Any:
    user: Any = UserFactory(username="evaluator")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    return user


def load(name: str) -> Instrument:
    return instrument_load_template(name=name, by=None)


def open_wave(instrument: Instrument, **fields: Any) -> Wave:
    now = timezone.now()
    wave = wave_create(
        version=instrument.versions.latest("number"),
        title=instrument.title,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
        by=None,
        **fields,
    )
    return wave_publish(wave=wave, by=None)


@pytest.fixture
def reaksi(db: Any) -> Instrument:
    return load("level1_reaksi")


@pytest.fixture
def skm(db: Any) -> Instrument:
    return load("skm_ikm")


@pytest.fixture
def puskesmas(db: Any) -> Any:
    return make_unit("Puskesmas I Denpasar Barat", unit_type="puskesmas", serves_public=True)


@pytest.fixture
def public_wave(skm: Instrument, puskesmas: Any) -> Wave:
    return open_wave(skm, audience=Audience.PUBLIC, unit=puskesmas, period="2026")


def invite(wave: Wave, n: int = 1, **kw: Any) -> list[str]:
    tokens = []
    for _i in range(n):
        employee = make_employee(name="Ni Luh Contoh", email="asn@example.org", phone="081234567890")
        _inv, token = invitation_create(wave=wave, employee=employee, by=None, **kw)
        tokens.append(token)
    return tokens


def reaksi_answers(value: str = "3") -> dict[str, Any]:
    codes = [f"{p}{i}" for p in ("PNY", "MAT", "PGJ", "SAR") for i in range(1, 7)]
    return {**{c: value for c in codes}, "NPS": 8, "BAIK": "Studi kasus", "SARAN": ""}


def reaksi_post(value: str = "3", action: str = "submit") -> dict[str, Any]:
    return {**{f"q_{k}": v for k, v in reaksi_answers(value).items()}, "action": action}


def skm_post(u3: str = "3", consent: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {f"q_U{i}": "3" for i in range(1, 10)}
    data.update({"q_U3": u3, "q_USIA": "30_39", "q_JK": "P", "q_PENDIDIKAN": "s1", "q_PEKERJAAN": "swasta"})
    if consent:
        data["consent"] = "1"
    return data


ANONIM = Anonymity.ANONIM
RAHASIA = Anonymity.RAHASIA
