"""Issue 19 item 7d: a participant's own data export ("Data saya") leaves out invitation nonces."""

from __future__ import annotations

import json

import pytest

from tilik.core.privacy.subject_data import collect_subject_data
from tilik.surveys.models import Invitation
from tilik.surveys.tests.conftest import invite, load, open_wave

pytestmark = pytest.mark.django_db


def test_own_data_export_holds_the_invitation_but_not_its_nonce():
    invite(open_wave(load("level1_reaksi")))
    invitation = Invitation.objects.get()
    data = collect_subject_data(employee=invitation.employee, user=None)
    rows = data.sections["surveys.invitation"]
    assert [r["id"] for r in rows] == [invitation.pk]
    assert not any("nonce" in key for key in rows[0])
    assert invitation.nonce not in json.dumps(data.sections, default=str)
