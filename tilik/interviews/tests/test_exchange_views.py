"""The exchange pages: .qdpx export (evaluators only, audited with rows) and the checked project import."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.core.models import AuditEvent, Role
from tilik.interviews.models import Codebook, Segment
from tilik.interviews.tests.conftest import make_user
from tilik.interviews.tests.test_exchange_qdpx import ODD_TEXT, _foreign_qde, _foreign_qdpx, _span

pytestmark = pytest.mark.django_db


def test_qdpx_export_page_is_audited_with_rows(client, evaluator, interview, codebook):
    from tilik.interviews import services_coding
    from tilik.interviews.tests.conftest import code_named

    services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=11,
        codes=[code_named(codebook, "Saran")],
    )
    client.force_login(evaluator)
    response = client.get(reverse("interviews:codebook_export", args=[codebook.pk, "qdpx"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "project.qde" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    event = AuditEvent.objects.get(action="data.export")
    assert event.detail["fmt"] == "qdpx" and event.detail["rows"] == 1


@pytest.mark.parametrize("role", [Role.CODER, Role.UNIT_HEAD])
def test_only_evaluators_exchange_projects(client, codebook, role):
    client.force_login(make_user(role))
    assert client.get(reverse("interviews:codebook_export", args=[codebook.pk, "qdpx"])).status_code == 403
    assert client.get(reverse("interviews:project_import")).status_code == 403


def test_import_page_lists_losses_before_writing(client, evaluator, puskesmas):
    start, end = _span(ODD_TEXT, "anggaran kurang.")
    data = _foreign_qdpx(ODD_TEXT, _foreign_qde(start, end))
    client.force_login(evaluator)
    form = {"name": "Dari QualCoder", "unit": puskesmas.pk, "consent": "on"}
    response = client.post(reverse("interviews:project_import"), {**form, "upload": SimpleUploadedFile("p.qdpx", data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Yang tidak dapat diimpor" in page and "laporan.pdf" in page and "orang_luar" in page
    assert "Yang akan diimpor: 2 kode, 1 sumber teks, 1 segmen berkode" in page
    assert not Codebook.objects.filter(name="Dari QualCoder").exists()

    response = client.post(
        reverse("interviews:project_import"),
        {**form, "accept_losses": "on", "upload": SimpleUploadedFile("p.qdpx", data)},
    )
    codebook = Codebook.objects.get(name="Dari QualCoder")
    assert response.status_code == 302
    assert Segment.objects.get(codebook=codebook).quote == "anggaran kurang."
    assert AuditEvent.objects.filter(action="project.import").count() == 1
