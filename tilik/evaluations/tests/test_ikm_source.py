"""One IKM source: survey IKM where Tilik ran the SKM, imported IKM only where it did not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tilik.core.tests.factories import make_unit
from tilik.evaluations.models import EvaluationPlan
from tilik.evaluations.selectors import analysis_frame
from tilik.evaluations.selectors_ikm import ikm_measurements
from tilik.performance.models import Indicator, Measurement
from tilik.surveys.choices import Anonymity, Audience
from tilik.surveys.services.library import instrument_load_template
from tilik.surveys.services.responses import responses_import
from tilik.surveys.services.waves import wave_create

pytestmark = pytest.mark.django_db
S1 = dt.date(2025, 1, 1)


def _survey(unit: Any, period: str, answer: int, n: int = 6) -> None:
    version = instrument_load_template(name="skm_ikm", by="test").versions.latest("number")
    opens = timezone.make_aware(dt.datetime(2025, 1, 2, 8))
    wave = wave_create(
        version=version,
        title=f"SKM {unit} {period}",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=150),
        by="test",
        audience=Audience.PUBLIC,
        anonymity=Anonymity.ANONIM,
        unit=unit,
        period=period,
    )
    rows = [{f"U{i}": str(answer) for i in range(1, 10)} for _ in range(n)]
    responses_import(wave=wave, rows=rows, by="test", on=dt.date(2025, 2, 1))


@pytest.fixture
def units() -> list[Any]:
    return [make_unit(f"Puskesmas {c}", code=f"pkm-ikm-{c}", unit_type="puskesmas", serves_public=True) for c in "ab"]


def test_survey_wins_where_it_exists_and_disagreement_is_counted(units):
    ikm = Indicator.objects.get(code="ikm")
    _survey(units[0], "2025-S1", answer=3)  # every unsur NRR 3 -> IKM 75
    for unit, value in ((units[0], 60.0), (units[1], 81.5)):
        Measurement.objects.create(indicator=ikm, unit=unit, frequency="semester", period_start=S1, value=value)
    frame, counts = ikm_measurements(ikm, first=dt.date(2024, 1, 1), last=dt.date(2025, 12, 31))
    got = {(r.entity, r.source): r.value for r in frame.itertuples()}
    assert got == {(units[0].pk, "survei"): pytest.approx(75.0), (units[1].pk, "impor"): 81.5}
    assert counts == {"ikm_survey": 1, "ikm_imported": 1, "ikm_imported_ignored": 1, "ikm_disagree": 1}


def test_evaluation_frame_reads_the_merged_series_and_records_the_sources(units):
    ikm = Indicator.objects.get(code="ikm")
    _survey(units[0], "2025-S1", answer=4)  # IKM 100
    Measurement.objects.create(indicator=ikm, unit=units[0], frequency="semester", period_start=S1, value=99.8)
    Measurement.objects.create(
        indicator=ikm, unit=units[1], frequency="semester", period_start=dt.date(2024, 7, 1), value=70
    )
    plan = EvaluationPlan.objects.create(
        name="IKM",
        design="its",
        frequency="semester",
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
    )
    _df, counts = analysis_frame(plan, ikm)
    assert counts["measurements"] == 2
    assert (counts["ikm_survey"], counts["ikm_imported"], counts["ikm_imported_ignored"]) == (1, 1, 1)
    assert counts["ikm_disagree"] == 0  # 99.8 vs 100: within a point


def test_result_page_names_the_ikm_sources(client, units):
    from django.urls import reverse

    from tilik.core.models import Profile, Role
    from tilik.core.tests.factories import UserFactory
    from tilik.evaluations.services import evaluation_run

    ikm = Indicator.objects.get(code="ikm")
    _survey(units[0], "2025-S1", answer=3)
    Measurement.objects.create(indicator=ikm, unit=units[0], frequency="semester", period_start=S1, value=60)
    plan = EvaluationPlan.objects.create(
        name="IKM",
        design="its",
        frequency="semester",
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
    )
    run = evaluation_run(plan=plan, indicator=ikm, by=None)  # too few units: stored with a reason
    user = UserFactory(username="evaluator_ikm")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    page = client.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'id="ikm-source"' in page
    assert "dipakai untuk 1 unit-periode; IKM hasil impor hanya dipakai untuk 0 unit-periode" in page
    assert "1 nilai IKM hasil impor tidak dipakai" in page and "1 di antaranya berbeda" in page
