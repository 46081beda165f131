from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from tilik.surveys.models import Draft, Response, TokenUse
from tilik.surveys.services.waves import wave_close
from tilik.surveys.tests.conftest import invite, open_wave, reaksi_post, skm_post

pytestmark = pytest.mark.django_db


def test_token_form_renders_accessible_indonesian_form(client, reaksi):
    (token,) = invite(open_wave(reaksi))
    html = client.get(f"/s/t/{token}/").content.decode()
    assert "Kirim jawaban" in html and "Simpan dan lanjutkan nanti" in html
    assert "<fieldset" in html and "<legend>" in html and "<script>" not in html


def test_errors_in_indonesian_keep_typed_values(client, reaksi):
    (token,) = invite(open_wave(reaksi))
    data = reaksi_post()
    del data["q_MAT3"]
    data["q_PNY1"] = "9"  # out of range
    data["q_BAIK"] = "Diskusi kelompok"
    response = client.post(f"/s/t/{token}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pertanyaan ini wajib diisi." in html and "Masukkan pilihan yang valid" in html
    assert "Diskusi kelompok" in html and 'value="3" id="id_q_MAT1_2" checked' in html
    assert not Response.objects.exists()


def test_submit_then_used_token_shows_clear_page(client, reaksi):
    (token,) = invite(open_wave(reaksi))
    assert client.post(f"/s/t/{token}/", reaksi_post()).status_code == 302
    again = client.post(f"/s/t/{token}/", reaksi_post())
    assert again.status_code == 410 and "sudah dipakai" in again.content.decode()
    assert Response.objects.count() == 1


def test_invalid_token_and_closed_wave(client, reaksi):
    wave = open_wave(reaksi)
    (token,) = invite(wave)
    bad = client.get("/s/t/bukan-token-yang-benar/")
    assert bad.status_code == 404 and "Tautan tidak dikenal" in bad.content.decode()
    wave_close(wave=wave, by=None)
    closed = client.post(f"/s/t/{token}/", reaksi_post())
    assert closed.status_code == 410 and "sudah ditutup" in closed.content.decode()
    assert not Response.objects.exists() and not TokenUse.objects.exists()


def test_partial_save_and_resume(client, reaksi):
    (token,) = invite(open_wave(reaksi))
    response = client.post(
        f"/s/t/{token}/", {"q_PNY1": "2", "q_SARAN": "Lebih banyak praktik", "action": "save"}
    )
    assert "Jawaban sementara tersimpan" in response.content.decode()
    assert Draft.objects.count() == 1 and not Response.objects.exists()
    html = client.get(f"/s/t/{token}/").content.decode()
    assert "Melanjutkan jawaban" in html and "Lebih banyak praktik" in html
    assert 'value="2" id="id_q_PNY1_1" checked' in html


def test_public_survey_consent_cookie_and_rate_limit(client, public_wave, settings):
    url = f"/s/p/{public_wave.public_slug}/"
    page = client.get(url).content.decode()
    assert "Puskesmas I Denpasar Barat" in page and "bersedia mengisi" in page
    no_consent = client.post(url, skm_post(consent=False))
    assert "Centang persetujuan" in no_consent.content.decode() and not Response.objects.exists()
    assert client.post(url, skm_post()).status_code == 302
    again = client.get(url)
    assert again.status_code == 409 and "sudah mengisi" in again.content.decode()
    assert Response.objects.get().unit == public_wave.unit
    settings.TILIK_PUBLIC_RATE_LIMIT = 3  # one already counted above
    for _i in range(2):
        client.cookies.clear()
        assert client.post(url, skm_post()).status_code == 302
    client.cookies.clear()
    limited = client.post(url, skm_post())
    assert limited.status_code == 429 and Response.objects.count() == 3


def test_poster_pdf_and_exports(client, evaluator, public_wave):
    # Anonymous (public) rows are downloadable once k = 5 responses are published (issue 16 item 7).
    client.post(f"/s/p/{public_wave.public_slug}/", {**skm_post(), "q_SARAN": '=HYPERLINK("http://x")'})
    for _i in range(4):
        client.cookies.clear()
        client.post(f"/s/p/{public_wave.public_slug}/", skm_post())
    client.force_login(evaluator)
    pdf = client.get(reverse("surveys:poster", args=[public_wave.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-1.4") and b"%%EOF" in pdf.content[-10:]
    csv_text = client.get(reverse("surveys:export", args=[public_wave.pk, "csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "U1_label" in csv_text and "kunci_peserta" not in csv_text
    book = load_workbook(
        io.BytesIO(client.get(reverse("surveys:export", args=[public_wave.pk, "xlsx"])).content)
    )
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in values
    from tilik.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="data.export", actor=evaluator).count() == 2


def test_results_page_shows_ikm_for_evaluator_and_suppresses_for_unit_head(client, evaluator, public_wave):
    from tilik.core.models import Profile, Role
    from tilik.core.tests.factories import UserFactory

    url = f"/s/p/{public_wave.public_slug}/"
    for _i in range(3):
        client.cookies.clear()
        client.post(url, skm_post(u3="4"))
    head: Any = UserFactory(username="kapus")
    Profile.objects.create(user=head, role=Role.UNIT_HEAD, unit=public_wave.unit)
    # Anonymous answers of 3 citizens: hidden from every role, the evaluator included (issue 16 item 7).
    for user in (evaluator, head):
        client.force_login(user)
        html = client.get(reverse("surveys:results", args=[public_wave.pk])).content.decode()
        assert "Belum ada hasil yang dapat ditampilkan" in html and "ikm-value" not in html
    for _i in range(2):
        client.cookies.clear()
        client.post(url, skm_post(u3="4"))
    for user in (evaluator, head):
        client.force_login(user)
        html = client.get(reverse("surveys:results", args=[public_wave.pk])).content.decode()
        assert "Indeks Kepuasan Masyarakat" in html and 'id="ikm-value"' in html


def test_evaluator_pages_need_role(client, reaksi):
    from tilik.core.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("surveys:instruments")).status_code == 403


def test_builder_and_wave_publishing(client, evaluator):
    client.force_login(evaluator)
    r = client.post(
        reverse("surveys:instruments"),
        {"form": "create", "new-code": "kepuasan-kecil", "new-title": "Kepuasan kecil", "new-kind": "reaksi"},
    )
    assert r.status_code == 302
    version_url = r.url
    client.post(version_url, {"form": "section", "s-title": "Umum"})
    from tilik.surveys.models import Instrument

    version = Instrument.objects.get(code="kepuasan-kecil").versions.get()
    section = version.sections.get()
    r = client.post(
        version_url,
        {
            "form": "question",
            "q-section": section.pk,
            "q-code": "K1",
            "q-qtype": "likert",
            "q-text": "Saya puas.",
            "q-required": "on",
            "q-scale_points": "4",
            "q-points": "0",
        },
    )
    assert r.status_code == 302 and version.questions.get().choices.count() == 4
    r = client.post(
        reverse("surveys:wave_create", args=[version.pk]),
        {
            "title": "Gelombang uji",
            "audience": "invited",
            "anonymity": "anonim",
            "opens_at": "2026-01-01T08:00",
            "closes_at": "2026-01-31T16:00",
            "phase": "",
        },
    )
    assert r.status_code == 302
    wave_url = r.url
    wave_pk = int(wave_url.rstrip("/").split("/")[-1])
    client.post(reverse("surveys:wave_action", args=[wave_pk, "publish"]))
    assert "Diterbitkan" in client.get(wave_url).content.decode()


def test_invitation_email_reminder_and_whatsapp(client, evaluator, reaksi):
    from tilik.jobs.tests.support import run_worker

    wave = open_wave(reaksi)
    tokens = invite(wave, 2)
    client.force_login(evaluator)
    client.post(reverse("surveys:wave_action", args=[wave.pk, "send"]))
    run_worker()  # mailed by the background worker (issue 18)
    assert len(mail.outbox) == 2 and "/s/t/" in mail.outbox[0].body
    client.post(f"/s/t/{tokens[0]}/", reaksi_post())
    client.post(reverse("surveys:wave_action", args=[wave.pk, "remind"]))
    run_worker()
    assert len(mail.outbox) == 3 and mail.outbox[2].subject.startswith("Pengingat")
    assert tokens[1] in mail.outbox[2].body  # the same personal link is sent again
    book = load_workbook(io.BytesIO(client.get(reverse("surveys:whatsapp", args=[wave.pk])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][5].startswith("https://wa.me/6281234567890?text=")
    html = client.get(reverse("surveys:wave", args=[wave.pk])).content.decode()
    assert "Tingkat respons per unit" in html


def test_ikm_overview_matches_results_and_hides_small_units_from_unit_heads(client, evaluator, public_wave):
    from tilik.core.models import Profile, Role
    from tilik.core.tests.factories import UserFactory
    from tilik.surveys.selectors.results import ikm_table, wave_results

    url = f"/s/p/{public_wave.public_slug}/"
    for u3 in ("4", "2", "3"):
        client.cookies.clear()
        client.post(url, skm_post(u3=u3))
    (row,) = ikm_table()
    assert row["n"] == 3 and row["ikm"].ikm == wave_results(public_wave, full_access=True).ikm.ikm
    assert row["ikm"].nrr["U3"] == 3.0
    head: Any = UserFactory(username="kapus2")
    Profile.objects.create(user=head, role=Role.UNIT_HEAD, unit=public_wave.unit)
    for user in (evaluator, head):  # 3 anonymous citizens: hidden for every role (issue 16 item 7)
        client.force_login(user)
        assert "Disembunyikan" in client.get(reverse("surveys:ikm")).content.decode()
    for u3 in ("3", "3"):
        client.cookies.clear()
        client.post(url, skm_post(u3=u3))
    for user in (evaluator, head):
        client.force_login(user)
        html = client.get(reverse("surveys:ikm")).content.decode()
        assert "Disembunyikan" not in html and "75,00" in html  # U3 mean 3 -> 75
