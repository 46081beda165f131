"""Rule R2 gets one finding per instrument construct: the alpha pooled over the waves with its CI (issue 16:
the lowest alpha over many small waves flagged strong constructs on noise), not one per angkatan. A low alpha
comes with its likely cause and the item-total table."""

import random

import pytest
from django.utils import translation

from tilik.core import fmt
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


def _section(program_year=2026, coherent=(True, False), seed=8):
    from tilik.core.tests.factories import ProgramFactory

    program = ProgramFactory(fiscal_year=program_year)
    instrument = load("level1_reaksi")
    rng = random.Random(seed)
    for flag in coherent:
        wave = open_wave(instrument, program=program)
        for token in invite(wave, 12):
            submit_token(token=token, answers=_answers(rng, coherent=flag))
    return reaction_section(scope_for(None, year=program_year, program=program, suppress=False))


def _table(section, header):
    return next(t for t in section.tables if header in t.headers)


def test_one_reliability_finding_per_instrument_construct_from_the_pooled_alpha():
    with translation.override("id"):
        section = _section()
        rows = _table(section, "Gelombang").rows
        assert len(rows) == 8  # 2 waves x 4 constructs, every alpha still listed in the table
        pooled = _table(section, "IK 95 % alfa").rows
        assert [r[1] for r in pooled] == ["materi", "pengajar", "penyelenggaraan", "sarana"]
        assert all(r[2] == "24" for r in pooled)  # both waves' 12 responses in one alpha
        keys = [f.key for f in section.findings]
        assert len(keys) == len(set(keys)) == 4
        for f in section.findings:
            row = next(r for r in pooled if r[1] == f.data["construct"])
            assert fmt.num(f.data["alpha"], 2) == row[4]
            assert f.data["alpha_ci_low"] <= f.data["alpha"] <= f.data["alpha_ci_high"]
        # "materi" is coherent in one wave and noise in the other: the lowest per-wave alpha is not its finding.
        materi = next(f for f in section.findings if f.data["construct"] == "materi")
        per_wave = [float(r[4].replace(",", ".")) for r in rows if r[2] == "materi"]
        assert round(materi.data["alpha"], 2) > min(per_wave)
        sar = next(f for f in section.findings if f.data["construct"] == "sarana")
        recs = [r for r in derive(section.findings) if r.rule == "R2"]
        assert [r.key for r in recs].count(sar.key) == (1 if sar.data["alpha_ci_high"] < 0.7 else 0)
        # The headline reports each construct on its own, never one mean over constructs and waves.
        assert section.headline.count(";") == 3 and "sarana" in section.headline


def test_low_alpha_comes_with_its_likely_cause_and_the_item_total_table():
    with translation.override("id"):
        section = _section(coherent=(False, False), seed=3)
        low = [f for f in section.findings if f.data["alpha"] < 0.5]
        assert low, "noise answers give a low alpha"
        for f in low:
            construct = f.data["construct"]
            text = next(p for p in section.paragraphs if f"“{construct}”" in p)
            assert "Kemungkinan penyebab" in text
            assert any(
                cause in text for cause in ("berkunci terbalik", "konstruk multidimensi", "butir: alfa skala")
            )
            items = next(t for t in section.tables if f"“{construct}”" in t.caption and "butir-total" in t.caption)
            assert len(items.rows) == 6  # every item of the construct, with its item-total r and alpha-if-dropped
            assert all(r[0] and not r[0].startswith(("PNY", "MAT", "PGJ", "SAR")) for r in items.rows)
