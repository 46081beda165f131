"""A job's counts read in the project's number format (3.000 baris, not 3000 baris) wherever they are shown."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from tilik.core.models import Role
from tilik.core.tests.factories import make_user
from tilik.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_summary_lines_group_their_counts_but_not_an_id(client):
    user = make_user(Role.EVALUATOR)
    job = Job.objects.create(
        key="a" * 32,
        kind="performance.import",
        title="Impor uji",
        owner=user,
        status=Job.Status.DONE,
        percent=100,
        summary={
            "lines": [
                {
                    "text": "Impor #%(id)s tersimpan: %(c)s dibuat, %(u)s diubah, %(n)s tidak berubah.",
                    "values": {"id": 1234, "c": 3000, "u": 12500, "n": 0},
                },
                {"text": "%(n)s baris diekspor.", "values": {"n": 3000}},
            ]
        },
    )
    client.force_login(user)
    html = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "Impor #1234 tersimpan: 3.000 dibuat, 12.500 diubah, 0 tidak berubah." in html
    assert "3.000 baris diekspor." in html and "3000" not in html


def test_refused_mail_error_counts_in_the_number_format():
    from tilik.surveys.jobs import _refused

    with translation.override("id"):
        text = _refused(OSError(), SimpleNamespace(confirmed=lambda: 1500))
    assert "1.500 surel sudah terkirim" in text
