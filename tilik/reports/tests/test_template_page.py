"""Laporan → Templat Word (issue 17 item 4): evaluators upload and switch report templates without Django admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.core.models import AuditEvent, Role
from tilik.reports.models import ReportTemplate
from tilik.reports.tests.support import make_user
from tilik.reports.tests.test_template_policy import _docx

pytestmark = pytest.mark.django_db


def test_only_evaluators(client):
    for role in (Role.UNIT_HEAD, Role.REGIONAL_HEAD, Role.PARTICIPANT):
        client.force_login(make_user(role))
        assert client.get(reverse("reports:templates")).status_code in (403, 404)


def test_upload_refuses_code_then_accepts_and_toggles(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_user(Role.EVALUATOR))
    url = reverse("reports:templates")
    bad = SimpleUploadedFile("jahat.docx", _docx("{{ judul }}", "{{ range(3) }}"))
    page = client.post(url, {"name": "Jahat", "file": bad})
    assert page.status_code == 200 and page.context["form"].errors["file"]
    assert not ReportTemplate.objects.exists()
    good = SimpleUploadedFile("dinas.docx", _docx("{{ judul }}", "{{p isi }}"))
    assert client.post(url, {"name": "Gaya BKPSDM", "file": good}).status_code == 302
    template = ReportTemplate.objects.get()
    assert template.active and client.get(url).context["in_use"] == template
    assert client.post(reverse("reports:template_toggle", args=[template.pk])).status_code == 302
    template.refresh_from_db()
    assert not template.active and client.get(url).context["in_use"] is None
    assert AuditEvent.objects.filter(action="report.template_active", detail__active=False).count() == 1
    assert AuditEvent.objects.filter(action="report.template_upload").count() == 1
