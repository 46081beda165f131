from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory, make_unit
from tilik.surveys.choices import Audience
from tilik.surveys.models import Instrument, Wave
from tilik.surveys.services.library import instrument_load_template
from tilik.surveys.services.responses import responses_import
from tilik.surveys.services.waves import wave_create, wave_publish

SKM = {f"U{i}": "3" for i in range(1, 10)} | {"USIA": "30_39", "JK": "P", "PENDIDIKAN": "s1", "PEKERJAAN": "swasta"}
# Five respondents who answer the optional page; hand-computed values in test_indices.py.
TRUST_ROWS: list[dict[str, Any]] = [
    {"IPAK_PUNGLI": "4", "IPAK_IMBALAN": "3", "KP_PERCAYA": 8, "KP_RESPONSIF": 5},
    {"IPAK_PUNGLI": "2", "IPAK_IMBALAN": "2", "KP_PERCAYA": 6, "KP_RESPONSIF": 6},
    {"IPAK_PUNGLI": "4", "KP_PERCAYA": 7, "KP_RESPONSIF": 7},
    {"IPAK_PUNGLI": "3", "IPAK_IMBALAN": "3", "KP_RESPONSIF": 8},
    {"IPAK_PUNGLI": "1", "IPAK_IMBALAN": "2", "KP_PERCAYA": 9, "KP_RESPONSIF": 9},
]


@pytest.fixture
def evaluator(db: Any) -> Any:
    user: Any = UserFactory(username="evaluator")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    return user


@pytest.fixture
def combined(db: Any) -> Instrument:
    return instrument_load_template(name="skm_integritas_kepercayaan", by=None)


@pytest.fixture
def puskesmas(db: Any) -> Any:
    return make_unit("Puskesmas I Denpasar Barat", code="pkm-dbar-1", unit_type="puskesmas", serves_public=True)


def public_wave(instrument: Instrument, unit: Any, period: str) -> Wave:
    now = timezone.now()
    wave = wave_create(
        version=instrument.versions.latest("number"),
        title=f"SKM {period}",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
        by=None,
        audience=Audience.PUBLIC,
        unit=unit,
        period=period,
    )
    return wave_publish(wave=wave, by=None)


def answer(wave: Wave, rows: list[dict[str, Any]]) -> None:
    full = [SKM | ({"ZI_LANJUT": "ya"} | row if row else {"ZI_LANJUT": "tidak"}) for row in rows]
    responses_import(wave=wave, rows=full, by=None, on=dt.date.today())


@pytest.fixture
def answered(combined: Instrument, puskesmas: Any) -> Wave:
    wave = public_wave(combined, puskesmas, "2026-S1")
    answer(wave, TRUST_ROWS)
    return wave
