"""Correcting a JP ledger entry: evaluators only, a reason required, audited, the old values kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import make_unit
from tilik.programs.models import JPEntry
from tilik.programs.models_jp import JPCorrection
from tilik.programs.services_jp_ledger import jp_external_record
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinkes():
    return make_unit("Dinas Kesehatan", code="dinkes")


@pytest.fixture
def entry(dinkes):
    ani = make_asn(unit=dinkes, name="Ani")
    return jp_external_record(employee=ani, title="Webinar SPBE", provider="Kominfo", jp=8,
                              completed_on=dt.date(2025, 11, 3), by=None)


def _url(entry):
    return reverse("programs:jp_entry_edit", args=[entry.pk])


def test_only_evaluators_correct(client, entry, dinkes):
    for user in (make_user("pimpinan_unit", unit=dinkes, username="kadinkes"),
                 make_user("pimpinan_daerah", username="walikota")):
        client.force_login(user)
        assert client.get(_url(entry)).status_code == 403
        assert client.post(_url(entry), {"jp": "2", "reason": "x"}).status_code == 403
    assert JPEntry.objects.get(pk=entry.pk).jp == Decimal("8")


def test_correction_needs_a_reason_and_a_change_and_keeps_history(client, entry):
    client.force_login(make_user("evaluator", username="eva"))
    data = {"jp": "8", "completed_on": "2025-11-03", "description": entry.description, "reason": ""}
    page = client.post(_url(entry), data)
    assert page.context["form"].errors["reason"] == ["Bidang ini tidak boleh kosong."]
    page = client.post(_url(entry), {**data, "reason": "cek ulang"})
    assert page.context["form"].non_field_errors() == ["Tidak ada yang berubah: ubah JP, tanggal atau uraian, "
                                                      "atau batalkan."]
    page = client.post(_url(entry), {**data, "jp": "0", "reason": "salah ketik"})
    assert "JP harus lebih dari 0" in page.context["form"].errors["jp"][0]
    assert not JPCorrection.objects.exists() and not AuditEvent.objects.filter(action="jp.correct").exists()

    ok = client.post(_url(entry), {**data, "jp": "6", "completed_on": "2026-01-10", "reason": "Sertifikat 6 JP"})
    assert ok.status_code == 302
    fixed = JPEntry.objects.get(pk=entry.pk)
    assert (fixed.jp, fixed.year, fixed.completed_on) == (Decimal("6"), 2026, dt.date(2026, 1, 10))
    correction = JPCorrection.objects.get(entry=entry)
    assert correction.before == {"jp": "8.00", "completed_on": "2025-11-03", "description": entry.description,
                                 "year": 2025}
    assert correction.after["jp"] == "6" and correction.after["year"] == 2026
    assert correction.reason == "Sertifikat 6 JP" and correction.by.username == "eva"
    event = AuditEvent.objects.get(action="jp.correct")
    assert event.detail["reason"] == "Sertifikat 6 JP" and event.detail["before"]["jp"] == "8.00"
    history = client.get(_url(entry))
    assert list(history.context["corrections"]) == [correction]
    assert "Sertifikat 6 JP" in history.content.decode()
    assert client.get(reverse("programs:jp_ledger")).content.decode().count(_url(entry)) == 1
