"""The demo plants what tilik.demo.ground_truth_trust says, and the coverage analysis recovers it."""

from __future__ import annotations

from typing import Any

import pytest

from tilik.demo import ground_truth_trust as gt
from tilik.demo.generator import build_demo
from tilik.demo.surveys import build_survey_demo
from tilik.demo.trust import build_trust_demo
from tilik.trust.coverage import coverage_rows
from tilik.trust.models import SPIScore, ZIStatusRecord
from tilik.trust.selectors import units_with_public_surveys

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def trust_demo(db: Any) -> dict[str, Any]:
    build_demo(seed=1, employees=300)
    build_survey_demo(seed=1)
    return build_trust_demo(seed=1)


def test_planted_effects_are_recovered_and_integrity_reads_as_no_evidence(trust_demo: dict[str, Any]) -> None:
    assert SPIScore.objects.count() == len(gt.SPI_SCORES)
    assert ZIStatusRecord.objects.count() == len(gt.ZI_STATUS)
    units = units_with_public_surveys()
    assert len(units) == 11
    panel, rows = coverage_rows("Pelayanan Prima di Puskesmas", units, threshold=gt.COVERAGE_THRESHOLD)
    by = {r.outcome: r for r in rows}
    assert by["kp-responsif"].effect.n_treated_units == 6
    for driver in ("kp-responsif", "kp-andal"):
        est = by[driver].effect.staggered
        assert est is not None
        assert est.ci_low <= gt.TRUST_DRIVER_EFFECT <= est.ci_high, driver
        assert est.ci_low > 0, driver  # the planted rise is found, not only consistent
    for null in ("kp-integritas", "ipak"):
        est = by[null].effect.staggered
        assert est is not None and est.ci_low <= 0 <= est.ci_high, null
        assert by[null].reading in ("no_evidence", "below_mme")
        assert "bukti" in by[null].text  # "no evidence", never "no effect"
    # The report section lists every puskesmas with its latest indices; without an evaluation plan that has
    # the IKM indicator it says so instead of estimating against an arbitrary programme.
    from tilik.reports.scope import Scope
    from tilik.reports.sections.trust import trust_section

    section = trust_section(Scope(year=2026))
    assert section.measured
    assert len(section.tables[0].rows) == 11
    assert any("rencana evaluasi berindikator IKM" in p for p in section.paragraphs)
