"""The evaluator's pages: indices per unit with the suppression reason, and the context entry (SPI, ZI)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.core.models import AuditEvent
from tilik.trust.models import SPIScore, ZIStatusRecord


def test_unit_page_shows_values_and_why_others_are_hidden(
    client: Any, evaluator: Any, answered: Any, puskesmas: Any
) -> None:
    client.force_login(evaluator)
    page = client.get(reverse("trust:unit", args=[puskesmas.pk])).content.decode()
    assert "2,80" in page  # IPAK, Indonesian decimals
    assert "7,00" in page  # responsiveness
    assert "disembunyikan (n &lt; 5)" in page  # trust: 4 respondents
    assert "belum dikonfirmasi" in page  # the scoring note (DOMAIN.md rule for unconfirmed facts)
    overview = client.get(reverse("trust:overview")).content.decode()
    assert puskesmas.name in overview and "2,80" in overview


def test_context_form_and_lines(client: Any, evaluator: Any, answered: Any, puskesmas: Any) -> None:
    client.force_login(evaluator)
    url = reverse("trust:context")
    client.post(url, {"action": "spi", "spi-year": "2025", "spi-score": "72,4", "spi-source": "KPK"})
    client.post(url, {"action": "zi", "zi-unit": puskesmas.pk, "zi-year": "2025", "zi-status": "wbk"})
    assert SPIScore.objects.get(year=2025).score == Decimal("72.40")
    assert ZIStatusRecord.objects.get(unit=puskesmas).status == "wbk"
    assert AuditEvent.objects.filter(action__in=["trust.spi_set", "trust.zi_set"]).count() == 2
    page = client.get(reverse("trust:unit", args=[puskesmas.pk])).content.decode()
    assert "Zona Integritas 2025: Wilayah Bebas dari Korupsi (WBK)" in page
    assert "SPI Pemerintah Kota 2025 (KPK): 72,40" in page


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("konteks.csv", text.encode(), content_type="text/csv")


def test_file_import_writes_all_rows(client: Any, evaluator: Any, puskesmas: Any) -> None:
    client.force_login(evaluator)
    body = (
        "jenis,tahun,kode_unit,nilai,status,sumber\n"
        "spi,2024,,70.5,,KPK\nzi,2024,pkm-dbar-1,,zi,\nzi,2025,pkm-dbar-1,,wbk,\n"
    )
    response = client.post(reverse("trust:context"), {"action": "berkas", "berkas-file": _upload(body)})
    assert response.status_code == 302
    assert SPIScore.objects.get(year=2024).score == Decimal("70.50")
    assert list(ZIStatusRecord.objects.values_list("year", "status")) == [(2024, "zi"), (2025, "wbk")]
    assert AuditEvent.objects.filter(action="trust.context_import").exists()


def test_a_bad_row_names_row_and_column_and_writes_nothing(client: Any, evaluator: Any, puskesmas: Any) -> None:
    client.force_login(evaluator)
    body = "jenis,tahun,kode_unit,nilai,status\nspi,2024,,70.5,\nzi,2024,pkm-tidak-ada,,wbk\nspi,2025,,120,\n"
    response = client.post(reverse("trust:context"), {"action": "berkas", "berkas-file": _upload(body)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Baris 3, kolom kode_unit" in page and "Baris 4, kolom nilai" in page
    assert not SPIScore.objects.exists() and not ZIStatusRecord.objects.exists()


def test_dashboard_tile_headline_uses_only_shown_values(answered: Any) -> None:
    from tilik.reports.scope import Scope
    from tilik.reports.sections.trust import trust_section

    section = trust_section(Scope(year=2026), estimates=False)
    assert section.measured
    # Trust at the one unit has 4 respondents (< k): no range is quoted, only that indices exist.
    assert section.headline == "1 unit dengan indeks"
    assert section.figure is None  # nor a figure on the card
