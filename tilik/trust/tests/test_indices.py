"""Indices from the combined public form, against values computed by hand (conftest.TRUST_ROWS)."""

from __future__ import annotations

from typing import Any

import pytest

from tilik.surveys.models import Question
from tilik.surveys.services.library import instrument_load_template
from tilik.trust.selectors import latest_overview, unit_trust
from tilik.trust.tests.conftest import answer, public_wave

T_975_4 = 2.7764451051977987


def test_templates_load_with_their_constructs(db: Any) -> None:
    for name, prefix, count in (("spkp", "ipkp-", 8), ("spak", "ipak-", 5), ("kepercayaan_publik", "kp-", 6)):
        instrument = instrument_load_template(name=name, by=None)
        constructs = list(Question.objects.filter(version__instrument=instrument).values_list("construct", flat=True))
        assert len(constructs) == count and all(c.startswith(prefix) for c in constructs)


def test_combined_form_keeps_the_skm_and_gates_the_optional_page(combined: Any) -> None:
    questions = Question.objects.filter(version__instrument=combined)
    assert sorted(q.ikm_unsur for q in questions if q.ikm_unsur) == [f"U{i}" for i in range(1, 10)]
    optional = [q for q in questions if q.construct]
    assert len(optional) == 11
    assert all(not q.required and q.show_if_question.code == "ZI_LANJUT" for q in optional)
    assert {q.qtype for q in optional if q.construct.startswith("kp-")} == {"rating"}


def test_unit_indices_match_hand_computation(answered: Any, puskesmas: Any) -> None:
    data = unit_trust(puskesmas)
    assert data.periods == ["2026-S1"]
    ipak = data.estimates["ipak"]["2026-S1"]
    # Respondent IPAK scores 3.5, 2, 4, 3, 1.5: mean 2.8, sample variance 1.075.
    se = (1.075 / 5) ** 0.5
    assert (ipak.n, ipak.suppressed) == (5, False)
    assert ipak.mean == pytest.approx(2.8)
    assert ipak.ci_low == pytest.approx(2.8 - T_975_4 * se)
    assert ipak.ci_high == pytest.approx(2.8 + T_975_4 * se)
    responsive = data.estimates["kp-responsif"]["2026-S1"]
    assert responsive.mean == pytest.approx(7.0) and responsive.n == 5
    trust = data.estimates["kepercayaan"]["2026-S1"]  # one respondent skipped it: 4 < k
    assert trust.suppressed and trust.n == 4 and trust.mean is None
    assert data.estimates["ipkp"]["2026-S1"].n == 0  # the combined form has no SPKP items
    assert data.ikm["2026-S1"]["ikm"].ikm == pytest.approx(75.0)


def test_unpublished_answers_do_not_count(combined: Any, puskesmas: Any) -> None:
    wave = public_wave(combined, puskesmas, "2026-S2")
    answer(wave, [{"KP_RESPONSIF": 9}] * 4)  # four answers: no published batch yet
    data = unit_trust(puskesmas)
    assert data.pending == 4
    assert "2026-S2" not in data.estimates.get("kp-responsif", {})


def test_respondents_who_skip_the_page_do_not_count(combined: Any, puskesmas: Any) -> None:
    wave = public_wave(combined, puskesmas, "2026-S1")
    answer(wave, [{}] * 6 + [{"KP_RESPONSIF": 4}])
    est = unit_trust(puskesmas).estimates["kp-responsif"]["2026-S1"]
    assert est.n == 1 and est.suppressed


def test_overview_shows_the_newest_period(answered: Any, puskesmas: Any) -> None:
    rows = latest_overview([puskesmas])
    assert rows[0]["period"] == "2026-S1"
    assert rows[0]["estimates"]["ipak"].mean == pytest.approx(2.8)
