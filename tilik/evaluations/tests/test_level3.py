"""Level 3 on the evaluation result page: 360° ratings before and after for the same participants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import OfferingFactory, UserFactory, make_employee
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.evaluations.selectors_level3 import level3_for_plan
from tilik.performance.models import Indicator
from tilik.surveys.choices import Anonymity, RaterGroup
from tilik.surveys.models import Question
from tilik.surveys.services.library import instrument_load_template
from tilik.surveys.services.responses import participant_key_for, responses_import
from tilik.surveys.services.waves import wave_create

pytestmark = pytest.mark.django_db


def _plan(offering: Any) -> EvaluationPlan:
    plan = EvaluationPlan.objects.create(
        name="Rencana uji",
        design="did",
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
    )
    plan.programs.add(offering.program)
    return plan


def _wave(version: Any, offering: Any, day: dt.date, groups: list[str]) -> Any:
    opens = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    return wave_create(
        version=version,
        title=f"360 {day}",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=14),
        by="test",
        offering=offering,
        anonymity=Anonymity.RAHASIA,
        rater_groups=groups,
    )


def _rate(wave: Any, people: list[Any], codes: list[str], scores: list[int], group: str) -> None:
    rows = [{c: str(score) for c in codes} for score in scores]
    keys = [participant_key_for(employee=p) for p in people]
    responses_import(
        wave=wave,
        rows=rows,
        by="test",
        on=wave.opens_at.date(),
        participant_keys=keys,
        rater_groups=[group] * len(rows),
    )


@pytest.fixture
def setting() -> dict[str, Any]:
    offering = OfferingFactory()
    people = [make_employee(name=f"Peserta {i}") for i in range(6)]
    instrument = instrument_load_template(name="level3_360", by="test")
    version = instrument.versions.latest("number")
    codes = list(Question.objects.filter(version=version, qtype="likert").values_list("code", flat=True))
    return {"offering": offering, "people": people, "version": version, "codes": codes, "plan": _plan(offering)}


def test_not_measured_without_a_before_and_after_wave(setting):
    after = _wave(
        setting["version"],
        setting["offering"],
        setting["offering"].end_date + dt.timedelta(days=90),
        [RaterGroup.SUPERVISOR],
    )
    _rate(after, setting["people"], setting["codes"], [4] * 6, RaterGroup.SUPERVISOR)
    level3 = level3_for_plan(setting["plan"])
    assert not level3.measured and (level3.waves_before, level3.waves_after) == (0, 1)


def test_supervisor_change_is_paired_on_the_same_participants(setting):
    offering, people, codes = setting["offering"], setting["people"], setting["codes"]
    before = _wave(setting["version"], offering, offering.start_date - dt.timedelta(days=14), [RaterGroup.SUPERVISOR])
    after = _wave(
        setting["version"],
        offering,
        offering.end_date + dt.timedelta(days=90),
        [RaterGroup.SELF, RaterGroup.SUPERVISOR],
    )
    _rate(before, people, codes, [2, 3, 2, 3, 2, 3], RaterGroup.SUPERVISOR)
    # Five of the six rated again (one +1, four +2); a person rated only after is not paired.
    _rate(after, people[:5], codes, [3, 5, 4, 5, 4], RaterGroup.SUPERVISOR)
    _rate(after, people[:5], codes, [5, 5, 5, 5, 5], RaterGroup.SELF)
    level3 = level3_for_plan(setting["plan"])
    assert level3.measured
    supervisor = next(g for g in level3.groups if g.group == RaterGroup.SUPERVISOR)
    assert supervisor.n == 5
    assert supervisor.mean_before == pytest.approx(12 / 5) and supervisor.mean_after == pytest.approx(21 / 5)
    assert supervisor.change == pytest.approx(1.8) and supervisor.ci_low < 1.8 < supervisor.ci_high
    self_rating = next(g for g in level3.groups if g.group == RaterGroup.SELF)
    assert self_rating.change is None and self_rating.n == 0  # never rated before: not compared
    assert level3.warnings == []  # five pairs: no small-n warning


def test_result_page_shows_level3_or_not_measured(client, setting):
    user = UserFactory(username="evaluator_l3")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    run = EvaluationRun.objects.create(
        plan=setting["plan"],
        indicator=Indicator.objects.get(code="waktu-registrasi"),
        design="did",
        analysis_version="test",
        input_sha256="0" * 64,
    )
    page = client.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'id="level3-not-measured"' in page
    assert 'id="ikm-source"' not in page  # only IKM runs say which IKM source they used
    offering, people, codes = setting["offering"], setting["people"], setting["codes"]
    before = _wave(setting["version"], offering, offering.start_date - dt.timedelta(days=14), [RaterGroup.SUPERVISOR])
    after = _wave(setting["version"], offering, offering.end_date + dt.timedelta(days=90), [RaterGroup.SUPERVISOR])
    _rate(before, people, codes, [2] * 6, RaterGroup.SUPERVISOR)
    _rate(after, people, codes, [3, 4, 3, 4, 3, 4], RaterGroup.SUPERVISOR)
    page = client.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'id="level3-not-measured"' not in page
    assert '<td class="n">1,50</td>' in page  # the supervisors' mean change, Indonesian format
