"""REFI-QDA codebooks judged by the official Codebook.xsd (vendored), not by Tilik's own reader."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.core.models import AuditEvent
from tilik.interviews import exchange, services_codes
from tilik.interviews.exchange import services as exchange_services
from tilik.interviews.exchange.schemas import schema_errors
from tilik.interviews.models import CodeSet

pytestmark = pytest.mark.django_db


def test_starter_codebook_export_is_schema_valid(codebook):
    data = exchange.export_qdc(codebook)
    assert schema_errors(data, "codebook") == []


def test_schema_rejects_an_empty_sets_element():
    # The judge itself: the very shape Tilik used to write must fail.
    bad = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code guid="0e7e8f53-2b1a-4a8e-9a3a-3f0c4b0b1a11" name="A" isCodable="true"/></Codes><Sets/></CodeBook>'
    )
    assert schema_errors(bad, "codebook")


def test_is_codable_and_colour_as_stored(codebook, evaluator):
    code = codebook.codes.order_by("position").first()
    services_codes.code_update(code=code, by=evaluator, color="")
    code.is_codable = False  # a grouping code (no service field for it yet; set as an import would)
    code.save(update_fields=["is_codable"])
    data = exchange.export_qdc(codebook)
    assert schema_errors(data, "codebook") == []
    line = next(ln for ln in data.decode().splitlines() if f'guid="{code.guid}"' in ln)
    assert 'isCodable="false"' in line and "color=" not in line
    parsed = exchange.parse_qdc(data)
    first = next(s for s in parsed.codes if s.guid == code.guid)
    assert first.is_codable is False and first.color == ""


QDC_WITH_SETS = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti">
 <Codes>
  <Code guid="11111111-1111-4111-8111-111111111111" name="Hambatan" isCodable="false">
   <Code guid="22222222-2222-4222-8222-222222222222" name="Anggaran" isCodable="true" color="#c00"/>
  </Code>
  <Code guid="33333333-3333-4333-8333-333333333333" name="Dukungan atasan" isCodable="true"/>
 </Codes>
 <Sets>
  <Set guid="44444444-4444-4444-8444-444444444444" name="Faktor organisasi">
   <Description>Kode tentang organisasi</Description>
   <MemberCode guid="22222222-2222-4222-8222-222222222222"/>
   <MemberCode guid="33333333-3333-4333-8333-333333333333"/>
   <MemberCode guid="55555555-5555-4555-8555-555555555555"/>
  </Set>
 </Sets>
</CodeBook>"""


def test_import_keeps_sets_and_reexport_is_valid_and_equal(evaluator):
    assert schema_errors(QDC_WITH_SETS, "codebook") == []
    upload = SimpleUploadedFile("atlas.qdc", QDC_WITH_SETS)
    parsed = exchange.parse_codebook_upload(upload)
    # The member that is no code of the file is not kept, and the import says so.
    assert len(parsed.warnings) == 1 and "55555555" in parsed.warnings[0]
    codebook = exchange_services.codebook_import(by=evaluator, name="Dari ATLAS", parsed=parsed)
    code_set = CodeSet.objects.get(codebook=codebook)
    assert code_set.guid == uuid.UUID("44444444-4444-4444-8444-444444444444")
    assert code_set.description == "Kode tentang organisasi"
    assert sorted(c.name for c in code_set.codes.all()) == ["Anggaran", "Dukungan atasan"]
    assert codebook.codes.get(name="Hambatan").is_codable is False
    assert codebook.codes.get(name="Anggaran").color == "#CC0000"
    assert codebook.codes.get(name="Dukungan atasan").color == ""
    event = AuditEvent.objects.get(action="codebook.import")
    assert event.detail["sets"] == 1 and event.detail["not_kept"] == 1

    data = exchange.export_qdc(codebook)
    assert schema_errors(data, "codebook") == []
    again = exchange.parse_qdc(data)
    assert again.warnings == []
    assert [(s.name, s.guid, s.members) for s in again.sets] == [
        (
            "Faktor organisasi",
            code_set.guid,
            [uuid.UUID("22222222-2222-4222-8222-222222222222"), uuid.UUID("33333333-3333-4333-8333-333333333333")],
        )
    ]


def test_sources_and_notes_in_a_set_are_reported():
    data = QDC_WITH_SETS.replace(
        b'<MemberCode guid="55555555-5555-4555-8555-555555555555"/>',
        b'<MemberSource targetGUID="55555555-5555-4555-8555-555555555555"/>',
    )
    parsed = exchange.parse_qdc(data)
    assert len(parsed.warnings) == 1 and "sumber atau catatan" in parsed.warnings[0]


def test_csv_export_of_colourless_code_round_trips(codebook, evaluator):
    code = codebook.codes.order_by("position").first()
    services_codes.code_update(code=code, by=evaluator, color="")
    copy = services_codes.codebook_create(
        by=evaluator, name="CSV", codes=exchange.parse_csv(exchange.export_csv(codebook))
    )
    assert copy.codes.get(guid=code.guid).color == ""


def test_csv_bad_colour_is_refused_not_replaced():
    with pytest.raises(ValidationError, match="#RRGGBB"):
        exchange.parse_csv(b"nama,warna\nA,merah\n")
