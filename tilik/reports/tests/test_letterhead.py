"""Kop surat and lembar pengesahan: set in the UI (validated, audited), printed in every report format."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from tilik.core.models import AuditEvent, Role
from tilik.reports import render
from tilik.reports.models import Letterhead
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report
from tilik.reports.services_letterhead import letterhead_save
from tilik.reports.tests.support import build_programme, make_user

pytestmark = pytest.mark.django_db

NIP = "197001011995031001"
VALUES = {
    "pemda": "Pemerintah Kota Uji",
    "instansi": "Badan Kepegawaian Uji",
    "address": "Jalan Contoh No. 1, Kota Uji",
    "phone": "(0361) 000000",
    "email": "bkpsdm@uji.go.id",
    "website": "bkpsdm.uji.go.id",
    "number": "800/123/BKPSDM",
    "place": "Kota Uji",
    "signed_on": None,
    "signer_name": "Dr. Made Contoh, S.Sos., M.Si.",
    "signer_nip": NIP,
    "signer_position": "Sekretaris Daerah",
    "signer_rank": "Pembina Utama Madya (IV/d)",
}


def png(color: str = "red", size: tuple[int, int] = (40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def test_nip_is_checked_with_the_org_validator():
    with pytest.raises(ValidationError) as err:
        letterhead_save(by=None, values={**VALUES, "signer_nip": "197001011995131001"})  # month 13
    assert "signer_nip" in err.value.message_dict
    row = letterhead_save(by=None, values={**VALUES, "signer_nip": "19700101 199503 1 001"})
    assert row.signer_nip == NIP


def test_logo_must_be_an_image_by_content():
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationError):
        letterhead_save(by=None, values=VALUES, logo=fake)
    truncated = SimpleUploadedFile("logo.png", png()[:60], content_type="image/png")  # PNG magic, broken body
    with pytest.raises(ValidationError):
        letterhead_save(by=None, values=VALUES, logo=truncated)
    assert not Letterhead.objects.exists()
    row = letterhead_save(by=None, values=VALUES, logo=SimpleUploadedFile("logo.png", png()))
    assert row.logo.name.endswith(".png")


def test_only_evaluators_open_the_settings_page(client):
    client.force_login(make_user(Role.REGIONAL_HEAD))
    assert client.get(reverse("reports:letterhead")).status_code == 403
    client.force_login(make_user(Role.EVALUATOR))
    assert client.get(reverse("reports:letterhead")).status_code == 200


def test_evaluator_sets_kop_in_the_ui_and_every_format_prints_it(client):
    data = build_programme()
    user = make_user(Role.EVALUATOR)
    client.force_login(user)
    post = {k: v for k, v in VALUES.items() if v is not None}
    post["signed_on"] = "2026-12-07"
    post["signer_nip"] = "19700101 199503 1 001"
    post["logo_upload"] = SimpleUploadedFile("logo.png", png("navy"), content_type="image/png")
    response = client.post(reverse("reports:letterhead"), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    # By this user: modules that build the demo may leave their own letterhead events in the shared log.
    event = AuditEvent.objects.get(action="report.letterhead_save", actor=user)
    assert "signer_nip" in event.detail.get("fields", [])

    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    html = render.to_html(report)
    for text in ("BADAN KEPEGAWAIAN UJI", "Jalan Contoh No. 1", "LEMBAR PENGESAHAN", "800/123/BKPSDM",
                 "Kota Uji, 7 Desember 2026", "Dr. Made Contoh, S.Sos., M.Si.", "NIP 19700101 199503 1 001",
                 "Pembina Utama Madya (IV/d)", "Sekretaris Daerah", "data:image/png;base64,"):
        assert text in html, text
    assert "belum diatur" not in html

    docx = render.to_docx(report)
    doc = Document(io.BytesIO(docx))
    texts = [p.text for p in doc.paragraphs] + [
        p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    for text in ("BADAN KEPEGAWAIAN UJI", "LEMBAR PENGESAHAN", "Kota Uji, 7 Desember 2026",
                 "Dr. Made Contoh, S.Sos., M.Si.", "NIP 19700101 199503 1 001", "Ringkasan Eksekutif"):
        assert text in texts, text
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert media  # the logo (and the charts) travel inside the file


def test_without_settings_the_pages_say_so_and_leave_blanks():
    data = build_programme()
    report = build_report(scope_for(None, year=2026, program=data["program"], suppress=False))
    html = render.to_html(report)
    assert "LEMBAR PENGESAHAN" in html and "Kop surat dan pengesahan belum diatur" in html
