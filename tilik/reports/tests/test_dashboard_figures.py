"""Beranda KPI cards for Levels 1, 2 and 4 show a figure (number, label, comparison, link), taken from the same
results the report prints; an estimate the data cannot tell from zero is never worded as "no effect"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tilik.core.models import Role
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_employee, make_unit
from tilik.reports.dashboard import dashboard
from tilik.reports.scope import scope_for
from tilik.reports.sections.impact import results_section
from tilik.reports.sections.surveys import learning_section, reaction_section
from tilik.reports.tests.support import make_user, programme_with_credited_roi
from tilik.surveys.choices import Anonymity
from tilik.surveys.services.responses import submit_token
from tilik.surveys.services.waves import invitation_create
from tilik.surveys.tests.conftest import invite, load, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db


def _reaction(program):
    """12 answers: penyelenggaraan 3,5, materi 2,5, pengajar 1,5, sarana 2,0 on the 1–4 scale."""
    wave = open_wave(load("level1_reaksi"), program=program)
    for i, token in enumerate(invite(wave, 12)):
        off = i % 2
        values = {"PNY": 4 - off, "MAT": 3 - off, "PGJ": 2 - off, "SAR": 4 if i % 3 == 0 else 1}
        answers = reaksi_answers()
        for prefix, value in values.items():
            for n in range(1, 7):
                answers[f"{prefix}{n}"] = str(value)
        answers["PNY6"] = str(5 - values["PNY"])  # reverse-keyed: the scale score turns it back
        submit_token(token=token, answers=answers)


def _card(html: str, label: str) -> str:
    """The text of the KPI card headed ``label`` (tags dropped, spaces collapsed)."""
    cards = re.findall(r'<article class="card kpi tile">(.*?)</article>', html, re.S)
    card = next(c for c in cards if f'<h2 class="kpi-label">{label}</h2>' in c)
    return card


def test_level1_card_is_the_range_of_the_construct_means_the_report_prints():
    program = ProgramFactory(fiscal_year=2026)
    _reaction(program)
    section = reaction_section(scope_for(None, year=2026, program=program, suppress=False))
    pooled = next(t for t in section.tables if t.caption.startswith("Rata-rata per konstruk"))
    means = {row[1]: row[3] for row in pooled.rows}
    assert means == {"penyelenggaraan": "3,50", "materi": "2,50", "pengajar": "1,50", "sarana": "2,00"}
    figure = section.figure
    assert figure is not None
    assert figure.value == "1,50 – 3,50"
    assert figure.label == "rata-rata 4 konstruk (skala 1–4)"
    assert figure.compare == "terendah: pengajar 1,50; tertinggi: penyelenggaraan 3,50"


def test_level2_card_is_the_pair_weighted_gain_of_the_headline():
    instrument = load("tes_pelayanan_prima")
    offering = OfferingFactory(program__fiscal_year=2026)
    pre = open_wave(instrument, offering=offering, phase="pre", anonymity=Anonymity.RAHASIA)
    post = open_wave(instrument, offering=offering, phase="post", anonymity=Anonymity.RAHASIA)
    key = {q.code: q.choices.get(is_correct=True).value for q in instrument.versions.get().questions.all()}
    wrong = {code: ("d" if v != "d" else "c") for code, v in key.items()}
    for i in range(6):
        person = make_employee(name=f"Peserta {i}")
        _a, t_pre = invitation_create(wave=pre, employee=person, by=None)
        _b, t_post = invitation_create(wave=post, employee=person, by=None)
        submit_token(token=t_pre, answers={c: (key[c] if n < 2 + i % 3 else wrong[c]) for n, c in enumerate(key)})
        submit_token(token=t_post, answers={c: (key[c] if n < 6 + i % 4 else wrong[c]) for n, c in enumerate(key)})
    section = learning_section(scope_for(None, year=2026, program=offering.program, suppress=False))
    [row] = next(t for t in section.tables if t.caption.startswith("Hasil pre-test")).rows
    gain, p = row[4], row[6]
    figure = section.figure
    assert figure is not None
    assert figure.value == f"+{gain} poin"  # one test: its difference, as the table prints it
    assert gain in section.headline and figure.label == "rata-rata selisih nilai post-test − pre-test"
    significant = "1" if p.startswith("<") or float(p.replace(",", ".")) < 0.05 else "0"
    assert figure.compare == f"1 tes, 6 pasangan; p < 0,05 pada {significant} dari 1 tes"


def test_level4_card_is_the_estimate_with_its_interval_and_direction():
    data, _plan, run = programme_with_credited_roi(estimate=-5.0, ci=(-6.5, -3.5))
    run.p_value = 0.002
    run.save()
    section = results_section(scope_for(None, year=2026, program=data["program"], suppress=False))
    figure = section.figure
    assert figure is not None
    assert (figure.value, figure.label) == ("-5,00 menit", "Waktu registrasi pasien")
    assert figure.compare == "dibanding kelompok pembanding; IK 95 % -6,50 – -3,50; p = 0,002; membaik"


def test_level4_card_never_says_no_effect_when_the_interval_covers_zero():
    data, _plan, run = programme_with_credited_roi(estimate=-1.0, ci=(-2.5, 0.5))
    run.p_value = 0.21
    run.save()
    figure = results_section(scope_for(None, year=2026, program=data["program"], suppress=False)).figure
    assert figure is not None
    assert figure.compare.endswith("p = 0,210; belum dapat dibedakan dari nol")
    assert "tidak ada" not in figure.compare and "membaik" not in figure.compare


def test_beranda_renders_the_figure_label_comparison_and_link(client):
    data, _plan, run = programme_with_credited_roi(estimate=-5.0, ci=(-6.5, -3.5))
    run.p_value = 0.002
    run.save()
    client.force_login(make_user(Role.EVALUATOR))
    html = client.get("/?tahun=2026").content.decode()
    card = _card(html, "Dampak (Level 4)")
    assert '<p class="kpi-value num">-5,00 menit</p>' in card
    assert '<p class="kpi-rest">Waktu registrasi pasien</p>' in card
    assert "IK 95 % -6,50 – -3,50; p = 0,002; membaik" in card
    assert f'class="kpi-link" href="{reverse("evaluations:run", args=[run.pk])}"' in card
    programs = _card(html, "Program")
    assert '<p class="kpi-value num">1</p><p class="kpi-rest">program tahun anggaran 2026</p>' in programs
    assert '<p class="kpi-compare">1 angkatan</p>' in programs
    # The same tile object the page shows, cached: its figure is the section's.
    tiles = dashboard(scope_for(None, year=2026, suppress=True)).tiles
    tile = next(t for t in tiles if t.label == "Dampak (Level 4)")
    assert (tile.figure, tile.caption) == ("-5,00 menit", "Waktu registrasi pasien")


def test_beranda_card_says_why_when_nothing_can_be_credited(client):
    ProgramFactory(fiscal_year=2026)
    client.force_login(make_user(Role.EVALUATOR))
    card = _card(client.get("/?tahun=2026").content.decode(), "Dampak (Level 4)")
    assert "kpi-value kpi-text" in card and "Belum diukur" in card
    assert "rencana evaluasi belum dijalankan" in card
    assert 'class="kpi-value num"' not in card


def test_trust_card_is_the_range_of_shown_trust_values(db):
    from tilik.reports.scope import Scope
    from tilik.reports.sections.trust import trust_section
    from tilik.trust.tests.conftest import TRUST_ROWS, answer, public_wave

    instrument = load("skm_integritas_kepercayaan")
    units = [make_unit(f"Puskesmas {n}", code=f"pkm-{n}", unit_type="puskesmas", serves_public=True) for n in (1, 2)]
    # five who rate trust at each unit: 8, 6, 7, 9, 5 (mean 7) and the same plus two points (mean 9)
    rows = [*TRUST_ROWS[:3], {**TRUST_ROWS[3], "KP_PERCAYA": 9}, TRUST_ROWS[4] | {"KP_PERCAYA": 5}]
    answer(public_wave(instrument, units[0], "2026-S1"), rows)
    answer(public_wave(instrument, units[1], "2026-S1"), [r | {"KP_PERCAYA": r["KP_PERCAYA"] + 2} for r in rows])
    section = trust_section(Scope(year=2026), estimates=False)
    figure = section.figure
    assert figure is not None
    assert figure.value == "7,0 – 9,0"
    assert section.headline == "2 unit; kepercayaan 7,0–9,0 (0–10)"
    assert figure.compare == "2 unit layanan dengan indeks"


def test_participation_jp_and_budget_cards_carry_their_comparison():
    from tilik.reports.sections.costs import budget_section
    from tilik.reports.sections.participation import jp_section, participation_section
    from tilik.reports.tests.support import build_programme

    data = build_programme()
    scope = scope_for(None, year=2026, program=data["program"], suppress=False)
    budget = budget_section(scope).figure
    assert budget is not None
    assert (budget.value, budget.label) == ("50,0 %", "serapan anggaran")
    assert budget.compare == "realisasi Rp 5.000.000 dari pagu Rp 10.000.000"
    part = participation_section(scope)
    assert part.figure is not None
    invited = re.search(r"Dari (\S+) undangan", part.paragraphs[0])
    assert invited and part.figure.compare == f"dari {invited.group(1)} undangan"
    assert part.headline == f"{part.figure.value} {part.figure.label}"
    jp = jp_section(scope)
    assert jp.figure is not None and jp.headline == f"{jp.figure.value} {jp.figure.label}"
    counted = re.match(r"(\S+) dari (\S+) ASN aktif .*; rata-rata (\S+) JP", jp.paragraphs[0])
    assert counted and jp.figure.compare == "{} dari {} ASN aktif; rata-rata {} JP".format(*counted.groups())
