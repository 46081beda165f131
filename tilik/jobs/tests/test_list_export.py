"""Large list exports as background jobs (issue 18): above TILIK_EXPORT_BACKGROUND_ROWS the request queues,
the worker runs the same list view as the owner and publishes the workbook; below, the download is immediate."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core import listing
from tilik.core.models import AuditEvent, Profile
from tilik.core.tests.factories import ProgramFactory, make_unit
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.jobs.tests.support import content_of, job_from_redirect, run_worker
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    root = make_unit("Pemerintah Kota", unit_type="pemda", code="kota")
    dinkes = make_unit("Dinas Kesehatan", parent=root, code="dinkes")
    dishub = make_unit("Dinas Perhubungan", parent=root, code="dishub")
    staff = [make_asn(unit=dinkes, name=f"Kesehatan {i}") for i in range(6)]
    others = [make_asn(unit=dishub, name=f"Perhubungan {i}") for i in range(4)]
    for year in (2025, 2026, 2027):
        ProgramFactory(name=f"Pelayanan Prima {year}", slug=f"prima-{year}", fiscal_year=year)
    return {
        "dinkes": dinkes,
        "staff": staff,
        "others": others,
        "evaluator": make_user("evaluator", username="eva"),
        "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes"),
    }


def _rows(content: bytes) -> list[list[object]]:
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def _exports(since: int = 0):
    return AuditEvent.objects.filter(action="data.export", pk__gt=since)


def _via_job(client, url, query, since: int = 0):
    job = job_from_redirect(client.get(url, query))
    assert job.kind == "core.list_export" and job.status == Job.Status.QUEUED
    assert not _exports(since).exists()  # nothing exported in the request
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return job, content_of(response)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("org:employees", {"o": "-name"}),
        ("org:employees", {"q": "kesehatan"}),
        ("org:units", {}),
        ("programs:jp_list", {"tahun": "2026"}),
        ("programs:programs", {}),
    ],
)
def test_above_the_threshold_the_job_writes_what_the_immediate_download_would(client, settings, world, name, query):
    client.force_login(world["evaluator"])
    url, query = reverse(name), {**query, "unduh": "xlsx"}
    settings.TILIK_EXPORT_BACKGROUND_ROWS = 10_000
    immediate = client.get(url, query)
    assert immediate.status_code == 200 and immediate["Content-Type"] == listing.XLSX
    expected = _rows(immediate.content)
    assert len(expected) > 2
    since = _exports().latest("pk").pk

    settings.TILIK_EXPORT_BACKGROUND_ROWS = 1
    job, content = _via_job(client, url, query, since)
    assert _rows(content) == expected
    event = _exports(since).get()
    assert (event.actor_id, event.detail["rows"], event.detail["job"]) == (
        world["evaluator"].pk,
        len(expected) - 1,
        job.pk,
    )
    assert "unduh=xlsx" in event.detail["query"]
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f"{len(expected) - 1} baris diekspor." in page and 'id="job-download"' in page


def test_at_the_threshold_the_download_stays_immediate(client, settings, world):
    settings.TILIK_EXPORT_BACKGROUND_ROWS = 4
    client.force_login(world["evaluator"])
    response = client.get(reverse("org:employees"), {"q": "perhubungan", "unduh": "xlsx"})
    assert response.status_code == 200 and len(_rows(response.content)) == 1 + 4
    assert not Job.objects.exists()
    assert client.get(reverse("org:employees"), {"unduh": "xlsx"}).status_code == 302  # 10 rows > 4


def test_the_job_keeps_the_owners_scope_and_fails_when_access_is_gone(client, settings, world):
    settings.TILIK_EXPORT_BACKGROUND_ROWS = 1
    client.force_login(world["head"])
    _job, content = _via_job(client, reverse("org:employees"), {"unduh": "xlsx"})
    assert sorted(r[0] for r in _rows(content)[1:]) == sorted(e.name for e in world["staff"])  # own unit only

    job = job_from_redirect(client.get(reverse("org:employees"), {"unduh": "xlsx", "o": "name"}))
    Profile.objects.filter(user=world["head"]).update(role="peserta")  # no longer a manager
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error.startswith("Daftar ini tidak dapat diekspor lagi")
    assert not job.result


def test_progress_is_reported_as_rows_are_written(client, settings, world, monkeypatch):
    settings.TILIK_EXPORT_BACKGROUND_ROWS = 1
    monkeypatch.setattr(listing, "PROGRESS_EVERY", 2)
    client.force_login(world["evaluator"])
    job = job_from_redirect(client.get(reverse("org:employees"), {"unduh": "xlsx"}))
    seen: list[int] = []
    real = JobProgress.step

    def record(self, percent, text):
        seen.append(percent)
        real(self, percent, text)

    with mock.patch.object(JobProgress, "step", record):
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert seen == [1, 19, 38, 57, 76, 95]  # 10 rows, a report every 2: 95 % of the way at 2, 4, ... 10


@override_settings(TASKS=IMMEDIATE, TILIK_EXPORT_BACKGROUND_ROWS=1)
def test_the_immediate_backend_publishes_before_the_redirect(client, world):
    client.force_login(world["evaluator"])
    job = job_from_redirect(client.get(reverse("org:units"), {"unduh": "xlsx"}))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_rows_fetched_by_key_in_chunks_keep_the_list_order_and_skip_rows_gone_since(world):
    from tilik.org.models import Employee

    rows = Employee.objects.order_by("-name")
    pks = list(rows.values_list("pk", flat=True))
    Employee.objects.filter(pk=pks[4]).delete()  # deleted between listing the keys and reading its chunk
    expected = [e.pk for e in rows]
    assert [e.pk for e in listing.in_chunks(rows, pks, size=3)] == expected and len(expected) == 9
