"""Each recommendation rule, triggered (and not triggered) by a constructed finding."""

import pytest
from django.utils import translation

from tilik.reports.findings import Finding
from tilik.reports.recommendations import apply_edits, derive


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def _one(finding):
    recs = derive([finding])
    return recs[0] if recs else None


def test_r1_low_participation_with_named_reason_gives_targeted_strategy():
    f = Finding(
        "participation:Dinas A",
        "low_participation",
        "Partisipasi rendah.",
        {"unit": "Dinas A", "rate": 12.5, "reason_code": "tidak_diizinkan", "reason": "Tidak diizinkan atasan"},
    )
    rec = _one(f)
    assert rec.rule == "R1" and "Dinas A" in rec.text and "surat tugas" in rec.text
    assert rec.finding_text == "Partisipasi rendah."
    assert _one(Finding("p:x", "low_participation", "x", {"unit": "X", "rate": 10})) is None  # no reason named


def test_r2_alpha_below_070_revise_construct():
    rec = _one(
        Finding(
            "alpha:i:materi", "reliability", "alfa 0,61", {"alpha": 0.61, "construct": "materi", "instrument": "Reaksi"}
        )
    )
    assert rec.rule == "R2" and "0,61" in rec.text and "materi" in rec.text
    assert _one(Finding("a", "reliability", "", {"alpha": 0.82, "construct": "c", "instrument": "i"})) is None


def test_r3_effect_indistinguishable_from_zero_redesign_or_stop():
    rec = _one(
        Finding("effect:l4:1", "effect", "efek", {"level": 4, "ci_low": -0.4, "ci_high": 0.9, "program": "Pelatihan X"})
    )
    assert rec.rule == "R3" and "hentikan" in rec.text and "-0,40" in rec.text
    assert _one(Finding("e", "effect", "", {"level": 2, "ci_low": 1.0, "ci_high": 3.0})) is None


def test_r4_absorption_below_80_replan():
    rec = _one(Finding("absorption:x", "absorption", "serapan", {"program": "X", "pct": 74.0}))
    assert rec.rule == "R4" and "74,0 %" in rec.text
    assert _one(Finding("b", "absorption", "", {"program": "Y", "pct": 92.0})) is None


def test_edits_replace_or_drop():
    recs = derive(
        [
            Finding("absorption:x", "absorption", "s", {"program": "X", "pct": 50.0}),
            Finding("absorption:y", "absorption", "s", {"program": "Y", "pct": 40.0}),
        ]
    )
    out = apply_edits(recs, {"absorption:x": "Teks baru.", "absorption:y": " "})
    assert [r.text for r in out] == ["Teks baru."]
