from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tilik.surveys.models import Draft, Response, TokenUse
from tilik.surveys.services import instruments as isvc
from tilik.surveys.services.responses import SurveyUnavailable, draft_save, submit_token
from tilik.surveys.services.waves import invitation_revoke_link, wave_close, wave_update
from tilik.surveys.tests.conftest import RAHASIA, invite, load, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db


def test_templates_ship_required_content(reaksi, skm):
    questions = reaksi.versions.get().questions.all()
    constructs = {q.construct for q in questions if q.construct}
    likert = [q for q in questions if q.qtype == "likert"]
    assert constructs == {"penyelenggaraan", "materi", "pengajar", "sarana"} and 20 <= len(likert) <= 30
    unsur = {q.ikm_unsur: q for q in skm.versions.get().questions.exclude(ikm_unsur="")}
    assert sorted(unsur) == [f"U{i}" for i in range(1, 10)]
    assert [c.label for c in unsur["U4"].choices.all()] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    assert [c.score for c in unsur["U9"].choices.all()] == [1, 2, 3, 4]
    for name in ("tes_pelayanan_prima", "level3_360", "alasan_tidak_ikut"):
        assert load(name).versions.get().questions.exists()


def test_editing_a_version_with_responses_makes_a_new_version(reaksi):
    wave = open_wave(reaksi)
    (token,) = invite(wave)
    submit_token(token=token, answers=reaksi_answers())
    question = reaksi.versions.get().questions.get(code="MAT1")
    updated = isvc.question_update(question=question, text="Materi relevan.", by=None)
    assert updated.version.number == 2 and updated.text == "Materi relevan."
    assert question.version.questions.get(code="MAT1").text != "Materi relevan."
    response = Response.objects.get(wave=wave)
    assert response.version.number == 1 and response.answers.count() == 26
    # The unfrozen new version is edited in place.
    again = isvc.question_update(question=updated, text="Lagi.", by=None)
    assert again.version_id == updated.version_id


def test_show_if_copied_to_new_version():
    instrument = load("alasan_tidak_ikut")
    version = instrument.versions.get()
    copy = isvc.version_copy(version=version, by=None)
    other = copy.questions.get(code="ALASAN_LAIN")
    assert other.show_if_question is not None
    assert other.show_if_question.version_id == copy.pk and other.show_if_question.code == "ALASAN_UTAMA"


def test_token_is_single_use_and_revocable(reaksi):
    wave = open_wave(reaksi)
    (token,) = invite(wave)
    submit_token(token=token, answers=reaksi_answers())
    with pytest.raises(SurveyUnavailable) as exc:
        submit_token(token=token, answers=reaksi_answers())
    assert exc.value.reason == "used" and Response.objects.count() == 1
    (token2,) = invite(wave)
    invitation = TokenUse.objects.get().invitation.wave.invitations.exclude(use__isnull=False).get()
    new = invitation_revoke_link(invitation=invitation, by=None)
    with pytest.raises(SurveyUnavailable, match="invalid"):
        submit_token(token=token2, answers=reaksi_answers())
    submit_token(token=new, answers=reaksi_answers())
    assert Response.objects.count() == 2


def test_closed_wave_stores_nothing(reaksi):
    wave = open_wave(reaksi)
    (token,) = invite(wave)
    wave_close(wave=wave, by=None)
    with pytest.raises(SurveyUnavailable, match="closed"):
        submit_token(token=token, answers=reaksi_answers())
    assert not Response.objects.exists() and not TokenUse.objects.exists()


def test_anonymity_mode_fixed_after_first_response(reaksi):
    wave = open_wave(reaksi)
    wave_update(wave=wave, anonymity=RAHASIA, by=None)  # no responses yet: allowed
    (token,) = invite(wave)
    submit_token(token=token, answers=reaksi_answers())
    with pytest.raises(ValidationError):
        wave_update(wave=wave, anonymity="anonim", by=None)


def test_draft_is_removed_on_submit(reaksi):
    wave = open_wave(reaksi)
    (token,) = invite(wave)
    invitation = wave.invitations.get()
    draft_save(invitation=invitation, data={"q_PNY1": "5"})
    assert Draft.objects.count() == 1
    submit_token(token=token, answers=reaksi_answers())
    assert Draft.objects.count() == 0


def test_test_score_and_prepost_pairing():
    from tilik.core.tests.factories import OfferingFactory
    from tilik.surveys.selectors.results import wave_results

    instrument = load("tes_pelayanan_prima")
    offering = OfferingFactory()
    pre = open_wave(instrument, offering=offering, phase="pre", anonymity=RAHASIA)
    post = open_wave(instrument, offering=offering, phase="post", anonymity=RAHASIA)
    key = {q.code: q.choices.get(is_correct=True).value for q in instrument.versions.get().questions.all()}
    wrong = {code: ("d" if v != "d" else "c") for code, v in key.items()}
    from tilik.core.tests.factories import make_employee
    from tilik.surveys.services.waves import invitation_create

    for i in range(6):
        person = make_employee(name=f"Peserta {i}")
        _a, t_pre = invitation_create(wave=pre, employee=person, by=None)
        _b, t_post = invitation_create(wave=post, employee=person, by=None)
        pre_answers = {c: (key[c] if n < 2 + i % 3 else wrong[c]) for n, c in enumerate(key)}
        post_answers = {c: (key[c] if n < 6 + i % 4 else wrong[c]) for n, c in enumerate(key)}
        submit_token(token=t_pre, answers=pre_answers)
        submit_token(token=t_post, answers=post_answers)
    scores = sorted(
        s for s in Response.objects.filter(wave=pre).values_list("score", flat=True) if s is not None
    )
    assert scores[0] == Decimal(20)
    assert set(Response.objects.filter(wave=pre).values_list("max_score", flat=True)) == {Decimal(100)}
    result = wave_results(post, full_access=True).learning
    assert result.n == 6 and result.mean_diff > 30 and result.p_value < 0.01


def test_question_validation_in_indonesian(reaksi):
    section = reaksi.versions.get().sections.first()
    with pytest.raises(ValidationError) as exc:
        isvc.question_create(
            section=section,
            code="X1",
            qtype="single",
            text="?",
            by=None,
            choices=[{"value": "a", "label": "A"}],
        )
    assert "sedikitnya dua pilihan" in str(exc.value)
