"""Issue 19 item 7a: opening a page of personal data leaves one audit event per request (``data.view``)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tilik.core.audit import audit_view
from tilik.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGES = [
    ("interviews:detail", "interview", "interviews.interview"),
    ("programs:jp", None, "programs.jp:year="),
    ("surveys:wave", "wave_a", "surveys.wave"),
]


@pytest.mark.parametrize(("url", "obj", "what"), PAGES)
def test_each_view_of_personal_data_is_audited_once(client, world, url, obj, what):
    user = world.users["evaluator"]
    client.force_login(user)
    args = [getattr(world, obj).pk] if obj else []
    for _visit in range(2):
        assert client.get(reverse(url, args=args)).status_code == 200
    events = AuditEvent.objects.filter(action="data.view", actor=user)
    assert events.count() == 2  # one per request, not one per template part
    event = events.first()
    assert event.detail["what"].startswith(what) and event.detail["path"] == reverse(url, args=args)
    if obj:
        target = getattr(world, obj)
        assert (event.target_type, event.target_id) == (target._meta.label_lower, str(target.pk))
    else:
        assert event.detail["rows"] >= 0


def test_the_helper_records_one_event_per_request(world):
    request = RequestFactory().get("/x/")
    request.user = world.users["admin"]
    audit_view(request, what="a")
    audit_view(request, what="b")
    assert AuditEvent.objects.filter(action="data.view").count() == 1
