"""The bad input the issue lists, through every way in: clear Indonesian errors and nothing stored.

The budget import rows and certificate service checks are pinned in test_budget.py and
test_certificates.py; this module covers the single-line service, the web forms and the upload page.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import ProgramFactory
from tilik.programs import services
from tilik.programs.models import BenefitAssumption, BudgetLine, Certificate
from tilik.programs.tests.support import make_asn, make_user, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    ("pagu", "realisasi", "field"),
    [(Decimal(-1), Decimal(0), "pagu"), (Decimal(100), Decimal(-5), "realisasi"), (None, Decimal(10), "pagu")],
)
def test_budget_line_negative_or_without_pagu_refused_before_any_write(pagu, realisasi, field):
    program = ProgramFactory()
    with pytest.raises(ValidationError) as info:
        services.budget_line_save(
            program=program, fiscal_year=2026, category="atk", pagu=pagu, realisasi=realisasi, by=None
        )
    assert field in info.value.message_dict
    assert not BudgetLine.objects.exists() and not AuditEvent.objects.filter(action="budget.save").exists()


def test_existing_budget_line_keeps_its_values_when_an_update_is_negative():
    program = ProgramFactory()
    services.budget_line_save(
        program=program, fiscal_year=2026, category="atk", pagu=Decimal(100), realisasi=Decimal(50), by=None
    )
    with pytest.raises(ValidationError):
        services.budget_line_save(
            program=program, fiscal_year=2026, category="atk", pagu=Decimal(100), realisasi=Decimal(-50), by=None
        )
    assert BudgetLine.objects.get().realisasi == Decimal(50)


def test_roi_form_refuses_negative_numbers_in_indonesian(client):
    program = ProgramFactory()
    client.force_login(make_user("evaluator"))
    response = client.post(
        reverse("programs:budget_detail", args=[program.pk]),
        {
            "description": "x",
            "hours_saved_per_participant": "-3",
            "golongan_basis": "III/a",
            "monthly_allowance": "-1",
            "hourly_cost": "",
            "isolation": "0,5",
            "confidence": "0,5",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.count("Pastikan nilai ini lebih besar dari atau sama dengan 0") == 2
    assert not BenefitAssumption.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"file": SimpleUploadedFile("catatan.txt", b"halo", content_type="application/pdf")},
            "Berkas harus PDF atau gambar (JPG/PNG).",
        ),
        (
            {"file": SimpleUploadedFile("foto.jpg", b"GIF89a....", content_type="image/jpeg")},
            "Isi berkas bukan PDF atau gambar JPG/PNG yang sah.",
        ),
        ({"completed_on": "2099-01-01"}, "Tanggal selesai tidak boleh di masa depan."),
        ({"completed_on": "1990-01-01"}, "Tanggal selesai terlalu lampau (sebelum tahun 2000)."),
        ({"jp": "-2"}, "JP harus lebih dari 0 dan paling banyak 200."),
        ({"jp": "0"}, "JP harus lebih dari 0 dan paling banyak 200."),
    ],
)
def test_upload_page_refuses_bad_certificates(client, change, message, settings):
    client.force_login(make_user("peserta", employee=make_asn(age=40, on=dt.date(2026, 1, 1))))
    data = {"title": "Kursus", "provider": "LAN", "jp": "8", "completed_on": "2026-05-02", "file": pdf(), **change}
    response = client.post(reverse("programs:my_jp"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Certificate.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
