"""Exporting an evaluation result: estimate table and series, neutralised formulas, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.models import AuditEvent, Profile, Role
from tilik.core.tests.factories import UserFactory
from tilik.evaluations.models import EvaluationPlan, EvaluationRun
from tilik.performance.models import Indicator

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://example.org","klik")'


@pytest.fixture
def run() -> EvaluationRun:
    plan = EvaluationPlan.objects.create(
        name=HOSTILE,
        design="did",
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
    )
    return EvaluationRun.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="waktu-registrasi"),
        design="did",
        analysis_version="9.9",
        input_sha256="a" * 64,
        method="DiD 2x2",
        estimate=-4.8,
        se=0.45,
        ci_low=-5.7,
        ci_high=-3.9,
        p_value=0.0001,
        n=264,
        warnings=["Hanya 5 unit terlatih."],
        naive={"estimate": -7.9, "ci_low": -8.6, "ci_high": -7.2, "method": "pre/post", "n": 5},
        series={"periods": ["2024-01-01", "2024-02-01"], "treated": [20.5, 20.1], "comparison": [21.0, None]},
        result={"event_study": {"coefficients": {"0": {"estimate": -4.0, "ci_low": -5.0, "ci_high": -3.0}}}},
    )


@pytest.fixture
def evaluator(client):
    user = UserFactory(username="evaluator_ekspor")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    return user


def test_xlsx_has_both_tables_neutralised_and_is_audited(client, evaluator, run):
    response = client.get(reverse("evaluations:run_export", args=[run.pk, "xlsx"]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["estimasi", "deret"]
    estimate = [list(r) for r in book["estimasi"].iter_rows(values_only=True)]
    assert estimate[1][0] == "'" + HOSTILE  # stays text in Excel
    assert estimate[1][6:11] == [-4.8, 0.45, -5.7, -3.9, 0.0001] and estimate[2][6] == -7.9
    series = [list(r) for r in book["deret"].iter_rows(values_only=True)]
    assert series[1][1:4] == ["2024-01-01", 20.5, 21.0] and series[2][3] is None
    assert series[3][1:3] == [0, -4.0]  # the event-study term
    event = AuditEvent.objects.get(action="data.export")
    assert event.detail["rows"] == 2 + 3 and event.detail["fmt"] == "xlsx"


def test_csv_parts_and_unknown_format(client, evaluator, run):
    body = client.get(reverse("evaluations:run_export", args=[run.pk, "csv"]) + "?bagian=deret")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert len(rows) == 4 and rows[1][2] == "20.5"
    estimate = client.get(reverse("evaluations:run_export", args=[run.pk, "csv"]))
    assert "'=HYPERLINK" in estimate.content.decode("utf-8-sig")
    assert client.get(reverse("evaluations:run_export", args=[run.pk, "ods"])).status_code == 404
    assert client.get(reverse("evaluations:run_export", args=[run.pk, "csv"]) + "?bagian=x").status_code == 404
    assert AuditEvent.objects.filter(action="data.export").count() == 2
