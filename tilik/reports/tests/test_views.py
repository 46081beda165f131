"""Permissions, the programme evaluation page, downloads, the recommendation editor and the dashboard."""

import pytest
from django.urls import reverse

from tilik.core.models import Role
from tilik.jobs.tests.support import content_of, download_via_job
from tilik.reports.tests.support import build_programme, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build_programme()


def test_peserta_cannot_get_reports(client, data):
    client.force_login(make_user(Role.PARTICIPANT))
    slug = data["program"].slug
    assert client.get(reverse("reports:program", args=[slug])).status_code == 403
    assert client.get(reverse("reports:program_download", args=[slug, "html"])).status_code == 403
    assert client.get(reverse("reports:year_download", args=[2026, "docx"])).status_code == 403


def test_programme_page_shows_levels_with_status(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    html = client.get(reverse("reports:program", args=[data["program"].slug])).content.decode()
    for level in ("Level 1", "Level 2", "Level 3", "Level 4", "Level 5"):
        assert level in html
    assert "Belum diukur" in html and "unduh-docx" in html


def test_docx_download_and_audit(client, data):
    from tilik.core.models import AuditEvent

    client.force_login(make_user(Role.REGIONAL_HEAD))
    # The request queues the report; the worker renders it; the job page's download is the export.
    response = download_via_job(client, reverse("reports:program_download", args=[data["program"].slug, "docx"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert response["Content-Disposition"] == 'attachment; filename="laporan-pelayanan-prima-uji-id.docx"'
    event = AuditEvent.objects.get(action="data.export")
    assert event.detail["what"] == "reports.program:pelayanan-prima-uji" and event.detail["fmt"] == "docx"
    assert event.detail["rows"] > 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_download_is_an_attachment_and_audited_as_export(client, data, lang):
    from tilik.core.models import AuditEvent

    user = make_user(Role.EVALUATOR)
    client.force_login(user)
    response = download_via_job(client, reverse("reports:year_download", args=[2026, "html"]) + f"?lang={lang}")
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="laporan-evaluasi-2026-{lang}.html"'
    assert f'<html lang="{lang}">' in content_of(response).decode()
    event = AuditEvent.objects.get(action="data.export")
    assert event.actor_id == user.pk
    assert (event.detail["what"], event.detail["fmt"], event.detail["lang"]) == ("reports.year:2026", "html", lang)


def test_unit_head_only_own_unit(client, data):
    head = make_user(Role.UNIT_HEAD, unit=data["opd_b"])
    client.force_login(head)
    html = content_of(
        download_via_job(client, reverse("reports:program_download", args=[data["program"].slug, "html"]))
    ).decode()
    assert "Dinas Beta" in html and "Dinas Alfa" not in html
    other = make_user(
        Role.UNIT_HEAD,
        unit=data["root"].__class__.objects.create(
            name="Dinas Gamma", code="gamma", unit_type="dinas", path="/999/", depth=1
        ),
    )
    client.force_login(other)
    assert client.get(reverse("reports:program", args=[data["program"].slug])).status_code == 404


def test_evaluator_edits_recommendation_before_export(client, data):
    client.force_login(make_user(Role.EVALUATOR))
    url = reverse("reports:program_recommendations", args=[data["program"].slug])
    page = client.get(url).content.decode()
    assert "A2" in page  # the budget action beside the programme's verdict
    client.post(
        url,
        {"rec-0": "Teks rekomendasi yang disunting evaluator.", "rec-1": "Kedua.", "conclusion": "Catatan penutup."},
    )
    html = content_of(
        download_via_job(client, reverse("reports:program_download", args=[data["program"].slug, "html"]))
    ).decode()
    assert "Teks rekomendasi yang disunting evaluator." in html and "Catatan penutup." in html


def test_dashboard_for_pimpinan_daerah_links_every_number(client, data):
    client.force_login(make_user(Role.REGIONAL_HEAD))
    html = client.get("/?tahun=2026").content.decode()
    assert "Beranda" in html and "Serapan anggaran" in html and "50,0 %" in html
    assert reverse("programs:budget") in html and "<svg" in html
    assert reverse("reports:program", args=[data["program"].slug]) in html


def test_dashboard_unit_head_sees_own_subtree_only(client, data):
    client.force_login(make_user(Role.UNIT_HEAD, unit=data["opd_b"]))
    html = client.get(f"/?tahun=2026&opd={data['opd_a'].pk}").content.decode()
    assert "Dinas Beta" in html and "Dinas Alfa" not in html


@pytest.mark.parametrize("kind", ["year", "program"])
def test_download_without_lang_follows_the_saved_language(client, data, kind):
    user = make_user(Role.EVALUATOR)
    user.profile.language = "en"
    user.profile.save(update_fields=["language"])
    client.force_login(user)
    url = (
        reverse("reports:year_download", args=[2026, "html"])
        if kind == "year"
        else reverse("reports:program_download", args=[data["program"].slug, "html"])
    )
    response = download_via_job(client, url)
    assert response["Content-Disposition"].endswith('-en.html"')
    assert '<html lang="en">' in content_of(response).decode()
    # An explicit ?lang still wins over the profile.
    assert download_via_job(client, url + "?lang=id")["Content-Disposition"].endswith('-id.html"')
