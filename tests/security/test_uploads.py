"""The shared upload validator: size, type by content, zip bombs; and private file serving."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from tilik.core.security.files import safe_filename, serve_private_file
from tilik.core.security.uploads import UploadValidator, validate_upload

PDF = b"%PDF-1.4\n%%EOF\n"


def _xlsx(extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        if extra:
            archive.writestr("xl/bom.bin", extra)
    return buffer.getvalue()


def up(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_accepts_matching_content():
    assert validate_upload(up("s.pdf", PDF), kinds=("pdf",), max_bytes=1000) == "pdf"
    assert validate_upload(up("d.xlsx", _xlsx()), kinds=("xlsx", "csv"), max_bytes=10_000) == "xlsx"
    assert validate_upload(up("d.csv", "nip;nama\n1;Ketut Ñ\n".encode()), kinds=("csv",), max_bytes=100) == "csv"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("s.pdf", b"", "empty"),
        ("s.pdf", PDF * 100, "too_big"),
        ("s.exe", PDF, "type"),
        ("s.pdf", b"<html><script>alert(1)</script>", "content_mismatch"),
        ("s.xlsx", PDF, "content_mismatch"),
        ("s.xlsx", b"PK\x03\x04 broken", "bad_zip"),
        ("s.csv", b"\x00\x01\x02binary", "content_mismatch"),
    ],
)
def test_refusals(name, content, code):
    with pytest.raises(ValidationError) as caught:
        validate_upload(up(name, content), kinds=("pdf", "xlsx", "csv"), max_bytes=1000)
    assert caught.value.code == code


def test_zip_bomb_is_refused_without_extracting():
    bomb = _xlsx(b"\x00" * (20 * 1024 * 1024))  # 20 MB of zeros compress to ~20 kB
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as caught:
        validate_upload(up("bom.xlsx", bomb), kinds=("xlsx",), max_bytes=1_000_000)
    assert caught.value.code == "zip_bomb"


def test_field_validator_reads_the_limit_from_settings(settings):
    settings.TILIK_CERTIFICATE_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        UploadValidator(("pdf",), "TILIK_CERTIFICATE_MAX_BYTES")(up("s.pdf", PDF))


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=2048), name=st.sampled_from(["a.pdf", "a.xlsx", "a.csv", "a.png", "a"]))
def test_arbitrary_bytes_are_accepted_or_refused_cleanly(content, name):
    try:
        validate_upload(up(name, content), kinds=("pdf", "xlsx", "csv", "png"), max_bytes=1024)
    except ValidationError:
        pass


def test_safe_filename():
    assert safe_filename('../../etc/passwd"<script>.pdf') == "passwd_script_.pdf"
    assert safe_filename("") == "berkas"


def test_private_file_is_an_attachment_that_cannot_render(tmp_path, settings):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("sertifikat.pdf", ContentFile(PDF))
    field_file = storage.open(name)
    with pytest.raises(Http404):
        serve_private_file(field_file, allowed=False, filename="x.pdf")
    response = serve_private_file(storage.open(name), allowed=True, filename='<b>ser"tifikat.pdf')
    assert response["Content-Disposition"].startswith("attachment;")
    assert "<" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
