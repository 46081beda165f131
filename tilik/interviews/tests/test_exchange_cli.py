"""`tilik qda`: export and import through the same services as the pages; --dry-run writes nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from tilik.core.models import AuditEvent
from tilik.interviews import services_coding
from tilik.interviews.models import Codebook, Segment
from tilik.interviews.tests.conftest import code_named

pytestmark = pytest.mark.django_db


def test_export_then_import_qdpx(tmp_path, capsys, evaluator, interview, codebook):
    services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=11,
        codes=[code_named(codebook, "Saran")],
    )
    out = tmp_path / "proyek.qdpx"
    call_command("qda", "export", str(codebook.pk), "--format", "qdpx", "--output", str(out))
    assert AuditEvent.objects.get(action="data.export").detail == {
        "what": f"interviews.project:{codebook.pk}",
        "rows": 1,
        "fmt": "qdpx",
    }
    capsys.readouterr()
    args = ["qda", "import", str(out), "--as", evaluator.username, "--name", "CLI", "--json"]
    call_command(*args, "--dry-run", "--consent-recorded", "--unit", interview.unit.code)
    summary = json.loads(capsys.readouterr().out)
    assert summary["sources"] == 1 and summary["codings"] == 1 and summary["written"] is False
    assert not Codebook.objects.filter(name="CLI").exists()
    with pytest.raises(CommandError, match="persetujuan"):
        call_command(*args, "--unit", interview.unit.code)
    call_command(*args, "--consent-recorded", "--unit", interview.unit.code)
    assert Segment.objects.get(codebook__name="CLI").quote == interview.transcript.text[0:11]


def test_import_refuses_a_non_evaluator(tmp_path, codebook):
    out = tmp_path / "kode.qdc"
    call_command("qda", "export", str(codebook.pk), "--format", "qdc", "--output", str(out))
    with pytest.raises(CommandError, match="evaluator"):
        call_command("qda", "import", str(out), "--as", "tidak-ada")
