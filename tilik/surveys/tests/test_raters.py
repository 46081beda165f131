"""360° raters: proposing the atasan, inviting atasan and rekan per alumnus, results per rater group."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import Role
from tilik.surveys.choices import Anonymity, RaterGroup
from tilik.surveys.models import Invitation, Response
from tilik.surveys.selectors.raters import propose_supervisor, raters_overview
from tilik.surveys.selectors.results import wave_results
from tilik.surveys.selectors.waves import invitation_by_token
from tilik.surveys.services.raters import rater_invite, raters_invite, supervisors_invite_proposed
from tilik.surveys.services.responses import submit_token
from tilik.surveys.services.waves import invitation_create, invitation_token
from tilik.surveys.tests.world360 import build_world, level3_answers, user_with_role

pytestmark = pytest.mark.django_db

SELF, ATASAN, REKAN = RaterGroup.SELF, RaterGroup.SUPERVISOR, RaterGroup.PEER


@pytest.fixture
def w():
    return build_world()


# --- selectors -----------------------------------------------------------------------------------


def test_proposed_atasan_is_the_nearest_manager_above(w):
    today = timezone.localdate()
    assert propose_supervisor(w.alumnus_a, on=today) == w.kasubbid  # pengawas before administrator
    assert propose_supervisor(w.kasubbid, on=today) == w.kabid
    assert propose_supervisor(w.kabid, on=today) == w.kadis  # none above in the bidang: up the tree
    assert propose_supervisor(w.kadis, on=today) is None


def test_overview_lists_alumni_in_a_fixed_number_of_queries(w):
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as small:
        rows = raters_overview(w.wave, on=today)
    assert [r.alumnus for r in rows] == [w.alumnus_a, w.alumnus_b]
    assert all(r.proposed == w.kasubbid and r.unit == w.bidang for r in rows)
    bigger = build_world(alumni_extra=6, tag="besar")
    with CaptureQueriesContext(connection) as large:
        assert len(raters_overview(bigger.wave, on=today)) == 8
    assert len(small.captured_queries) == len(large.captured_queries) == 4


# --- services ------------------------------------------------------------------------------------


def test_invitations_carry_group_and_ratee_each_with_its_own_token(w):
    atasan, created = rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.kasubbid, rater_group=ATASAN, by=None)
    assert created
    n = raters_invite(wave=w.wave, ratee=w.alumnus_a, raters=[w.peer_c, w.peer_d], rater_group=REKAN, by=None)
    assert n == 2
    invs = list(Invitation.objects.filter(subject=w.alumnus_a).order_by("pk"))
    assert [(i.employee, i.rater_group) for i in invs] == [
        (w.kasubbid, ATASAN),
        (w.peer_c, REKAN),
        (w.peer_d, REKAN),
    ]
    tokens = [invitation_token(i) for i in invs]
    assert len(set(tokens)) == 3
    found = invitation_by_token(tokens[0])
    assert found is not None and found.pk == atasan.pk and found.subject == w.alumnus_a
    assert atasan.unit == w.bidang and atasan.email == w.kasubbid.email


def test_reinviting_the_same_rater_is_idempotent(w):
    first, created = rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.peer_c, rater_group=REKAN, by=None)
    again, created_again = rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.peer_c, rater_group=REKAN, by=None)
    assert created and not created_again and again.pk == first.pk
    assert raters_invite(wave=w.wave, ratee=w.alumnus_a, raters=[w.peer_c], rater_group=REKAN, by=None) == 0
    assert Invitation.objects.filter(wave=w.wave).count() == 1
    # The same colleague may rate another alumnus.
    rater_invite(wave=w.wave, ratee=w.alumnus_b, rater=w.peer_c, rater_group=REKAN, by=None)
    assert Invitation.objects.filter(wave=w.wave, employee=w.peer_c).count() == 2


def test_a_rater_cannot_be_the_ratee(w):
    for group in (ATASAN, REKAN):
        with pytest.raises(ValidationError, match="tidak dapat menjadi atasan atau rekan"):
            rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.alumnus_a, rater_group=group, by=None)
    with pytest.raises(ValidationError):
        raters_invite(wave=w.wave, ratee=w.alumnus_a, raters=[w.peer_c, w.alumnus_a], rater_group=REKAN, by=None)
    assert not Invitation.objects.exists()  # all or nothing: peer_c was not invited either
    with pytest.raises(ValidationError, match="tidak boleh sama dengan alumni"):
        invitation_create(wave=w.wave, employee=w.alumnus_a, subject=w.alumnus_a, rater_group=REKAN, by=None)
    # The database refuses it too, whatever path writes the row.
    row = Invitation(
        wave=w.wave, employee=w.alumnus_a, subject=w.alumnus_a, rater_group=REKAN, nonce="n", token_hash="h"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    assert not Invitation.objects.exists()


def test_one_rater_one_group_per_alumnus_and_only_alumni_are_rated(w):
    rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.kasubbid, rater_group=ATASAN, by=None)
    with pytest.raises(ValidationError, match="sudah diundang sebagai Atasan langsung"):
        rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.kasubbid, rater_group=REKAN, by=None)
    with pytest.raises(ValidationError, match="bukan peserta"):
        rater_invite(wave=w.wave, ratee=w.peer_c, rater=w.kasubbid, rater_group=ATASAN, by=None)
    assert Invitation.objects.count() == 1


def test_self_invitation_counts_with_or_without_subject(w):
    invitation_create(wave=w.wave, employee=w.alumnus_a, by=None)  # "Undang peserta angkatan" style
    _inv, created = rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.alumnus_a, rater_group=SELF, by=None)
    assert not created and Invitation.objects.count() == 1
    row = raters_overview(w.wave, on=timezone.localdate())[0]
    assert row.self_invitation is not None and not row.supervisors


def test_bulk_invite_of_proposed_supervisors(w):
    rater_invite(wave=w.wave, ratee=w.alumnus_b, rater=w.kabid, rater_group=ATASAN, by=None)
    assert supervisors_invite_proposed(wave=w.wave, by=None) == 1  # only alumnus_a lacked one
    assert supervisors_invite_proposed(wave=w.wave, by=None) == 0
    pairs = set(Invitation.objects.filter(rater_group=ATASAN).values_list("subject", "employee"))
    assert pairs == {(w.alumnus_a.pk, w.kasubbid.pk), (w.alumnus_b.pk, w.kabid.pk)}


# --- views ---------------------------------------------------------------------------------------


def test_evaluator_invites_atasan_and_rekan_without_javascript(client, w):
    client.force_login(user_with_role("evaluator", Role.EVALUATOR))
    detail = client.get(reverse("surveys:wave", args=[w.wave.pk])).content.decode()
    assert 'id="raters-table"' in detail and "Kasubbid Nyoman" in detail and "Atur penilai" in detail
    url = reverse("surveys:raters", args=[w.wave.pk, w.alumnus_a.pk])
    page = client.get(url).content.decode()
    # No script of its own: only the site-wide Bootstrap bundle (navigation), which the form does not need.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer>'
    ]
    assert f'<option value="{w.kasubbid.pk}" selected>' in page  # the proposal is preselected
    assert "Luar Made" not in page and "Rekan Putu" in page
    assert client.post(url, {"action": "atasan", "atasan": w.kasubbid.pk}).status_code == 302
    searched = client.get(url, {"q": w.peer_d.nip}).content.decode()
    assert "Rekan Gede" in searched and "Rekan Putu" not in searched
    assert "Rekan Putu" in client.get(url, {"q": "putu"}).content.decode()
    r = client.post(url, {"action": "rekan", "rekan": [w.peer_c.pk, w.peer_d.pk], "q": "rekan"})
    assert r.status_code == 302 and r.url.endswith("?q=rekan")
    client.post(url, {"action": "diri"})
    got = set(Invitation.objects.filter(subject=w.alumnus_a).values_list("employee", "rater_group"))
    assert got == {
        (w.kasubbid.pk, ATASAN),
        (w.peer_c.pk, REKAN),
        (w.peer_d.pk, REKAN),
        (w.alumnus_a.pk, SELF),
    }
    after = client.get(url).content.decode()
    assert 'id="supervisors"' in after and 'id="peers"' in after and 'id="self-status"' in after


def test_bad_rater_posts_write_nothing_and_explain(client, w):
    client.force_login(user_with_role("evaluator", Role.EVALUATOR))
    url = reverse("surveys:raters", args=[w.wave.pk, w.alumnus_a.pk])
    cases = [
        {"action": "rekan", "rekan": [w.peer_c.pk, w.outsider.pk]},  # outside the alumnus' unit
        {"action": "rekan"},
        {"action": "rekan", "rekan": ["bukan-angka"]},
        {"action": "atasan", "atasan": w.outsider.pk},
        {"action": "rekan", "rekan": [w.alumnus_a.pk]},
        {"action": "hapus-semua"},
    ]
    for data in cases:
        page = client.post(url, data, follow=True).content.decode()
        assert re.search(r'class="alert alert-danger[^"]*" role="alert"', page), data  # an error message
    assert not Invitation.objects.exists()
    # An employee who is not an alumnus of the wave has no rater page.
    assert client.get(reverse("surveys:raters", args=[w.wave.pk, w.peer_c.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.PARTICIPANT, Role.REGIONAL_HEAD])
def test_other_roles_cannot_manage_raters(client, w, role):
    extra = {"unit": w.bidang} if role == Role.UNIT_HEAD else {}
    client.force_login(user_with_role(f"u-{role}", role, **extra))
    url = reverse("surveys:raters", args=[w.wave.pk, w.alumnus_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "atasan", "atasan": w.kasubbid.pk}).status_code == 403
    bulk = reverse("surveys:wave_action", args=[w.wave.pk, "invite-supervisors"])
    assert client.post(bulk).status_code == 403
    assert not Invitation.objects.exists()


def test_atasan_sees_items_worded_for_the_atasan(client, w):
    inv, _created = rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.kasubbid, rater_group=ATASAN, by=None)
    html = client.get(f"/s/t/{invitation_token(inv)}/").content.decode()
    assert "Alumni menerapkan standar pelayanan" in html and "Saya menerapkan" not in html
    # One atasan may rate several alumni: the page names the one this link is about.
    assert f"Anda menilai perilaku kerja <strong>{w.alumnus_a.name}</strong>" in html
    own = rater_invite(wave=w.wave, ratee=w.alumnus_b, rater=w.alumnus_b, rater_group="diri", by=None)[0]
    assert "Anda menilai perilaku kerja" not in client.get(f"/s/t/{invitation_token(own)}/").content.decode()


# --- results per rater group ---------------------------------------------------------------------


def _rate(w, ratee, rater, group, value):
    inv, _c = rater_invite(wave=w.wave, ratee=ratee, rater=rater, rater_group=group, by=None)
    submit_token(token=invitation_token(inv), answers=level3_answers(value))


def test_results_per_rater_group_on_the_same_alumni(client, w):
    _rate(w, w.alumnus_a, w.alumnus_a, SELF, 5)
    _rate(w, w.alumnus_a, w.kasubbid, ATASAN, 3)
    _rate(w, w.alumnus_a, w.peer_c, REKAN, 4)
    _rate(w, w.alumnus_a, w.peer_d, REKAN, 2)  # alumnus_a's rekan average 3
    _rate(w, w.alumnus_b, w.alumnus_b, SELF, 4)
    _rate(w, w.alumnus_b, w.kabid, ATASAN, 1)  # alumnus_b has no rekan: not in the matched set
    res = wave_results(w.wave, full_access=True)
    s = res.by_rater
    assert s is not None and s.constructs == ["penerapan", "berbagi", "semua butir"]
    by_group = {g["group"]: g for g in s.groups}
    assert {k: g["n"] for k, g in by_group.items()} == {SELF: 2, ATASAN: 2, REKAN: 2}
    assert by_group[SELF]["means"]["semua butir"] == pytest.approx(4.5)
    assert by_group[ATASAN]["means"]["penerapan"] == pytest.approx(2.0)
    assert by_group[REKAN]["means"]["berbagi"] == pytest.approx(3.0)
    assert s.n_matched == 1
    matched = {g["group"]: g["means"]["semua butir"] for g in s.matched}
    assert matched == pytest.approx({SELF: 5.0, ATASAN: 3.0, REKAN: 3.0})
    client.force_login(user_with_role("evaluator", Role.EVALUATOR))
    html = client.get(reverse("surveys:results", args=[w.wave.pk])).content.decode()
    assert 'id="by-rater"' in html and 'id="by-rater-matched"' in html
    assert "Tingkat respons per kelompok penilai" in html
    assert Response.objects.filter(rater_group=ATASAN).count() == 2


def test_small_rater_groups_are_hidden_without_full_access(w):
    _rate(w, w.alumnus_a, w.alumnus_a, SELF, 5)
    _rate(w, w.alumnus_a, w.kasubbid, ATASAN, 3)
    res = wave_results(w.wave, full_access=False, min_cell=1)
    assert res.by_rater is not None and all(g["means"]["semua butir"] is not None for g in res.by_rater.groups)
    res = wave_results(w.wave, full_access=False, min_cell=3)
    assert res.suppressed and res.by_rater is None  # two responses in all: the whole page stays hidden
    _rate(w, w.alumnus_b, w.alumnus_b, SELF, 4)
    hidden = wave_results(w.wave, full_access=False, min_cell=2).by_rater
    assert hidden is not None
    groups = {g["group"]: g for g in hidden.groups}
    assert groups[SELF]["means"]["semua butir"] == pytest.approx(4.5)
    assert groups[ATASAN]["hidden"] and groups[ATASAN]["means"]["semua butir"] is None
    assert hidden.matched_hidden and all(v is None for g in hidden.matched for v in g["means"].values())


def test_anonymous_360_wave_has_group_means_but_no_matching():
    w = build_world(anonymity=Anonymity.ANONIM)
    _rate(w, w.alumnus_a, w.alumnus_a, SELF, 5)
    _rate(w, w.alumnus_a, w.kasubbid, ATASAN, 3)
    s = wave_results(w.wave, full_access=True).by_rater
    assert s is not None and s.matched is None and s.n_matched == 0
    assert [g["means"]["semua butir"] for g in s.groups] == pytest.approx([5.0, 3.0])
    assert set(Response.objects.values_list("participant_key", flat=True)) == {""}


def test_invitation_email_names_the_ratee_in_the_site_language(client, w):
    from django.core import mail

    from tilik.jobs.tests.support import run_worker

    rater_invite(wave=w.wave, ratee=w.alumnus_a, rater=w.kasubbid, rater_group=ATASAN, by=None)
    user = user_with_role("evaluator", Role.EVALUATOR)
    client.force_login(user)
    client.cookies.load({"django_language": "en"})  # the evaluator browses in English
    r = client.post(reverse("surveys:wave_action", args=[w.wave.pk, "invite-supervisors"]))
    assert r.status_code == 302 and Invitation.objects.filter(rater_group=ATASAN).count() == 2
    client.post(reverse("surveys:wave_action", args=[w.wave.pk, "send"]))
    run_worker()  # mailed by the background worker (issue 18)
    assert len(mail.outbox) == 2 and all(m.to == [w.kasubbid.email] for m in mail.outbox)
    bodies = sorted(m.body for m in mail.outbox)
    assert all(b.startswith("Yth. Kasubbid Nyoman,") for b in bodies)
    assert mail.outbox[0].subject.startswith("Undangan mengisi")
    assert "Sebagai atasan langsung, Anda diminta menilai perilaku kerja Alumni Ketut." in bodies[0]
    assert "Sebagai atasan langsung, Anda diminta menilai perilaku kerja Alumni Komang." in bodies[1]
