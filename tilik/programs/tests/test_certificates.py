import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.core.tests.factories import make_employee
from tilik.programs.models import Certificate, JPEntry
from tilik.programs.selectors_jp import own_jp
from tilik.programs.services_certificates import certificate_reject, certificate_upload, certificate_verify
from tilik.programs.tests.support import PNG_BYTES, pdf

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(employee, **kw):
    fields = {
        "file": pdf(),
        "title": "E-learning Literasi Digital",
        "provider": "LAN RI",
        "jp": Decimal(12),
        "completed_on": dt.date(2026, 6, 1),
        "today": TODAY,
    }
    fields.update(kw)
    return certificate_upload(employee=employee, by=None, **fields)


def test_upload_then_verify_credits_jp_in_completion_year(tmp_path):
    employee = make_employee()
    cert = upload(employee)
    assert cert.status == "pending" and cert.content_type == "application/pdf"
    assert cert.file.name.startswith("sertifikat/") and "sertifikat.pdf" not in cert.file.name
    assert not JPEntry.objects.exists()
    cert = certificate_verify(certificate=cert, by=None)
    entry = JPEntry.objects.get()
    assert cert.status == "verified" and cert.jp_entry == entry
    assert (entry.year, entry.jp, entry.source) == (2026, Decimal(12), "certificate")
    mine = own_jp(employee, year=2026, target=20)
    assert mine.total == Decimal(12) and mine.gap == Decimal(8) and mine.certificates == [cert]
    with pytest.raises(ValidationError, match="sudah diverifikasi"):
        certificate_verify(certificate=cert, by=None)


def test_png_accepted_and_reject_needs_a_note():
    cert = upload(make_employee(), file=SimpleUploadedFile("foto.PNG", PNG_BYTES, content_type="image/png"))
    assert cert.content_type == "image/png"
    with pytest.raises(ValidationError, match="Alasan penolakan wajib"):
        certificate_reject(certificate=cert, by=None, note=" ")
    cert = certificate_reject(certificate=cert, by=None, note="Sertifikat tidak terbaca")
    assert cert.status == "rejected" and not JPEntry.objects.exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"jp": Decimal(0)}, "JP harus lebih dari 0"),
        ({"jp": Decimal(-3)}, "JP harus lebih dari 0"),
        ({"jp": Decimal(500)}, "paling banyak 200"),
        ({"completed_on": dt.date(2027, 1, 5)}, "masa depan"),
        ({"completed_on": dt.date(1999, 12, 31)}, "terlalu lampau"),
        ({"completed_on": dt.date(2001, 1, 1)}, "belum berusia 17"),
        (
            {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf")},
            "harus PDF atau gambar",
        ),
        ({"file": pdf(content=b"<html>bukan pdf</html>")}, "bukan PDF atau gambar"),
        ({"file": pdf(content=b"")}, "Berkas kosong"),
    ],
)
def test_bad_input_refused_and_nothing_stored(kw, message, settings):
    employee = make_employee(born="19860926")
    with pytest.raises(ValidationError, match=message):
        upload(employee, **kw)
    assert not Certificate.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_too_large_file_refused(settings):
    settings.TILIK_CERTIFICATE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="terlalu besar"):
        upload(make_employee(), file=pdf(content=b"%PDF-" + b"x" * 200))
    assert not Certificate.objects.exists()
