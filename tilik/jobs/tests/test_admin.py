"""Admins see every job in the admin site, read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tilik.core.models import Role
from tilik.jobs.models import Job
from tilik.reports.tests.support import make_user

pytestmark = pytest.mark.django_db


def test_jobs_are_listed_read_only_for_admins(client):
    owner = make_user(Role.EVALUATOR)
    job = Job.objects.create(key="k", kind="reports.render", title="Laporan uji", owner=owner)
    admin = make_user(Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    listing = client.get(reverse("admin:jobs_job_changelist"))
    assert listing.status_code == 200 and "Laporan uji" in listing.content.decode()
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "Laporan uji" in page and 'name="_save"' not in page
    assert client.get(reverse("admin:jobs_job_add")).status_code == 403
