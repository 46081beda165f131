"""Issue 19 item 7b: the import wizard checks a file's type at upload, and `tilik purge` removes pending
uploads older than a day."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pending(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports-pending"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00" + bytes(64), "Jenis berkas tidak diterima"),
        ("kinerja.csv", PNG, "Isi berkas tidak sesuai"),
        ("kinerja.xlsx", b"nip,nilai\n1,2\n", "Isi berkas tidak sesuai"),
    ],
)
def test_upload_refuses_a_file_that_is_no_csv_or_xlsx(client, evaluator, settings, name, content, message):
    client.force_login(evaluator)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("performance:import_upload"), {"kind": "measurements", "file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert _pending(settings) == []


def test_purge_removes_pending_uploads_older_than_a_day(settings, capsys):
    folder = Path(settings.MEDIA_ROOT) / "imports-pending"
    folder.mkdir()
    old, new = folder / "a", folder / "b"
    old.write_bytes(b"nip\n1\n")
    new.write_bytes(b"nip\n2\n")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    call_command("purge")  # dry run: counts only
    assert "imports-pending" in capsys.readouterr().out and old.exists()
    call_command("purge", "--apply")
    assert not old.exists() and new.exists()
