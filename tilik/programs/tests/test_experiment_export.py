"""Export of a reminder experiment's assignments (invitee x strategy) for the admin who sends them."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import OfferingFactory, make_unit
from tilik.programs import services
from tilik.programs.models import ReminderAssignment
from tilik.programs.services_participation import reminder_experiment_create
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x.invalid","klik")'


@pytest.fixture
def experiment():
    unit = make_unit("Dinas Sosial", code="dinsos")
    offering = OfferingFactory(capacity=50)
    for i in range(12):
        name = HOSTILE if i == 0 else f"Peserta {i:02d}"
        employee = make_asn(unit=unit, name=name, phone=f"081234567{i:03d}", email=f"p{i}@contoh.go.id")
        services.enrollment_create(offering=offering, employee=employee, by=None)
    return reminder_experiment_create(offering=offering, arms=["whatsapp"], seed=7, by=None)


def _get(client, experiment, fmt):
    return client.get(reverse("programs:experiment_export", args=[experiment.pk, fmt]))


def test_csv_lists_every_invitee_with_assigned_arm_and_is_audited(client, experiment):
    admin = make_user("admin", username="admin1")
    client.force_login(admin)
    response = _get(client, experiment, "csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="kelompok-pengingat-{experiment.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["nip", "nama", "unit", "nomor_whatsapp", "surel", "kode_kelompok", "kelompok", "status"]
    body = rows[1:]
    assert len(body) == 12
    stored = {
        a.enrollment.employee.nip: a.arm for a in ReminderAssignment.objects.select_related("enrollment__employee")
    }
    assert {r[0]: r[5] for r in body} == stored  # exactly the stored randomisation
    assert [r[5] for r in body] == sorted((r[5] for r in body), key=["kontrol", "whatsapp"].index)  # one block per arm
    assert {r[2] for r in body} == {"Dinas Sosial"} and all(r[3].startswith("081234567") for r in body)
    assert "'" + HOSTILE in [r[1] for r in body]  # a name that is a formula is neutralised
    event = AuditEvent.objects.get(action="data.export")
    assert event.actor == admin and event.detail["rows"] == 12 and event.detail["fmt"] == "csv"
    assert event.detail["what"] == f"programs.experiment_assignments:{experiment.pk}"


def test_xlsx_reads_back_with_the_same_rows(client, experiment):
    client.force_login(make_user("evaluator"))
    response = _get(client, experiment, "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "nip" and len(values) == 13
    assert all(isinstance(r[0], str) and len(r[0]) == 18 for r in values[1:])  # NIP kept as text
    assert "'" + HOSTILE in [r[1] for r in values[1:]]
    assert {r[5] for r in values[1:]} == {"kontrol", "whatsapp"}
    assert AuditEvent.objects.filter(action="data.export", detail__fmt="xlsx").count() == 1


@pytest.mark.parametrize(("role", "status"), [("peserta", 403), ("pimpinan_unit", 403), ("pimpinan_daerah", 403)])
def test_only_evaluators_may_download(client, experiment, role, status):
    client.force_login(make_user(role))
    assert _get(client, experiment, "csv").status_code == status
    assert not AuditEvent.objects.filter(action="data.export").exists()


def test_unknown_format_is_404(client, experiment):
    client.force_login(make_user("evaluator"))
    assert _get(client, experiment, "pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="data.export").exists()
