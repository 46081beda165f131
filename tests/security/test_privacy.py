"""UU PDP: Data saya (JSON/XLSX + processing log, audited), correction requests, consent, retention purge."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tilik.core.models import AuditEvent, ConsentRecord, CorrectionRequest
from tilik.core.privacy.consent import consent_current, consent_give, consent_withdraw

pytestmark = pytest.mark.django_db


def test_participant_downloads_everything_as_json(client, world):
    client.force_login(world.users["peserta"])
    response = client.get(reverse("my_data_download", args=["json"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    payload = json.loads(response.content)
    data = payload["data"]
    assert data["org.employee"][0]["nip"] == world.emp_a.nip
    assert "password" not in data["auth.user"][0]
    assert {"org.unitmembership", "programs.certificate", "programs.enrollment"} <= set(data)
    assert all(row["employee_id"] == world.emp_a.pk for row in data["programs.certificate"])
    assert any(e["tindakan"] == "certificate.upload" for e in payload["log_pemrosesan"])
    export = AuditEvent.objects.filter(action="data.export", actor=world.users["peserta"]).get()
    assert export.detail["fmt"] == "json" and export.detail["rows"] > 0


def test_participant_downloads_xlsx_with_no_formulas(client, world):
    from openpyxl import load_workbook

    world.emp_a.name = '=HYPERLINK("http://x")'
    world.emp_a.save()
    client.force_login(world.users["peserta"])
    response = client.get(reverse("my_data_download", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert "org_employee" in book.sheetnames and "log_pemrosesan" in book.sheetnames
    values = [cell.value for row in book["org_employee"].iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x")' in values


def test_data_page_and_correction_flow(client, world):
    client.force_login(world.users["peserta"])
    page = client.get(reverse("my_data"))
    assert page.status_code == 200 and "Log pemrosesan" in page.content.decode()
    sent = client.post(reverse("my_data"), {"field": "golongan", "requested_value": "III/b", "reason": "SK baru"})
    assert sent.status_code == 302
    request = CorrectionRequest.objects.get(field="golongan")
    client.force_login(world.users["evaluator"])
    assert "golongan" in client.get(reverse("correction_queue")).content.decode()
    refused = client.post(reverse("correction_resolve", args=[request.pk]), {"decision": "tolak", "note": ""})
    assert refused.status_code == 302
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.OPEN  # a refusal needs a reason
    client.post(reverse("correction_resolve", args=[request.pk]), {"decision": "terima", "note": "Sudah diubah"})
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.DONE and request.resolved_by == world.users["evaluator"]
    actions = set(AuditEvent.objects.filter(target_type="core.correctionrequest").values_list("action", flat=True))
    assert {"correction.request", "correction.resolve"} <= actions


def test_consent_records(world):
    text = "Saya bersedia mengisi survei ini secara sukarela."
    record = consent_give(purpose="survei:1", text=text, by=None, employee=world.emp_a)
    assert consent_current(purpose="survei:1", employee=world.emp_a) == record
    consent_withdraw(record=record, by=None)
    assert consent_current(purpose="survei:1", employee=world.emp_a) is None
    anonymous = consent_give(purpose="survei:2", text=text, by=None)
    assert AuditEvent.objects.filter(action="consent.give", target_id="").exists()
    assert anonymous.employee is None and len(anonymous.text_sha256) == 64


def test_purge_is_a_dry_run_unless_applied(world, capsys):
    text = "Persetujuan"
    record = consent_give(purpose="survei:9", text=text, by=None, employee=world.emp_a)
    ConsentRecord.objects.filter(pk=record.pk).update(withdrawn_at=timezone.now() - dt.timedelta(days=400))
    call_command("purge")
    out = capsys.readouterr().out
    assert "UJI COBA" in out and "Persetujuan yang sudah ditarik: 1 baris" in out
    record.refresh_from_db()
    assert record.employee_id == world.emp_a.pk
    call_command("purge", "--apply")
    record.refresh_from_db()
    assert record.employee_id is None
    assert AuditEvent.objects.filter(action="retention.dry_run").exists()
    assert AuditEvent.objects.get(action="retention.purge").detail["counts"]["withdrawn_consents"] == 1


def test_export_my_data_command(world, tmp_path):
    target = tmp_path / "data.json"
    call_command("export_my_data", world.emp_a.nip, "-o", str(target))
    assert json.loads(target.read_text())["data"]["org.employee"][0]["nip"] == world.emp_a.nip
    assert AuditEvent.objects.filter(action="data.export", actor_label__startswith="operator:").exists()
