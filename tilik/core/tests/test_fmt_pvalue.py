"""One p-value wording everywhere: 'p < 0,001' or 'p = 0,012', never 'p = 0,0000' nor 'p = < 0,001'."""

import re

import pytest
from django.utils import translation

from analysis._format import fmt_p
from analysis.regression import interpret_effect
from tilik.core import fmt


@pytest.mark.parametrize(
    ("p", "sentence", "cell"),
    [(0.00001, "p < 0,001", "< 0,001"), (0.0123, "p = 0,012", "0,012"), (0.5, "p = 0,500", "0,500")],
)
def test_indonesian_p(p, sentence, cell):
    with translation.override("id"):
        assert fmt.p_text(p) == sentence and fmt.pvalue(p) == cell
        assert fmt_p(p, "id") == sentence


def test_english_p_and_missing():
    with translation.override("en"):
        assert fmt.p_text(0.00001) == "p < 0.001" and fmt.p_text(0.0123) == "p = 0.012"
        assert fmt.p_text(None) == "p = –" and fmt.pvalue(float("nan")) == "–"


def test_analysis_sentences_use_the_one_wording_and_no_double_negative():
    text_id, text_en = interpret_effect(-5.0834, -6.0, -4.1, 1e-9, 0.95, "waktu", "Program", "The programme")
    assert "p < 0,001" in text_id and "p < 0.001" in text_en
    assert "0,0000" not in text_id and "p = <" not in text_id
    assert "menurunkan 'waktu' sebesar 5,083" in text_id and "−5,083" not in text_id and "-5,083" not in text_id
    assert "decreased 'waktu' by 5.083" in text_en


def test_learning_sentence_has_no_column_name_or_english_decimal():
    from analysis.learning import prepost

    res = prepost([20, 60, 50, 40], [60, 70, 80, 75], max_score=100)
    assert "d_z" not in res.interpretation_id and re.search(r"p = \d,\d{3}\b", res.interpretation_id)
    gain = f"{res.normalized_gain:.2f}"
    text = res.interpretation_id
    assert f"gain ternormalisasi {gain.replace('.', ',')}" in text and gain not in text


def test_event_study_pretrend_warning_uses_the_one_wording():
    from analysis.panel import event_study
    from analysis.tests.test_panel import _staggered_panel

    df = _staggered_panel(6, {4: 1.0, 6: 1.0})
    df.loc[df.g > 0, "y"] += 0.4 * df.loc[df.g > 0, "t"]
    r = event_study(df, outcome="y", unit="id", period="t", first_treated="g")
    warning = next(w for w in r.warnings if "Uji pra-tren gagal" in w)
    assert fmt_p(r.pretrend_p, "id") in warning and fmt_p(r.pretrend_p, "id") in r.interpretation_id
    assert not re.search(r"p = \d,\d{4}", warning + r.interpretation_id)
