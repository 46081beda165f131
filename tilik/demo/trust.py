"""Demo data for public image and trust (issue 21): the optional integrity/trust page of the combined
public form at the 11 puskesmas, and the SPI / Zona Integritas context. Planted values: ground_truth_trust.

``trust_answers`` is called by the SKM demo (tilik.demo.surveys) for each respondent, with its own random
stream, so the SKM answers stay what they were; ``build_trust_demo`` records the context lines.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from tilik.demo import ground_truth_trust as gt
from tilik.org.models import Unit
from tilik.trust.services import spi_score_set, zi_status_set

ACTOR = "demo"


def _clip(value: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(value))))


def trust_stream(seed: int, unit_code: str, period: str) -> random.Random:
    return random.Random(f"{seed}:trust:{unit_code}:{period}")


def trust_answers(rng: random.Random, *, unit_offset: float, treated: bool) -> dict[str, Any]:
    """One respondent's optional page: nothing (declined) or the SPAK and trust answers."""
    if rng.random() >= gt.TRUST_OPT_IN:
        return {"ZI_LANJUT": "tidak"}
    row: dict[str, Any] = {"ZI_LANJUT": "ya"}
    person = rng.gauss(0, gt.TRUST_RESPONDENT_SD)
    for code, base in gt.TRUST_BASELINE.items():
        mean = base + unit_offset + person + (gt.TRUST_EFFECT.get(code, 0.0) if treated else 0.0)
        row[code] = _clip(mean + rng.gauss(0, gt.TRUST_ITEM_SD), 0, 10)
    spak_person = rng.gauss(0, gt.SPAK_RESPONDENT_SD)
    for code in gt.SPAK_CODES:
        row[code] = str(_clip(gt.SPAK_BASELINE + spak_person + rng.gauss(0, gt.SPAK_ITEM_SD), 1, 4))
    return row


def unit_offset(seed: int, unit_code: str) -> float:
    return random.Random(f"{seed}:trust-unit:{unit_code}").gauss(0, gt.TRUST_UNIT_SD)


def build_trust_demo(*, seed: int) -> dict[str, Any]:
    for year, score in gt.SPI_SCORES.items():
        spi_score_set(year=year, score=Decimal(str(score)), source="Data sintetis demo", by=ACTOR)
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _y, _s in gt.ZI_STATUS])}
    for code, year, status in gt.ZI_STATUS:
        if code in units:
            zi_status_set(unit=units[code], year=year, status=status, source="Data sintetis demo", by=ACTOR)
    return {"spi_years": len(gt.SPI_SCORES), "zi_statuses": len(gt.ZI_STATUS)}
