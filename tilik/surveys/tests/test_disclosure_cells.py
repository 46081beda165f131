"""Per-cell suppression (issue 19 item 3) and batch publication against differencing (item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory
from tilik.surveys.choices import Anonymity
from tilik.surveys.published import results_for
from tilik.surveys.selectors.results import wave_results
from tilik.surveys.services.responses import submit_token
from tilik.surveys.services.waves import wave_close
from tilik.surveys.tests.conftest import invite, open_wave, reaksi_answers

pytestmark = pytest.mark.django_db


def _reader(role: str = Role.REGIONAL_HEAD) -> Any:
    user: Any = UserFactory(username=f"baca-{role}")
    Profile.objects.create(user=user, role=role)
    return user


def _submit(wave: Any, value: str = "3", **extra: Any) -> None:
    (token,) = invite(wave)
    answers = {k: v for k, v in reaksi_answers(value).items() if k != "NPS"}
    submit_token(token=token, answers={**answers, **extra}, consent=True)


def _nps(res: Any) -> dict[str, Any]:
    return next(it["numeric"] for it in res.items if it["question"].code == "NPS")


def test_optional_question_answered_by_one_of_six_is_hidden_from_aggregate_readers(client, reaksi, evaluator):
    wave = open_wave(reaksi, anonymity=Anonymity.RAHASIA)
    for _i in range(5):
        _submit(wave)
    _submit(wave, NPS=9)
    aggregate = results_for(wave)
    assert aggregate.n == 6 and _nps(aggregate) == {"n": None, "mean": None, "median": None, "hidden": True}
    # A rahasia wave keeps the evaluator's live, cell-level view for analysis.
    assert _nps(wave_results(wave, full_access=True)) == {"n": 1, "mean": 9.0, "median": 9.0}
    client.force_login(_reader())
    html = client.get(reverse("surveys:results", args=[wave.pk])).content.decode()
    assert "NPS —" in html and "9,0" not in html and "kurang dari 5 jawaban" in html
    client.force_login(evaluator)
    assert "9,00" in client.get(reverse("surveys:results", args=[wave.pk])).content.decode()


def test_share_with_a_small_side_is_hidden_and_means_are_rounded(reaksi):
    wave = open_wave(reaksi, anonymity=Anonymity.RAHASIA)
    for _i in range(5):
        _submit(wave, "4")
    _submit(wave, "1")  # 5 of 6 agree: the one who does not is a cell of 1
    res = results_for(wave)
    item = res.items[0]["summary"]
    assert item["n"] == 6 and item["pct_favourable"] is None
    assert item["mean"] == 3.5 and res.decimals == 1  # (5 x 4 + 1) / 6 = 3,5
    for _i in range(5):
        _submit(wave, "1")
    item = results_for(wave).items[0]["summary"]
    assert item["n"] == 11 and item["pct_favourable"] == 45.0 and item["mean"] == 2.4  # 45,45 %, 26/11 = 2,36


def test_anonymous_wave_publishes_in_batches_for_every_reader(client, reaksi, evaluator):
    wave = open_wave(reaksi, anonymity=Anonymity.ANONIM)
    for _i in range(4):
        _submit(wave, "3")
    assert results_for(wave).suppressed
    _submit(wave, "3")
    before = results_for(wave)
    assert (before.n, before.items[0]["summary"]["mean"]) == (5, 3.0)
    _submit(wave, "1")  # one more respondent: nobody may see their answer by difference
    for reader in (_reader(), evaluator):
        client.force_login(reader)
        html = client.get(reverse("surveys:results", args=[wave.pk])).content.decode()
        assert "5 respons diterbitkan" in html
    after = results_for(wave)
    assert (after.n, after.items[0]["summary"]["mean"], after.pending) == (5, 3.0, 1)
    rows = client.get(reverse("surveys:export", args=[wave.pk, "csv"])).content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 5  # the evaluator's download is the published batch too
    wave_close(wave=wave, by=None)  # closing does not publish a remainder below k
    assert results_for(wave).n == 5
    for _i in range(4):
        _submit_closed(wave)
    res = results_for(wave)
    assert res.n == 10 and res.pending == 0 and res.items[0]["summary"]["mean"] == 2.0  # (5x3 + 5x1) / 10


def _submit_closed(wave: Any) -> None:
    """Responses that arrived before closing but are stored now (the batch rule counts stored responses)."""
    from tilik.surveys.models import Response

    template = Response.objects.filter(wave=wave).first()
    answers = list(template.answers.all())
    clone = Response.objects.create(wave=wave, version=template.version, submitted_on=template.submitted_on)
    for a in answers:
        a.pk = None
        a.response = clone
        if a.choice is not None and a.question.qtype == "likert":
            a.choice = a.question.choices.get(value="1")
        a.save()


def test_public_survey_shows_citizens_the_intro_never_the_internal_note(client, public_wave):
    instrument = public_wave.version.instrument
    assert "tingkat keyakinan" in instrument.description  # the evaluators' note on the wording's source
    html = client.get(reverse("surveys:public", args=[public_wave.public_slug])).content.decode()
    assert instrument.intro and instrument.intro in html
    assert instrument.description not in html and "tingkat keyakinan" not in html and "U1–U9" not in html


def test_anonymous_download_recodes_a_rater_group_held_by_fewer_than_k(client, reaksi, evaluator):
    from tilik.core.tests.factories import make_employee
    from tilik.surveys.choices import RaterGroup
    from tilik.surveys.services.waves import invitation_create

    wave = open_wave(reaksi, anonymity=Anonymity.ANONIM, rater_groups=[RaterGroup.SELF, RaterGroup.SUPERVISOR])
    alumnus = make_employee(name="Alumni")
    answers = {k: v for k, v in reaksi_answers("3").items() if k != "NPS"}
    for i in range(6):
        group = RaterGroup.SUPERVISOR if i == 0 else RaterGroup.SELF
        extra = {"subject": alumnus} if group == RaterGroup.SUPERVISOR else {}
        _inv, token = invitation_create(
            wave=wave, employee=make_employee(name=f"ASN {i}"), by=None, rater_group=group, **extra
        )
        submit_token(token=token, answers=answers, consent=True)
    client.force_login(evaluator)
    rows = client.get(reverse("surveys:export", args=[wave.pk, "csv"])).content.decode("utf-8-sig").splitlines()
    groups = {row.split(",")[1] for row in rows[1:]}
    assert len(rows) == 7 and groups == {"lainnya"}  # the one supervisor would be recognisable by the group


def test_reasons_survey_on_the_participation_page_hides_small_counts_for_every_reader(client, evaluator):
    from tilik.core.tests.factories import ProgramFactory
    from tilik.surveys.tests.conftest import load

    program = ProgramFactory(fiscal_year=2026)
    wave = open_wave(load("alasan_tidak_ikut"), anonymity=Anonymity.ANONIM, program=program)
    for i in range(6):
        (token,) = invite(wave)
        reason = "tidak_diizinkan" if i == 0 else "beban_kerja"  # one person names the supervisor
        submit_token(token=token, answers={"ALASAN_UTAMA": reason, "ALASAN_LAIN": "-"}, consent=True)
    for reader in (evaluator, _reader()):
        client.force_login(reader)
        html = client.get(reverse("programs:participation") + "?tahun=2026").content.decode()
        assert "Jawaban survei alasan" in html
        assert "Tidak diizinkan atasan: 1" not in html and "Tidak diizinkan atasan: disembunyikan" in html
