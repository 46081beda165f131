"""The decision table as the report prints it (one verdict per programme, actions citing their rule) and R2."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.decision import Evidence, LowUnit, PrimaryEffect
from analysis.tests.test_decision import evidence as evidence_strategy
from tilik.evaluations.selectors_decision import PrimaryStatus
from tilik.reports.evidence import ProgramInputs
from tilik.reports.findings import Finding
from tilik.reports.recommendations import LABELS, apply_edits, derive, verdict_for


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


class _Indicator:
    unit_of_measure = "menit"


def _inputs(ev: Evidence, **kw) -> ProgramInputs:
    status = PrimaryStatus(ev.primary, ev.missing_reason, indicator=_Indicator(), mme_basis="plan", n_kind="unit")
    return ProgramInputs(ev, status, **kw)


def _effect(lo: float, hi: float, mme: float = 2.0, higher: bool = False, n: int = 11) -> PrimaryEffect:
    return PrimaryEffect("Waktu registrasi", (lo + hi) / 2, lo, hi, mme, higher_is_better=higher, n=n)


def test_k5_evidence_of_no_meaningful_effect_cites_the_equivalence_test():
    v = verdict_for(_inputs(Evidence("Pelayanan Prima", _effect(-1.5, 0.5))))
    assert (v.code, v.rule, v.label) == ("redesign", "K5", "Hentikan atau rancang ulang")
    assert "-1,50 – 0,50" in v.reason and "efek minimum bermakna 2,00 menit" in v.reason
    assert "uji ekuivalensi" in v.reason and "penurunan berarti perbaikan" in v.reason


def test_k4_absence_of_evidence_is_not_evidence_of_absence_and_gives_a_sample_size():
    v = verdict_for(_inputs(Evidence("Pelayanan Prima", _effect(-4.0, 1.0))))
    assert (v.code, v.rule) == ("collect_data", "K4")
    assert "bukan bukti bahwa program tidak berefek" in v.reason
    assert "unit layanan lagi" in v.reason and "kini 11" in v.reason


def test_k1_expand_with_roi_range_and_the_scale_action():
    v = verdict_for(_inputs(Evidence("Manajemen Waktu", _effect(-6.0, -3.0), roi_low=12.0, roi_high=140.0)))
    assert (v.code, v.label) == ("expand", "Lanjutkan dan perluas")
    assert "12,0 %" in v.reason and "140,0 %" in v.reason
    assert any("Tambah kuota" in a and "(dasar A4" in a for a in v.actions)


def test_k0_says_why_in_the_guards_words():
    v = verdict_for(_inputs(Evidence("P", None, missing_reason="belum dapat dievaluasi: angkatan belum selesai")))
    assert (v.code, v.rule) == ("not_evaluable", "K0") and v.reason == "Angkatan belum selesai."


def test_k3_transfer_problem_quotes_level_2_and_level_3():
    l2 = Finding("effect:l2:1", "effect", "Level 2 (P): selisih 12,0 poin", {"level": 2, "ci_low": 8.0})
    ev = Evidence("P", _effect(-4.0, 1.0), reaction="ok", learning="ok", transfer="poor")
    v = verdict_for(_inputs(ev, learning_findings=(l2,), transfer_note="Atasan langsung: 0,05 (IK 95 % -0,2 – 0,3)"))
    assert v.code == "improve_delivery" and "selisih 12,0 poin" in v.reason and "Atasan langsung" in v.reason
    # A CI that spans zero is no evidence of change, not evidence of no change.
    assert "belum ada bukti perilaku kerja berubah" in v.reason and "belum berubah" not in v.reason


def test_redesign_gets_no_participation_drive_and_returns_unspent_money():
    ev = Evidence(
        "P",
        _effect(-1.0, 1.0),
        absorption_pct=40.0,
        absorption_final=True,
        over_lines=1,
        low_units=(LowUnit("Dinas Alfa", "beban_kerja", "Beban/tugas kantor"),),
    )
    v = verdict_for(_inputs(ev))
    assert v.code == "redesign"
    assert not [a for a in v.actions if "Dinas Alfa" in a]
    assert any("Jangan menambah pagu" in a and "(dasar A2: serapan 40,0 %" in a for a in v.actions)
    assert any("(dasar A3: 1 baris melebihi pagu)" in a for a in v.actions)


def test_a1_participation_strategy_beside_a_verdict_that_continues():
    ev = Evidence("P", None, low_units=(LowUnit("Dinas Alfa", "tidak_diizinkan", "Tidak diizinkan atasan"),))
    [action] = verdict_for(_inputs(ev)).actions
    assert "Dinas Alfa" in action and "surat tugas" in action and "(dasar A1" in action


INCREASE = ("Tambah kuota",)
REDUCE = ("Jangan menambah pagu",)


@settings(max_examples=150, deadline=None)
@given(st.lists(evidence_strategy(), min_size=1, max_size=5))
def test_property_one_printed_verdict_per_programme_and_no_contradicting_texts(programmes):
    with translation.override("id"):
        verdicts = [verdict_for(_inputs(ev)) for ev in programmes]
    assert len(verdicts) == len(programmes)
    for v in verdicts:
        assert v.label == str(LABELS[v.code]) and v.rule and v.reason
        text = " ".join(v.actions)
        assert not (any(w in text for w in INCREASE) and any(w in text for w in REDUCE))
        if v.code == "redesign":
            assert not any(w in text for w in INCREASE) and "Strategi terarah" not in text
        if v.code != "expand":
            assert not any(w in text for w in INCREASE)
        assert all("(dasar A" in a for a in v.actions)


# --- R2: pooled alpha with its CI ---


def _alpha(a: float, lo: float, hi: float) -> Finding:
    data = {"alpha": a, "alpha_ci_low": lo, "alpha_ci_high": hi, "construct": "materi", "instrument": "Reaksi"}
    return Finding("alpha:reaksi:materi", "reliability", "alfa gabungan", data)


def test_r2_flags_only_when_the_whole_ci_lies_below_070():
    [rec] = derive([_alpha(0.52, 0.41, 0.61)])
    assert rec.rule == "R2" and "0,52" in rec.text and "0,41 – 0,61" in rec.text and rec.finding_text
    assert derive([_alpha(0.64, 0.55, 0.72)]) == []  # low estimate, CI reaches 0.70: not flagged
    assert derive([_alpha(0.85, 0.80, 0.89)]) == []


def test_r1_in_a_year_report_only():
    f = Finding(
        "participation:Dinas A",
        "low_participation",
        "Partisipasi rendah.",
        {"unit": "Dinas A", "reason_code": "tidak_diizinkan", "reason": "Tidak diizinkan atasan"},
    )
    [rec] = derive([f])
    assert rec.rule == "A1" and "surat tugas" in rec.text and rec.finding_text == "Partisipasi rendah."
    assert derive([f], participation=False) == []


def test_edits_replace_or_drop():
    recs = derive([_alpha(0.5, 0.4, 0.6), _alpha(0.5, 0.4, 0.6)])
    recs[1].key = "other"
    out = apply_edits(recs, {"alpha:reaksi:materi": "Teks baru.", "other": " "})
    assert [r.text for r in out] == ["Teks baru."]


@pytest.mark.django_db
def test_report_gives_one_verdict_per_programme_and_its_appendix_carries_the_decision_table():
    from tilik.reports.scope import scope_for
    from tilik.reports.selectors import build_report
    from tilik.reports.tests.support import build_programme

    data = build_programme()
    report = build_report(scope_for(None, year=2026, program=None, suppress=False))
    assert [v.program for v in report.verdicts] == [p.name for p in scope_for(None, year=2026).programs]
    assert data["program"].name in [v.program for v in report.verdicts]
    [table] = [t for t in report.section("appendix").tables if "Tabel keputusan" in t.caption]
    assert [row[0] for row in table.rows] == ["K1", "K2", "K3", "K0", "K5", "K4"]
    assert table.rows[4][1] == "Hentikan atau rancang ulang"


@pytest.mark.django_db
def test_report_end_to_end_expand_then_collect_data_with_roi_only_when_credible():

    from tilik.reports.scope import scope_for
    from tilik.reports.selectors import build_report
    from tilik.reports.tests.support import programme_with_credited_roi

    data, plan, run = programme_with_credited_roi()
    program = data["program"]
    scope = scope_for(None, year=2026, program=program, suppress=False)
    [v] = build_report(scope).verdicts
    roi = build_report(scope).section("roi")
    assert (v.rule, v.code) == ("K1", "expand") and "rentang ROI" in v.reason
    assert "tidak merugi" in v.reason and any("(dasar A4" in a for a in v.actions)
    assert "rentang" in roi.headline and "Konversi" in " ".join(roi.paragraphs)
    run.estimate, run.ci_low, run.ci_high = -1.5, -4.0, 1.0  # absence of evidence
    run.save()
    report = build_report(scope)
    [v] = report.verdicts
    assert (v.rule, v.code) == ("K4", "collect_data") and "unit layanan" in v.reason  # a unit indicator
    # This world has 10 such units and the power calculation asks for more: it says so, not "collect more".
    assert "lebih dari jumlah unit yang ada (10): desain ini tidak dapat memutuskan" in v.reason
    assert report.section("roi").headline == "ROI tidak dapat disimpulkan"
    assert not any("(dasar A4" in a for a in v.actions)


@pytest.mark.django_db
def test_programme_page_shows_the_same_verdict_and_actions_as_the_report(client):
    from html import unescape

    from django.urls import reverse

    from tilik.core.models import Role
    from tilik.reports.scope import scope_for
    from tilik.reports.selectors import build_report
    from tilik.reports.tests.support import build_programme, make_user

    data = build_programme()
    user = make_user(Role.EVALUATOR)
    client.force_login(user)
    html = unescape(client.get(reverse("reports:program", args=[data["program"].slug])).content.decode())
    [v] = build_report(scope_for(user, year=2026, program=data["program"])).verdicts  # the evaluator's download
    assert f"Keputusan: {v.label}" in html and v.rule in html
    assert v.actions and all(a in html for a in v.actions)


def test_k4_power_asking_for_more_units_than_exist_says_the_design_cannot_decide():
    e = _effect(-4.0, 1.0)
    few = PrimaryEffect(e.indicator, e.estimate, e.ci_low, e.ci_high, e.mme, higher_is_better=False, n=11,
                        n_available=11)
    v = verdict_for(_inputs(Evidence("Pelayanan Prima", few)))
    assert (v.code, v.rule) == ("collect_data", "K4")
    assert "lebih dari jumlah unit yang ada (11): desain ini tidak dapat memutuskan" in v.reason
    assert "pertimbangkan indikator tingkat pegawai atau periode lebih panjang" in v.reason
    assert "unit layanan lagi" not in v.reason  # no promise that more of them can be found
    many = PrimaryEffect(e.indicator, e.estimate, e.ci_low, e.ci_high, e.mme, higher_is_better=False, n=11,
                         n_available=10_000)
    assert "unit layanan lagi" in verdict_for(_inputs(Evidence("Pelayanan Prima", many))).reason
