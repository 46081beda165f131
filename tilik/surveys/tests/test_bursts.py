"""Public-survey stuffing is detectable without cookies, and the evaluator decides before IKM counts it
(issue 19 item 6; services/bursts.py, docs/keamanan.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tilik.core.models import AuditEvent, Profile, Role
from tilik.core.tests.factories import UserFactory
from tilik.surveys.models import Burst, BurstDecision, PublicTrace, Response
from tilik.surveys.published import ikm_rows
from tilik.surveys.selectors.results import responses_frame, wave_results
from tilik.surveys.services.bursts import burst_decide
from tilik.surveys.services.responses import responses_import
from tilik.surveys.tests.conftest import skm_post

DEVICE = "0123456789abcdef0123456789abcdef"


def varied(j: int, **extra: str) -> dict[str, Any]:
    """The SKM form with answers that differ per j (so the identical-answers rule stays out of the way)."""
    data = skm_post()
    data.update({"q_U1": str(1 + j % 4), "q_U2": str(1 + (j // 4) % 4)})
    data.update(extra)
    return data


def post(client: Client, wave: Any, data: dict[str, Any], *, address: str) -> int:
    client.cookies.clear()  # the "already answered" cookie dropped, as a stuffing script would
    return client.post(f"/s/p/{wave.public_slug}/", data, REMOTE_ADDR=address).status_code


def skm_answers(value: str) -> dict[str, Any]:
    return {f"U{i}": value for i in range(1, 10)}


def test_device_token_is_stored_hashed_and_flags_a_burst_after_cookie_deletion(client, public_wave) -> None:
    statuses = [post(client, public_wave, varied(j, perangkat=DEVICE), address=f"203.0.113.{j}") for j in range(5)]
    assert statuses == [302] * 5
    keys = set(Response.objects.values_list("device_key", flat=True))
    assert len(keys) == 1
    (key,) = keys
    assert key and DEVICE not in key and len(key) == 64
    burst = Burst.objects.get()
    assert burst.reasons == ["perangkat"] and burst.decision == BurstDecision.PENDING
    assert Response.objects.filter(burst=burst).count() == 5
    # The same device on another wave gets another key: devices cannot be followed across waves.
    from tilik.surveys.services.bursts import device_key

    assert device_key(public_wave, DEVICE) == key
    other = type(public_wave)(pk=public_wave.pk + 1000)
    assert device_key(other, DEVICE) != key


def test_four_from_one_device_are_no_burst_and_no_javascript_means_no_device_key(client, public_wave) -> None:
    for j in range(4):
        post(client, public_wave, varied(j, perangkat=DEVICE), address=f"203.0.113.{j}")
    post(client, public_wave, varied(5), address="203.0.113.50")  # JavaScript off: no field at all
    post(client, public_wave, varied(6, perangkat="<script>"), address="203.0.113.51")  # malformed: ignored
    assert not Burst.objects.exists()
    assert Response.objects.filter(device_key="").count() == 2


def test_one_address_within_the_window_is_a_burst_outside_it_is_not(client, public_wave) -> None:
    for j in range(4):
        post(client, public_wave, varied(j), address="198.51.100.7")
    # Time passes beyond the window: the first four no longer count with the next one.
    PublicTrace.objects.update(at=PublicTrace.objects.first().at - dt.timedelta(minutes=11))
    post(client, public_wave, varied(4), address="198.51.100.7")
    assert not Burst.objects.exists()
    for j in range(5, 9):
        post(client, public_wave, varied(j), address="198.51.100.7")
    burst = Burst.objects.get()
    assert burst.reasons == ["alamat"]
    assert Response.objects.filter(burst=burst).count() == 5
    # Traces older than the window are gone: no link between a response and its minute outlives it.
    assert PublicTrace.objects.count() == 5


def test_identical_answers_from_different_addresses_are_a_burst(client, public_wave) -> None:
    for j in range(5):
        post(client, public_wave, skm_post(), address=f"192.0.2.{j}")
    burst = Burst.objects.get()
    assert burst.reasons == ["jawaban"]
    assert Response.objects.filter(burst=burst).count() == 5


def _stuffed_wave(client: Client, wave: Any) -> Burst:
    """Five genuine citizens (all 'sangat baik', IKM 100) and a stuffed burst of five from one device (all 1)."""
    responses_import(wave=wave, rows=[skm_answers("4")] * 5, by=None, on=dt.date(2026, 3, 2))
    for j in range(5):
        data = {**skm_post(), **{f"q_U{i}": "1" for i in range(1, 10)}, "perangkat": DEVICE}
        assert post(client, wave, data, address=f"203.0.113.{j}") == 302
    return Burst.objects.get()


def test_excluding_a_burst_changes_ikm_results_snapshots_and_exports(client, public_wave, evaluator) -> None:
    burst = _stuffed_wave(client, public_wave)
    assert set(burst.reasons) == {"perangkat", "jawaban"}
    before = wave_results(public_wave, full_access=True).ikm
    assert before.n == 10 and before.ikm == pytest.approx(62.5)
    assert ikm_rows()[0]["ikm"].ikm == pytest.approx(62.5)  # published batch of 10

    burst_decide(
        burst=burst, decision=BurstDecision.EXCLUDE, reason="Satu perangkat, lima kali dalam 2 menit", by=evaluator
    )

    after = wave_results(public_wave, full_access=True).ikm
    assert after.n == 5 and after.ikm == pytest.approx(100.0)
    row = ikm_rows()[0]
    assert row["n"] == 5 and row["ikm"].ikm == pytest.approx(100.0)
    assert len(responses_frame(public_wave)[0]) == 5  # every export reads this frame
    from tilik.evaluations.selectors_ikm import survey_ikm

    found = survey_ikm(first=dt.date(2026, 1, 1), last=dt.date(2026, 12, 31))
    assert [value for value, _n in found.values()] == [pytest.approx(100.0)]

    # Kept after all: counted again.
    burst_decide(burst=burst, decision=BurstDecision.KEEP, reason="Tablet layanan di loket", by=evaluator)
    assert wave_results(public_wave, full_access=True).ikm.n == 10


def test_a_decision_needs_a_reason_and_is_audited(client, public_wave, evaluator) -> None:
    burst = _stuffed_wave(client, public_wave)
    with pytest.raises(ValidationError):
        burst_decide(burst=burst, decision=BurstDecision.EXCLUDE, reason="  ", by=evaluator)
    assert not Response.objects.filter(excluded=True).exists()
    assert not AuditEvent.objects.filter(action="wave.burst_decide").exists()
    burst_decide(burst=burst, decision=BurstDecision.EXCLUDE, reason="Pengisian berulang", by=evaluator)
    event = AuditEvent.objects.get(action="wave.burst_decide")
    assert event.actor == evaluator and event.target_id == str(public_wave.pk)
    assert event.detail == {"burst": burst.pk, "decision": "keluarkan", "reason": "Pengisian berulang", "n": 5}


def test_a_decided_burst_does_not_grow_new_ones_are_flagged_apart(client, public_wave, evaluator) -> None:
    burst = _stuffed_wave(client, public_wave)
    burst_decide(burst=burst, decision=BurstDecision.EXCLUDE, reason="Pengisian berulang", by=evaluator)
    for j in range(5):
        post(client, public_wave, varied(j, perangkat=DEVICE), address=f"198.51.100.{j}")
    assert Response.objects.filter(burst=burst).count() == 5
    fresh = Burst.objects.exclude(pk=burst.pk).get()
    assert fresh.decision == BurstDecision.PENDING and Response.objects.filter(burst=fresh, excluded=False).count() == 5


def test_the_review_page_decides_shows_counts_and_no_keys(client, public_wave, evaluator) -> None:
    burst = _stuffed_wave(client, public_wave)
    key = Response.objects.filter(burst=burst).values_list("device_key", flat=True).first()
    client.force_login(evaluator)
    url = f"/survei/gelombang/{public_wave.pk}/lonjakan/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="lonjakan-{burst.pk}"' in html and key not in html and DEVICE not in html
    assert "203.0.113." not in html
    refused = client.post(url, {"burst": burst.pk, "decision": "keluarkan", "decision_reason": ""})
    assert refused.status_code == 200 and "Tuliskan alasan keputusan." in refused.content.decode()
    done = client.post(url, {"burst": burst.pk, "decision": "keluarkan", "decision_reason": "Pengisian berulang"})
    assert done.status_code == 302
    assert Response.objects.filter(excluded=True).count() == 5
    assert "5 respons dikeluarkan" in client.get(url).content.decode()
    results = client.get(f"/survei/gelombang/{public_wave.pk}/hasil/").content.decode()
    assert 'id="exclusion-note"' in results and "5 respons dikeluarkan" in results
    wave_page = client.get(f"/survei/gelombang/{public_wave.pk}/").content.decode()
    assert url in wave_page


def test_other_roles_cannot_decide(client, public_wave, puskesmas) -> None:
    # Every role's GET is in tests/security/test_url_rules.py; here the POST that would change results.
    burst = _stuffed_wave(client, public_wave)
    url = f"/survei/gelombang/{public_wave.pk}/lonjakan/"
    for role, unit in ((Role.REGIONAL_HEAD, None), (Role.UNIT_HEAD, puskesmas), (Role.CODER, None)):
        user: Any = UserFactory(username=f"u-{role}")
        Profile.objects.create(user=user, role=role, unit=unit)
        client.force_login(user)
        answer = client.post(url, {"burst": burst.pk, "decision": "keluarkan", "decision_reason": "x"})
        assert answer.status_code == 403, role
    assert not Response.objects.filter(excluded=True).exists()


def test_tilik_purge_removes_traces_past_the_window(client, public_wave, settings) -> None:
    from django.utils import timezone

    from tilik.core.privacy.retention import purge

    for j in range(2):
        post(client, public_wave, varied(j), address="198.51.100.7")
    PublicTrace.objects.filter(pk=PublicTrace.objects.order_by("pk").first().pk).update(
        at=timezone.now() - dt.timedelta(minutes=30)
    )
    settings.TILIK_RETENTION_DAYS = {"survey_burst_traces": 0}
    counts = {line.key: line.rows for line in purge(apply=True, by="sistem")}
    assert counts == {"survey_burst_traces": 1}
    assert PublicTrace.objects.count() == 1  # the one still inside the window stays


def test_the_report_states_what_was_left_out_of_ikm_and_what_waits(client, public_wave, evaluator) -> None:
    from tilik.reports.scope import scope_for
    from tilik.reports.sections.surveys import ikm_section

    burst = _stuffed_wave(client, public_wave)
    waiting = ikm_section(scope_for(None, year=2026, suppress=False)).paragraphs
    assert "5 respons dalam lonjakan yang belum ditinjau evaluator masih dihitung." in waiting
    burst_decide(burst=burst, decision=BurstDecision.EXCLUDE, reason="Satu perangkat", by=evaluator)
    text = " ".join(ikm_section(scope_for(None, year=2026, suppress=False)).paragraphs)
    assert "5 respons tidak dihitung: dikeluarkan evaluator sebagai pengisian beruntun (" in text
    assert "belum ditinjau" not in text
