"""Issue 19 item 1: an uploaded Word template runs no code, and anything beyond the placeholders is refused."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tilik.core.models import AuditEvent
from tilik.reports import docx_policy, render
from tilik.reports.admin import ReportTemplateForm
from tilik.reports.findings import Report, Section
from tilik.reports.models import ReportTemplate
from tilik.reports.services import report_template_upload

pytestmark = pytest.mark.django_db


def _docx(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _payload(marker: Path) -> str:
    return '{{ cycler.__init__.__globals__.os.popen("touch ' + str(marker) + '").read() }}'


def _report() -> Report:
    section = Section(key="intro", title="Pendahuluan", status="measured", paragraphs=["Isi."])
    return Report(
        title="Laporan Uji",
        subtitle="",
        region="Kota Uji",
        year=2026,
        program=None,
        generated_on=dt.date(2026, 12, 7),
        lang="id",
        scope_label="Semua OPD",
        suppressed=False,
        sections=[section],
    )


def test_a_template_runs_no_code_when_rendered(tmp_path, monkeypatch):
    marker = tmp_path / "owned"
    template = tmp_path / "evil.docx"
    template.write_bytes(_docx("{{ judul }}", _payload(marker)))
    monkeypatch.setattr(render, "DEFAULT_TEMPLATE", template)
    try:
        render.to_docx(_report())
    except Exception as exc:  # the sandbox may refuse loudly; what matters is that nothing ran
        assert "jinja2" in type(exc).__module__
    assert not marker.exists()


def test_a_stored_template_that_breaks_the_policy_is_not_used(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    marker = tmp_path / "owned"
    ReportTemplate.objects.create(
        name="lama", file=SimpleUploadedFile("lama.docx", _docx("JAHAT {{ judul }}", _payload(marker)))
    )
    doc = Document(io.BytesIO(render.to_docx(_report())))
    texts = [p.text for p in doc.paragraphs]
    assert not marker.exists()
    assert "Laporan Uji" in texts and not any("JAHAT" in t for t in texts)  # the default template


@pytest.mark.parametrize(
    "source",
    [
        '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
        "{{ range(10) }}",
        "{{ judul.__class__ }}",
        "{{ judul['__class__'] }}",
        "{{ judul.format(1) }}",
        "{{ isi.tpl.template_file }}",
        "{% set x = isi %}{{ x.docx }}",
        "{{ judul|attr('upper') }}",
        "{% import 'x' as y %}",
        "{% macro m() %}x{% endmacro %}",
        "{{ 9 ** 9 }}",
        "{{ lipsum() }}",
        "{{ judul",
    ],
)
def test_upload_refuses_anything_beyond_the_placeholders(source, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("t.docx", _docx("{{ judul }}", source))
    with pytest.raises(ValidationError) as err:
        report_template_upload(name="uji", file=upload, by=None)
    assert "Templat ditolak" in str(err.value)
    assert not ReportTemplate.objects.exists()
    assert AuditEvent.objects.filter(action="report.template_refused", detail__name="uji").exists()


def test_upload_accepts_the_default_template_and_plain_formatting_and_audits_it(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert docx_policy.allowed(render.DEFAULT_TEMPLATE.open("rb"))
    body = "{% if subjudul %}{{ subjudul|upper }}{% endif %}{% for x in [judul, cakupan] %}{{ loop.index }}{% endfor %}"
    upload = SimpleUploadedFile("t.docx", _docx("{{ judul.upper() }}", body, "{{p isi }}"))
    tpl = report_template_upload(name="restyled", file=upload, by=None)
    event = AuditEvent.objects.get(action="report.template_upload")
    assert event.target_id == str(tpl.pk)


def test_the_default_template_uses_only_declared_placeholders():
    # When to_docx passes a new placeholder, docx_policy.DOCX_VARIABLES must name it.
    from docxtpl import DocxTemplate

    assert DocxTemplate(render.DEFAULT_TEMPLATE).get_undeclared_template_variables() <= docx_policy.DOCX_VARIABLES


def test_the_admin_form_answers_a_refused_template_as_a_form_error():
    upload = SimpleUploadedFile("t.docx", _docx("{{ range(3) }}"))
    form = ReportTemplateForm(data={"name": "uji", "active": True}, files={"file": upload})
    assert not form.is_valid()
    assert "Templat ditolak" in str(form.errors["file"])


def test_the_admin_upload_page_refuses_and_audits_who_tried(client, tmp_path, settings):
    from tilik.core.models import Role
    from tilik.core.services import user_create_with_role

    settings.MEDIA_ROOT = tmp_path
    admin = user_create_with_role(username="admin-templat", role=Role.ADMIN, by=None, password="Rahasia-Tilik-2026")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    upload = SimpleUploadedFile("t.docx", _docx(_payload(tmp_path / "owned")))
    page = client.post(reverse("admin:reports_reporttemplate_add"), {"name": "jahat", "active": "on", "file": upload})
    assert page.status_code == 200 and "Templat ditolak" in page.content.decode()
    assert not ReportTemplate.objects.exists()
    assert AuditEvent.objects.get(action="report.template_refused").actor == admin
