import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.interviews import exchange, services_codes
from tilik.interviews.models import Codebook

pytestmark = pytest.mark.django_db


def snapshot(codebook):
    return sorted(
        (str(c.guid), c.name, c.description, c.color, str(c.parent.guid) if c.parent else "")
        for c in codebook.codes.select_related("parent")
    )


def test_qdc_round_trip_is_identical(codebook, evaluator):
    data = exchange.export_qdc(codebook)
    assert data.startswith(b"<?xml") and b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Tilik">' in data
    assert b'isCodable="true"' in data and b"<Sets" not in data  # no sets: no (schema-invalid) empty <Sets/>
    parsed = exchange.parse_qdc(data)
    assert parsed.warnings == []
    copy = services_codes.codebook_create(by=evaluator, name="Salinan", codes=parsed.codes, origin=parsed.origin)
    assert snapshot(copy) == snapshot(codebook) and copy.origin == "Tilik"
    assert exchange.export_qdc(copy) == data


def test_csv_round_trip_is_identical(codebook, evaluator):
    code = codebook.codes.get(name="Saran")
    services_codes.code_update(code=code, by=evaluator, description='=HYPERLINK("http://x")', keywords="-a, b")
    data = exchange.export_csv(codebook)
    assert b"'=HYPERLINK" in data  # neutralised for Excel
    copy = services_codes.codebook_create(by=evaluator, name="Salinan CSV", codes=exchange.parse_csv(data))
    assert snapshot(copy) == snapshot(codebook)
    assert copy.codes.get(name="Saran").keywords == "-a, b"
    assert exchange.export_csv(copy) == data


def test_qdc_from_another_tool():
    data = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.5">
 <Codes>
  <Code guid="0e7e8f53-2b1a-4a8e-9a3a-3f0c4b0b1a11" name="Perubahan" isCodable="true" color="#aa0000">
   <Description>Perubahan kerja</Description>
   <Code guid="0e7e8f53-2b1a-4a8e-9a3a-3f0c4b0b1a12" name="Lebih cepat" isCodable="true"/>
  </Code>
  <Code guid="0e7e8f53-2b1a-4a8e-9a3a-3f0c4b0b1a13" name="Anggaran" isCodable="true" color="merah"/>
 </Codes>
 <Sets/>
</CodeBook>"""
    parsed = exchange.parse_qdc(data)
    assert parsed.origin == "QualCoder 3.5"
    # An unreadable colour is dropped and said so; Tilik no longer invents one.
    assert [(s.name, s.color, s.description) for s in parsed.codes] == [
        ("Perubahan", "#AA0000", "Perubahan kerja"),
        ("Anggaran", "", ""),
    ]
    assert parsed.codes[0].children[0].name == "Lebih cepat"
    assert parsed.codes[0].children[0].color == ""
    assert len(parsed.warnings) == 1 and "merah" in parsed.warnings[0]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"<CodeBook", "bukan XML yang valid"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0'/>", "bukan buku kode REFI-QDA"),
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>", "tidak memiliki elemen <Codes>"),
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "tidak berisi kode"),
        (
            b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid='x' name='A'/></Codes></CodeBook>",
            "GUID",
        ),
        (
            b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code isCodable='true'/></Codes></CodeBook>",
            "tanpa atribut name",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>'
            b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code name='&e;'/></Codes></CodeBook>",
            "entitas atau DTD",
        ),
    ],
)
def test_bad_qdc_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        exchange.parse_qdc(data)


def test_duplicate_names_refused_and_nothing_written(evaluator):
    data = (
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code name='A'/>"
        b"<Code name='B'><Code name='a'/></Code></Codes></CodeBook>"
    )
    parsed = exchange.parse_qdc(data)
    with pytest.raises(ValidationError, match="lebih dari sekali"):
        services_codes.codebook_create(by=evaluator, name="Impor", codes=parsed.codes)
    assert not Codebook.objects.filter(name="Impor").exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ("kode,warna\nA,#000000\n", "kolom “nama”"),
        ("nama,induk\nA,\nA,\n", "sudah dipakai"),
        ("nama,induk\nA,Z\n", "tidak ada di berkas"),
        ("nama,induk\nA,B\nB,A\n", "melingkar"),
        ("nama\n", "tidak berisi kode"),
        ("nama,guid\nA,bukan-guid\n", "GUID"),
    ],
)
def test_bad_csv_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        exchange.parse_csv(data.encode())


def test_csv_semicolon_and_bom():
    specs = exchange.parse_csv("\ufeffnama;induk;kata_kunci\nInduk;;\nAnak;Induk;a, b\n".encode())
    assert specs[0].name == "Induk" and specs[0].children[0].keywords == "a, b"


def test_upload_type_and_size(settings):
    with pytest.raises(ValidationError, match="tidak didukung"):
        exchange.parse_codebook_upload(SimpleUploadedFile("kode.xlsx", b"PK"))
    settings.TILIK_CODEBOOK_IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="terlalu besar"):
        exchange.parse_codebook_upload(SimpleUploadedFile("kode.csv", b"nama\n" + b"a" * 20))
