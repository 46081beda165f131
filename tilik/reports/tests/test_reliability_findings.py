"""Rule R2 gets one finding per instrument construct (its lowest alpha over the waves), not one per angkatan."""

import random

import pytest
from django.utils import translation

from tilik.reports.recommendations import derive
from tilik.reports.scope import scope_for
from tilik.reports.sections.surveys import reaction_section
from tilik.surveys.services.responses import submit_token
from tilik.surveys.tests.conftest import invite, load, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db


def _answers(rng, coherent):
    answers = reaksi_answers()
    for prefix in ("PNY", "MAT", "PGJ", "SAR"):
        base = rng.randint(1, 4)
        for i in range(1, 7):  # coherent items move together (high alpha); others are noise (low alpha)
            value = base if coherent and prefix != "SAR" else rng.randint(1, 4)
            answers[f"{prefix}{i}"] = str(value)
    return answers


def test_one_reliability_finding_per_instrument_construct_with_the_lowest_alpha():
    from tilik.core.tests.factories import ProgramFactory

    program = ProgramFactory(fiscal_year=2026)
    instrument = load("level1_reaksi")
    rng = random.Random(8)
    for angkatan in (1, 2):
        wave = open_wave(instrument, program=program)
        for token in invite(wave, 12):
            submit_token(token=token, answers=_answers(rng, coherent=angkatan == 1))
    with translation.override("id"):
        section = reaction_section(scope_for(None, year=2026, program=program, suppress=False))
        rows = section.tables[0].rows
        assert len(rows) == 8  # 2 waves x 4 constructs, every alpha still listed in the table
        keys = [f.key for f in section.findings]
        assert len(keys) == len(set(keys)) == 4
        sar = next(f for f in section.findings if f.data["construct"] == "sarana")
        sar_alphas = [float(r[4].replace(",", ".")) for r in rows if r[2] == "sarana"]
        assert round(sar.data["alpha"], 2) == min(sar_alphas)
        recs = [r for r in derive(section.findings) if r.rule == "R2"]
        assert [r.key for r in recs].count(sar.key) == 1
