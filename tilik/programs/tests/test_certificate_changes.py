"""An ASN edits or deletes their own certificate while it is unverified; afterwards only an evaluator can."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.core.models import AuditEvent
from tilik.programs.models import Certificate, JPEntry
from tilik.programs.services_certificates import (
    certificate_delete,
    certificate_reject,
    certificate_update,
    certificate_upload,
    certificate_verify,
)
from tilik.programs.tests.support import PNG_BYTES, make_asn, make_user, pdf

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people():
    mine, other = make_asn(name="Saya"), make_asn(name="Orang Lain")
    return {
        "me": make_user("peserta", employee=mine),
        "other": make_user("peserta", employee=other),
        "evaluator": make_user("evaluator"),
        "mine": mine,
        "theirs": other,
    }


def _upload(employee, by):
    return certificate_upload(
        employee=employee,
        by=by,
        file=pdf(),
        title="Literasi Digital",
        provider="LAN",
        jp=Decimal(12),
        completed_on=dt.date(2026, 6, 1),
        today=TODAY,
    )


EDIT = {
    "title": "Literasi Data",
    "provider": "BPSDM Bali",
    "competency_type": "teknis",
    "jp": "16",
    "completed_on": "2026-07-01",
}


def _files(settings):
    return sorted(p.name for p in (settings.MEDIA_ROOT / "sertifikat").iterdir())


def test_owner_edits_pending_certificate_and_replaces_its_file(
    client, people, settings, django_capture_on_commit_callbacks
):
    cert = _upload(people["mine"], people["me"])
    old_name = cert.file.name
    client.force_login(people["me"])
    url = reverse("programs:certificate_edit", args=[cert.pk])
    assert client.get(url).status_code == 200
    png = SimpleUploadedFile("baru.png", PNG_BYTES, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**EDIT, "file": png})
    assert response.status_code == 302 and response.url == reverse("programs:my_jp")
    cert.refresh_from_db()
    assert (cert.title, cert.jp, cert.completed_on, cert.status) == (
        "Literasi Data",
        Decimal(16),
        dt.date(2026, 7, 1),
        "pending",
    )
    assert cert.content_type == "image/png" and cert.file.read() == PNG_BYTES
    assert _files(settings) == [cert.file.name.rsplit("/", 1)[1]]  # the old file is gone from disk
    assert old_name != cert.file.name
    event = AuditEvent.objects.get(action="certificate.update")
    assert event.actor == people["me"] and event.detail["changes"]["jp"] == ["12.00", "16"]
    assert event.detail["new_file"] is True


def test_owner_deletes_pending_certificate_with_its_file(client, people, settings, django_capture_on_commit_callbacks):
    cert = _upload(people["mine"], people["me"])
    client.force_login(people["me"])
    url = reverse("programs:certificate_delete", args=[cert.pk])
    assert "akan dihapus" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Certificate.objects.exists() and _files(settings) == []
    assert AuditEvent.objects.get(action="certificate.delete").actor == people["me"]


def test_someone_elses_certificate_is_404_and_unchanged(client, people):
    cert = _upload(people["theirs"], people["other"])
    client.force_login(people["me"])
    for name in ("programs:certificate_edit", "programs:certificate_delete"):
        url = reverse(name, args=[cert.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, EDIT).status_code == 404
    cert.refresh_from_db()
    assert cert.title == "Literasi Digital"
    with pytest.raises(PermissionDenied):
        certificate_delete(certificate=cert, by=people["me"])
    assert Certificate.objects.filter(pk=cert.pk).exists()
    assert not AuditEvent.objects.filter(action__in=["certificate.update", "certificate.delete"]).exists()


def test_verified_certificate_is_locked_for_its_owner(client, people):
    cert = certificate_verify(certificate=_upload(people["mine"], people["me"]), by=people["evaluator"])
    client.force_login(people["me"])
    for name in ("programs:certificate_edit", "programs:certificate_delete"):
        url = reverse(name, args=[cert.pk])
        response = client.get(url)
        assert (
            response.status_code == 403
            and "hanya dapat diubah atau dihapus oleh evaluator" in response.content.decode()
        )
        assert client.post(url, EDIT).status_code == 403
    assert f"programs/jp/sertifikat/{cert.pk}/ubah/" not in client.get(reverse("programs:my_jp")).content.decode()
    with pytest.raises(ValidationError, match="sudah diverifikasi"):
        certificate_update(
            certificate=cert,
            by=people["me"],
            title="x",
            provider="y",
            jp=1,
            completed_on=dt.date(2026, 6, 1),
            today=TODAY,
        )
    cert.refresh_from_db()
    assert cert.title == "Literasi Digital" and JPEntry.objects.get().jp == Decimal(12)


def test_evaluator_corrects_verified_certificate_and_its_jp(client, people):
    cert = certificate_verify(certificate=_upload(people["mine"], people["me"]), by=people["evaluator"])
    client.force_login(people["evaluator"])
    response = client.post(reverse("programs:certificate_edit", args=[cert.pk]), {**EDIT, "completed_on": "2025-12-20"})
    assert response.status_code == 302
    entry = JPEntry.objects.get()
    assert (entry.jp, entry.year, entry.completed_on) == (Decimal(16), 2025, dt.date(2025, 12, 20))
    assert Certificate.objects.get().status == "verified"
    assert client.post(reverse("programs:certificate_delete", args=[cert.pk])).status_code == 302
    assert not Certificate.objects.exists() and not JPEntry.objects.exists()


def test_owner_edit_resubmits_a_rejected_certificate(people):
    cert = certificate_reject(
        certificate=_upload(people["mine"], people["me"]), by=people["evaluator"], note="Tidak terbaca"
    )
    cert = certificate_update(
        certificate=cert,
        by=people["me"],
        title="Literasi Digital",
        provider="LAN",
        jp=Decimal(12),
        completed_on=dt.date(2026, 6, 1),
        today=TODAY,
    )
    assert (cert.status, cert.review_note, cert.reviewed_by) == ("pending", "", None)
    assert AuditEvent.objects.get(action="certificate.update").detail["resubmitted"] is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"jp": "0"}, "JP harus lebih dari 0"),
        ({"jp": "250"}, "paling banyak 200"),
        ({"completed_on": "2030-01-01"}, "masa depan"),
        ({"completed_on": "1999-01-01"}, "terlalu lampau"),
        (
            {"file": SimpleUploadedFile("surat.docx", b"PK\x03\x04", content_type="application/pdf")},
            "harus PDF atau gambar",
        ),
        ({"file": SimpleUploadedFile("palsu.pdf", b"<html>", content_type="application/pdf")}, "bukan PDF"),
    ],
)
def test_bad_edit_refused_in_indonesian_and_nothing_changes(client, people, settings, change, message):
    cert = _upload(people["mine"], people["me"])
    before = _files(settings)
    client.force_login(people["me"])
    response = client.post(reverse("programs:certificate_edit", args=[cert.pk]), {**EDIT, **change})
    assert response.status_code == 200 and message in response.content.decode()
    cert.refresh_from_db()
    assert (cert.title, cert.jp) == ("Literasi Digital", Decimal(12)) and _files(settings) == before
    assert not AuditEvent.objects.filter(action="certificate.update").exists()
