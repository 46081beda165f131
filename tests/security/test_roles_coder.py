"""The pengode role (issue 19 item 5): reads and codes the transcripts assigned to it, nothing else.

The GET side of every URL is in the URL × role matrix (test_url_rules.py); here: the POSTs a pengode
may send, their scope, what the coding page hides, the evaluator's assignment and inter-coder agreement
over a pengode's segments.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tilik.core.models import AuditEvent, Role
from tilik.core.services import user_create_with_role
from tilik.interviews import selectors, selectors_analysis, services, services_coding
from tilik.interviews.models import Segment

pytestmark = pytest.mark.django_db

TEXT = (
    "Pewawancara: Bagaimana pelatihan kemarin? Narasumber: Sangat membantu pelayanan. "
    "Antrean di loket jadi lebih pendek. Tetapi anggaran untuk sarana masih kurang. "
    "Staf yang ikut pelatihan lebih ramah kepada warga."
)


def _code_post(client: Any, world: Any, interview: Any, start: int = 0, end: int = 11) -> Any:
    return client.post(
        reverse("interviews:segment_create", args=[interview.pk]),
        {"codebook": world.codebook.pk, "start": start, "end": end, "codes": [world.code.pk], "memo": ""},
    )


def test_coder_codes_an_assigned_transcript(client, world):
    client.force_login(world.users["pengode"])
    response = _code_post(client, world, world.interview)
    assert response.status_code == 302
    segment = Segment.objects.get(transcript__interview=world.interview)
    assert segment.coder == world.users["pengode"]


def test_coder_cannot_code_an_unassigned_transcript(client, world):
    client.force_login(world.users["pengode"])
    assert _code_post(client, world, world.interview_b).status_code == 404
    response = client.post(
        reverse("interviews:segment_create_sentences", args=[world.interview_b.pk]),
        {"codebook": world.codebook.pk, "sentences": ["0-12"], "codes": [world.code.pk]},
    )
    assert response.status_code == 404
    assert not Segment.objects.filter(transcript__interview=world.interview_b).exists()


def test_coder_list_shows_only_assigned_interviews(client, world):
    client.force_login(world.users["pengode"])
    body = client.get(reverse("interviews:list")).content.decode()
    assert world.interview.code in body
    assert world.interview_b.code not in body
    assert reverse("interviews:create") not in body


def test_coder_list_counts_only_their_own_segments(client, world):
    for start, end in ((0, 11), (13, 23)):
        services_coding.segment_create(
            by=world.users["evaluator"],
            transcript=world.interview.transcript,
            codebook=world.codebook,
            start=start,
            end=end,
            codes=[world.code],
        )
    client.force_login(world.users["pengode"])
    body = client.get(reverse("interviews:list")).content.decode()
    assert '<td class="n">0</td>' in body and '<td class="n">2</td>' not in body
    client.force_login(world.users["evaluator"])
    assert '<td class="n">2</td>' in client.get(reverse("interviews:list")).content.decode()


def test_home_sends_a_coder_to_their_interviews(client, world):
    client.force_login(world.users["pengode"])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("interviews:list")


def test_coding_page_hides_what_a_coder_may_not_have(client, world):
    services.interview_update(
        interview=world.interview,
        by=world.users["evaluator"],
        interviewee_name="Dr. Rahasia Narasumber",
        notes="Catatan-internal-pewawancara",
    )
    evaluator_segment = services_coding.segment_create(
        by=world.users["evaluator"],
        transcript=world.interview.transcript,
        codebook=world.codebook,
        start=0,
        end=11,
        codes=[world.code],
        memo="memo-milik-evaluator",
    )
    client.force_login(world.users["pengode"])
    body = client.get(reverse("interviews:detail", args=[world.interview.pk])).content.decode()
    assert "Apa kabar?" in body  # the transcript itself
    for hidden in (
        "Dr. Rahasia Narasumber",
        "Catatan-internal-pewawancara",
        "memo-milik-evaluator",  # independent coding: other coders' segments are not shown
        reverse("interviews:edit", args=[world.interview.pk]),
        reverse("interviews:delete", args=[world.interview.pk]),
        reverse("interviews:audio", args=[world.interview.pk]),
        reverse("interviews:coders", args=[world.interview.pk]),
        reverse("interviews:codebooks"),
    ):
        assert hidden not in body, hidden
    # The evaluator sees the other coder's work.
    client.force_login(world.users["evaluator"])
    body = client.get(reverse("interviews:detail", args=[world.interview.pk])).content.decode()
    assert "memo-milik-evaluator" in body
    assert evaluator_segment.pk


def test_coder_edits_own_memo_but_never_stars_or_touches_others(client, world):
    own = services_coding.segment_create(
        by=world.users["pengode"],
        transcript=world.interview.transcript,
        codebook=world.codebook,
        start=0,
        end=11,
        codes=[world.code],
    )
    other = services_coding.segment_create(
        by=world.users["evaluator"],
        transcript=world.interview.transcript,
        codebook=world.codebook,
        start=13,
        end=23,
        codes=[world.code],
    )
    client.force_login(world.users["pengode"])
    update = reverse("interviews:segment_update", args=[own.pk])
    assert client.post(update, {"action": "memo", "memo": "catatan saya"}).status_code == 302
    own.refresh_from_db()
    assert own.memo == "catatan saya"
    assert client.post(update, {"action": "star", "memo": ""}).status_code == 403
    own.refresh_from_db()
    assert not own.starred
    assert (
        client.post(reverse("interviews:segment_update", args=[other.pk]), {"action": "memo", "memo": "x"}).status_code
        == 403
    )
    assert client.post(reverse("interviews:segment_delete", args=[other.pk])).status_code == 403
    assert client.post(reverse("interviews:segment_delete", args=[own.pk])).status_code == 302
    assert not Segment.objects.filter(pk=own.pk).exists()


def test_segments_of_an_unassigned_interview_are_404_for_a_coder(client, world):
    foreign = services_coding.segment_create(
        by=world.users["evaluator"],
        transcript=world.interview_b.transcript,
        codebook=world.codebook,
        start=0,
        end=11,
        codes=[world.code],
    )
    client.force_login(world.users["pengode"])
    assert (
        client.post(
            reverse("interviews:segment_update", args=[foreign.pk]), {"action": "memo", "memo": "x"}
        ).status_code
        == 404
    )
    assert client.post(reverse("interviews:segment_delete", args=[foreign.pk])).status_code == 404


def test_evaluator_assigns_and_unassigns_coders_in_the_ui(client, world):
    coder = world.users["pengode"]
    client.force_login(world.users["evaluator"])
    url = reverse("interviews:coders", args=[world.interview_b.pk])
    page = client.get(url).content.decode()
    assert coder.get_username() in page
    form = page.split("<main", 1)[1].split("<form", 1)[1]  # the page's own form, not the header's menus
    assert world.users["evaluator"].get_username() not in form  # only pengode accounts
    assert client.post(url, {"coders": [coder.pk]}).status_code == 302
    assert coder in world.interview_b.coders.all()
    event = AuditEvent.objects.filter(action="interview.coders_set", target_id=str(world.interview_b.pk)).latest("id")
    assert event.detail["added"] == [coder.pk] and event.actor == world.users["evaluator"]
    client.force_login(coder)
    assert client.get(reverse("interviews:detail", args=[world.interview_b.pk])).status_code == 200
    client.force_login(world.users["evaluator"])
    client.post(url, {})
    client.force_login(coder)
    assert client.get(reverse("interviews:detail", args=[world.interview_b.pk])).status_code == 404


def test_only_pengode_accounts_can_be_assigned(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.interview_coders_set(
            interview=world.interview, coders=[world.users["pimpinan_daerah"]], by=world.users["evaluator"]
        )


def test_agreement_works_with_a_coders_segments(client, world):
    """Inter-coder kappa between the evaluator and a pengode, both coding the assigned transcript."""
    services.transcript_set(interview=world.interview, by=world.users["evaluator"], text=TEXT)
    transcript = world.interview.transcript
    transcript.refresh_from_db()
    spans = [(s, e) for s, e, _t in selectors.sentences_of(transcript)]
    assert len(spans) >= 4
    client.force_login(world.users["pengode"])
    for start, end in (spans[1], spans[2]):
        assert _code_post(client, world, world.interview, start, end).status_code == 302
    for start, end in (spans[1], spans[3]):
        services_coding.segment_create(
            by=world.users["evaluator"],
            transcript=transcript,
            codebook=world.codebook,
            start=start,
            end=end,
            codes=[world.code],
        )
    result = selectors_analysis.intercoder_agreement(world.codebook, world.users["evaluator"], world.users["pengode"])
    assert result.transcripts == 1 and result.sentences == len(spans)
    row = next(r for r in result.rows if r.code == world.code)
    assert row.labels_a != row.labels_b and sum(row.labels_b) == 2
    client.force_login(world.users["evaluator"])
    page = client.get(
        reverse("interviews:agreement", args=[world.codebook.pk]),
        {"a": world.users["evaluator"].pk, "b": world.users["pengode"].pk},
    )
    assert page.status_code == 200 and "pengode1" in page.content.decode()


def test_a_second_coder_account_has_no_staff_rights(world):
    coder = user_create_with_role(username="pengode2", role=Role.CODER, by=None, password="Rahasia-Tilik-2026!")
    assert not coder.is_staff and not coder.is_superuser


def test_coder_needs_a_second_factor_in_production(client, settings, world):
    """A pengode reads transcripts (personal data): like evaluators, held at 2FA when it is required."""
    settings.TILIK_REQUIRE_2FA = True
    client.force_login(world.users["pengode"])
    response = client.get(reverse("interviews:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_setup"))


def test_evaluator_assigns_a_coder_to_many_interviews_from_the_list(client, world):
    coder = world.users["pengode"]
    client.force_login(world.users["evaluator"])
    listing = client.get(reverse("interviews:list")).content.decode()
    assert reverse("interviews:coders_bulk") in listing and coder.get_username() in listing
    url = reverse("interviews:coders_bulk")
    both = [world.interview.pk, world.interview_b.pk]
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(url, {"interviews": both, "coder": coder.pk, "action": "tugaskan"})
    assert response.status_code == 302
    assert set(coder.coded_interviews.values_list("pk", flat=True)) == set(both)
    # Only the newly assigned interview (the other was assigned already) is audited as a change.
    events = AuditEvent.objects.filter(action="interview.coders_set", id__gt=last)
    assert [e.target_id for e in events] == [str(world.interview_b.pk)]
    client.post(url, {"interviews": [world.interview.pk], "coder": coder.pk, "action": "cabut"})
    assert list(coder.coded_interviews.values_list("pk", flat=True)) == [world.interview_b.pk]
    # An account that is not a pengode is not offered and not accepted.
    response = client.post(
        url, {"interviews": both, "coder": world.users["pimpinan_daerah"].pk, "action": "tugaskan"}
    )
    assert not world.users["pimpinan_daerah"].coded_interviews.exists()
    client.force_login(coder)
    assert client.post(url, {"interviews": both, "coder": coder.pk, "action": "tugaskan"}).status_code == 403
