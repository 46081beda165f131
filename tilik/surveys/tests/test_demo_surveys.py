"""The survey demo plants what tilik.demo.ground_truth_surveys says, and the analyses find it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from django.db.models import Count

from analysis.reliability import cronbach_alpha
from tilik.demo import ground_truth_surveys as gt
from tilik.demo.generator import build_demo
from tilik.demo.surveys import build_survey_demo
from tilik.surveys.choices import Audience
from tilik.surveys.models import Question, Response, Wave
from tilik.surveys.selectors.results import responses_frame, wave_results

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def survey_demo(db):
    build_demo(seed=1, employees=300)
    return build_survey_demo(seed=1)


def test_survey_demo_plants_ikm_effect_and_weak_construct(survey_demo):
    assert survey_demo["ikm_responses"] == 11 * len(gt.IKM_PERIODS) * gt.IKM_RESPONDENTS_PER_WAVE
    assert survey_demo["level1_responses"] > 30 and survey_demo["level2_pairs"] >= 5

    # IKM: difference in differences of the U3 NRR, trained vs comparison puskesmas.
    rows = []
    for wave in Wave.objects.filter(audience=Audience.PUBLIC).select_related("unit"):
        result = wave_results(wave, full_access=True).ikm
        after = wave.period >= "2025-S2"
        rows.append(
            {
                "treated": wave.unit is not None and wave.unit.code in gt.PELAYANAN_PRIMA.treated_puskesmas,
                "after": after,
                "U3": result.nrr["U3"],
                "U1": result.nrr["U1"],
                "ikm": result.ikm,
            }
        )
    frame = pd.DataFrame(rows)
    cell = frame.groupby(["treated", "after"]).mean(numeric_only=True)

    def did(code: str) -> float:
        means: dict[Any, float] = {k: float(v) for k, v in cell[code].to_dict().items()}
        return (means[(True, True)] - means[(True, False)]) - (means[(False, True)] - means[(False, False)])

    did_u3, did_u1 = did("U3"), did("U1")
    assert 0.12 < did_u3 < 0.38, did_u3
    assert abs(did_u1) < 0.12, did_u1

    # Level 1: pooled alpha per construct; "sarana" is the weak one.
    frames = [responses_frame(w)[0] for w in Wave.objects.filter(version__instrument__code="level1-reaksi")]
    data = pd.concat(frames, ignore_index=True)
    version = Wave.objects.filter(version__instrument__code="level1-reaksi").earliest("opens_at").version
    alphas = {}
    for construct in ("penyelenggaraan", "materi", "pengajar", "sarana"):
        items = Question.objects.filter(version=version, construct=construct)
        codes = [q.code for q in items]
        reverse = [q.code for q in items if q.reverse_keyed]
        alphas[construct] = cronbach_alpha(
            data[codes].astype(float), items=codes, reverse=reverse, scale_min=1, scale_max=4
        ).alpha
    assert alphas[gt.WEAK_CONSTRUCT] < gt.WEAK_ALPHA_BELOW, alphas
    assert all(a > gt.STRONG_ALPHA_ABOVE for c, a in alphas.items() if c != gt.WEAK_CONSTRUCT), alphas

    # Level 2: the post-test wave pairs with its pre-test by pseudonymous key and shows the gain.
    # The largest angkatan's post-test: at 300 ASN a Pelayanan Prima cohort of two puskesmas has few completers.
    post = Wave.objects.filter(phase="post").annotate(n=Count("responses")).order_by("-n", "opens_at").first()
    learning = wave_results(post, full_access=True).learning
    assert learning.n >= 5 and learning.mean_diff > 5
    # Level 3 responses carry rater groups; anonymous IKM rows carry no participant key.
    assert survey_demo["level3_responses"] > 0
    groups = set(Response.objects.exclude(rater_group="").values_list("rater_group", flat=True))
    assert groups >= {"atasan", "rekan"}
    assert not Response.objects.filter(wave__audience=Audience.PUBLIC).exclude(participant_key="").exists()
