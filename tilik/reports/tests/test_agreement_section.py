"""The report's inter-coder table follows analysis.agreement's rule: a code one coder never used has no
kappa, no interval and no Landis-Koch reading, but its raw counts and the reason; the summary's kappa range
covers assessable codes only; codes nobody used are left out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tilik.core.models import Role
from tilik.core.tests.factories import make_unit, make_user
from tilik.interviews import services, services_codes, services_coding
from tilik.interviews.tests.conftest import TRANSCRIPT, code_named
from tilik.interviews.text import split_sentences
from tilik.reports.findings import Section
from tilik.reports.sections.qualitative import _agreement_table

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error")]


@pytest.fixture
def world(settings, tmp_path):
    """One interview (5 sentences), the starter codebook, two evaluators; evaluator_a sorts first (coder A)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    a = make_user(Role.EVALUATOR, username="evaluator_a")
    b = make_user(Role.EVALUATOR, username="evaluator_b")
    unit = make_unit("Puskesmas I Denpasar Barat", unit_type="puskesmas", code="pkm-1-barat")
    interview = services.interview_create(
        by=a,
        code="W-01",
        role="kepala_puskesmas",
        unit=unit,
        held_on=dt.date(2026, 5, 4),
        interviewer=a,
        consent=True,
    )
    services.transcript_set(interview=interview, by=a, text=TRANSCRIPT)
    interview.refresh_from_db()
    codebook = services_codes.codebook_create(by=a, name="Evaluasi Pelayanan Prima 2026", starter=True)
    return interview, codebook, a, b


def _code(interview, codebook, coder, picks):
    sentences = split_sentences(interview.transcript.text)
    for i, name in picks:
        services_coding.segment_create(
            by=coder,
            transcript=interview.transcript,
            codebook=codebook,
            start=sentences[i][0],
            end=sentences[i][1],
            codes=[code_named(codebook, name)],
        )


def _section(world, picks_a, picks_b):
    interview, codebook, a, b = world
    _code(interview, codebook, a, picks_a)
    _code(interview, codebook, b, picks_b)
    section = Section(key="perilaku", title="Level 3")
    with translation.override("id"):
        _agreement_table(codebook, section)
    return section


def test_code_one_coder_never_used_has_counts_and_reason_not_kappa(world):
    queue = "Pendaftaran dan antrean"
    # 5 sentences. Queue: A [0,1,1,0,0], B [0,1,0,0,0], kappa (0.8 - 0.56) / 0.44 = 0.545.
    # Saran: A on sentences 0 and 4, B never (evaluator_a sorts first, so A is the evaluator).
    section = _section(world, [(1, queue), (2, queue), (0, "Saran"), (4, "Saran")], [(1, queue)])
    table = section.tables[0]
    rows = {r[0].strip(): r for r in table.rows}
    assert set(rows) == {queue, "Saran"}  # codes nobody used are left out
    assert rows["Saran"] == [
        "Saran",
        "Tidak dapat dinilai: pengode B tidak pernah memakai kode ini pada 5 kalimat.",
        "–",
        "–",
        "60,0 %",
        "0 / 2 / 0",
    ]
    assert rows[queue][1] == "sedang"
    assert rows[queue][2] == "0,55" and rows[queue][3] != "–" and rows[queue][5] == "1 / 1 / 0"
    (paragraph,) = section.paragraphs
    # The range is the one assessable kappa, not 0,00 to 0,55.
    assert "kappa Cohen per kode 0,55 s.d. 0,55 (median 0,55)" in paragraph
    assert "1 kode tidak dapat dinilai" in paragraph


def test_only_unassessable_codes_say_so(world):
    section = _section(world, [(0, "Saran")], [(3, "Kendala anggaran")])
    (paragraph,) = section.paragraphs
    assert "tidak ada kode yang kappanya dapat dinilai" in paragraph and "s.d." not in paragraph
    rows = {r[0].strip(): r for r in section.tables[0].rows}
    assert rows["Saran"][2:4] == ["–", "–"] and rows["Saran"][5] == "0 / 1 / 0"
    assert rows["Kendala anggaran"][1].startswith("Tidak dapat dinilai: pengode A tidak pernah")


def test_level3_with_interviews_only_says_what_was_measured(world):
    """Without a 360° change to lead with, the Level 3 card names the coded interviews instead of a bare
    "Terukur" (the programme page showed a status with nothing under it)."""
    from tilik.programs.models import Program
    from tilik.reports.scope import scope_for
    from tilik.reports.sections.qualitative import behaviour_section

    interview, _codebook, _a, _b = world
    program = Program.objects.create(
        name="Pelayanan Prima",
        slug="pelayanan-prima",
        objective="-",
        competency_type="teknis",
        method="klasikal",
        jp=20,
        provider="BKPSDM",
        target_group="-",
        fiscal_year=2026,
    )
    interview.programs.add(program)
    with translation.override("id"):
        section = behaviour_section(scope_for(None, year=2026, program=program, suppress=False))
    assert section.measured
    assert section.headline == "1 wawancara dianalisis dengan pengodean tematik"
