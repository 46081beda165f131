"""The participation page counts reasons-survey answers through the shared rule (Response.objects.counted()):
a response the evaluator excluded as a suspicious burst leaves the tally (published.reason_counts, the page's
one reader of those answers: published batches, k-suppressed)."""

from __future__ import annotations

import pytest

from tilik.core.tests.factories import ProgramFactory
from tilik.surveys.choices import Anonymity
from tilik.surveys.models import Response
from tilik.surveys.published import reason_counts
from tilik.surveys.services.responses import submit_token
from tilik.surveys.tests.conftest import invite, load, open_wave

pytestmark = pytest.mark.django_db


def test_survey_reasons_leave_out_excluded_responses(settings):
    settings.TILIK_MIN_CELL = 5
    program = ProgramFactory(fiscal_year=2026)
    wave = open_wave(load("alasan_tidak_ikut"), anonymity=Anonymity.ANONIM, program=program)
    for reason in ["beban_kerja"] * 6 + ["tidak_diizinkan"] * 5:
        (token,) = invite(wave)
        submit_token(token=token, answers={"ALASAN_UTAMA": reason, "ALASAN_LAIN": "-"}, consent=True)
    before = dict(reason_counts(2026))
    assert sum(before.values()) == 11 and max(before.values()) == 6
    excluded = Response.objects.filter(wave=wave, answers__choice__value="beban_kerja").first()
    Response.objects.filter(pk=excluded.pk).update(excluded=True)  # as burst_decide(exclude) marks it
    after = dict(reason_counts(2026))
    assert sum(after.values()) == 10 and max(after.values()) == 5
