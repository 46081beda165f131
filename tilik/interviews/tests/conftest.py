"""Fixtures for the interviews app: users by role, a unit, an interview with a transcript, a codebook."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tilik.core.models import Role
from tilik.core.tests.factories import UserFactory, make_unit, make_user  # noqa: F401 - re-exported for the tests here
from tilik.interviews import services, services_codes
from tilik.interviews.models import Codebook, Interview

TRANSCRIPT = (
    "Pewawancara: Apa yang berubah setelah pelatihan?\n"
    "Kepala puskesmas: Pendaftaran pasien sekarang lebih cepat. Antrean di loket berkurang banyak.\n"
    "Kepala puskesmas: Anggaran untuk pelatihan lanjutan belum ada. Kami perlu pelatihan lanjutan."
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def evaluator(db: Any) -> Any:
    return make_user(Role.EVALUATOR, username="evaluator_a")


@pytest.fixture
def evaluator_b(db: Any) -> Any:
    return make_user(Role.EVALUATOR, username="evaluator_b")


@pytest.fixture
def puskesmas(db: Any) -> Any:
    return make_unit("Puskesmas I Denpasar Barat", unit_type="puskesmas", code="pkm-1-barat")


@pytest.fixture
def interview(evaluator: Any, puskesmas: Any) -> Interview:
    item = services.interview_create(
        by=evaluator,
        code="W-01",
        role="kepala_puskesmas",
        unit=puskesmas,
        held_on=dt.date(2026, 5, 4),
        interviewer=evaluator,
        consent=True,
        interviewee_name="dr. Ni Luh Contoh",
    )
    services.transcript_set(interview=item, by=evaluator, text=TRANSCRIPT)
    item.refresh_from_db()
    return item


@pytest.fixture
def codebook(evaluator: Any) -> Codebook:
    return services_codes.codebook_create(by=evaluator, name="Evaluasi Pelayanan Prima 2026", starter=True)


def code_named(codebook: Codebook, name: str) -> Any:
    return codebook.codes.get(name=name)
