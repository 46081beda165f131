"""REFI-QDA projects (.qdpx): export judged by Project.xsd, round trip of every coding, foreign and hostile files."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import make_unit
from tilik.interviews import exchange, services_coding
from tilik.interviews.exchange import services as exchange_services
from tilik.interviews.exchange.schemas import schema_errors
from tilik.interviews.models import CodeSet, Interview, Segment, Transcript
from tilik.interviews.tests.conftest import code_named

pytestmark = pytest.mark.django_db

# CRLF, a non-BMP character and combining marks before coded passages: offsets are code points.
ODD_TEXT = "Baris satu\r\nBaris 😀 dua: pelayanan cepat.\r\nCafe\u0301 ketiga: anggaran kurang.\n"


def _upload(data: bytes, name: str = "proyek.qdpx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def coded(interview, codebook, evaluator, evaluator_b):
    """Two coders on the fixture transcript and one on a transcript with CRLF and non-BMP text."""
    text = interview.transcript.text
    for user, phrase, names in [
        (evaluator, "Pendaftaran pasien sekarang lebih cepat.", ["Saran"]),
        (evaluator_b, "Pendaftaran pasien sekarang lebih cepat.", ["Saran"]),
        (evaluator, "Anggaran untuk pelatihan lanjutan belum ada.", ["Saran"]),
    ]:
        start, end = _span(text, phrase)
        services_coding.segment_create(
            by=user,
            transcript=interview.transcript,
            codebook=codebook,
            start=start,
            end=end,
            codes=[code_named(codebook, n) for n in names],
            memo="memo " + user.username,
        )
    other = Interview.objects.create(
        code="W-02", role="lainnya", unit=interview.unit, held_on=dt.date(2026, 5, 5), consent=True
    )
    odd = Transcript.objects.create(interview=other, text=ODD_TEXT, source="txt")
    codes = list(codebook.codes.order_by("position")[:2])
    for phrase in ["pelayanan cepat.", "anggaran kurang."]:
        start, end = _span(ODD_TEXT, phrase)
        services_coding.segment_create(
            by=evaluator, transcript=odd, codebook=codebook, start=start, end=end, codes=codes
        )
    return codebook


def snapshot(codebook):
    return sorted(
        (
            s.transcript.interview.code,
            s.coder.username,
            s.start,
            s.end,
            s.quote,
            s.transcript.text[s.start : s.end],
            s.memo,
            tuple(sorted(str(c.guid) for c in s.codes.all())),
        )
        for s in Segment.objects.filter(codebook=codebook).select_related("transcript__interview", "coder")
    )


def test_export_is_schema_valid_zip_with_sources(coded):
    code_set = CodeSet.objects.create(codebook=coded, name="Himpunan\x0c", description="isi")
    code_set.codes.set(coded.codes.all()[:2])
    Segment.objects.filter(codebook=coded).update(memo="memo dengan form feed \x0c dari .docx")
    data, n = exchange.export_qdpx(coded)
    assert n == 5
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        qde = archive.read("project.qde")
        texts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("sources/")]
    assert schema_errors(qde, "project") == []
    assert ODD_TEXT in texts  # CRLF kept byte for byte
    assert b"dr. Ni Luh" not in qde  # the interviewee's name never leaves
    assert b"internal://" in qde and b"PlainTextSelection" in qde and b"<MemberCode" in qde


def test_round_trip_in_place_keeps_every_segment(coded, evaluator):
    before = snapshot(coded)
    plan = exchange.read_qdpx(_upload(exchange.export_qdpx(coded)[0]))
    assert plan.not_kept == []
    copy = exchange_services.project_import(
        by=evaluator, plan=plan, name="Salinan", unit=make_unit("U"), consent_recorded=True
    )
    after = snapshot(copy)
    assert after == before
    assert Interview.objects.count() == 2  # coded in place: same code, same text
    assert AuditEvent.objects.get(action="project.import").detail["segments"] == 5


def test_round_trip_into_new_interviews(coded, evaluator, interview):
    before = snapshot(coded)
    data = exchange.export_qdpx(coded)[0]
    Segment.objects.all().delete()
    Interview.objects.all().delete()
    plan = exchange.read_qdpx(_upload(data))
    copy = exchange_services.project_import(
        by=evaluator, plan=plan, name="Baru", unit=interview.unit, consent_recorded=True
    )
    after = snapshot(copy)
    # Interview codes are made from the source names; everything else is identical.
    assert [row[1:] for row in after] == [row[1:] for row in before]
    assert Transcript.objects.get(interview__code="W-02").text == ODD_TEXT
    again, _ = exchange.export_qdpx(copy)
    assert schema_errors(zipfile.ZipFile(io.BytesIO(again)).read("project.qde"), "project") == []


def test_import_refuses_without_consent(coded, evaluator, interview):
    plan = exchange.read_qdpx(_upload(exchange.export_qdpx(coded)[0]))
    with pytest.raises(ValidationError, match="persetujuan"):
        exchange_services.project_import(by=evaluator, plan=plan, name="X", unit=interview.unit, consent_recorded=False)


def test_import_is_all_or_nothing(coded, evaluator, interview):
    data = exchange.export_qdpx(coded)[0]
    Transcript.objects.filter(interview__code="W-02").update(text=ODD_TEXT + "tambahan")
    plan = exchange.read_qdpx(_upload(data))
    n_codebooks = type(coded).objects.count()
    with pytest.raises(ValidationError, match="teks transkrip yang berbeda"):
        exchange_services.project_import(
            by=evaluator, plan=plan, name="Gagal", unit=interview.unit, consent_recorded=True
        )
    assert type(coded).objects.count() == n_codebooks


# A project in the shape QualCoder writes (built from Project.xsd and the REFI-QDA spec).
U1, U2 = "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"
C1, C2 = "bbbbbbbb-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002"
S1, S2 = "cccccccc-0000-4000-8000-000000000001", "cccccccc-0000-4000-8000-000000000002"
NOTE = "dddddddd-0000-4000-8000-000000000001"


def _foreign_qde(start: int, end: int) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Studi Puskesmas" origin="QualCoder 3.6"
  creatingUserGUID="{U1}" creationDateTime="2026-05-01T10:00:00Z">
 <Users><User guid="{U1}" name="evaluator_a"/><User guid="{U2}" name="orang_luar"/></Users>
 <CodeBook><Codes>
  <Code guid="{C1}" name="Kecepatan" isCodable="true" color="#1f77b4">
   <Description>Layanan lebih cepat</Description>
   <Code guid="{C2}" name="Antrean" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{S1}" name="wawancara_1.txt" plainTextPath="internal://{S1}.txt" creatingUser="{U1}">
   <PlainTextSelection guid="eeeeeeee-0000-4000-8000-000000000001" name="x" startPosition="{start}"
     endPosition="{end}" creatingUser="{U1}" creationDateTime="2026-05-01T10:05:00Z">
    <Coding guid="eeeeeeee-0000-4000-8000-000000000002" creatingUser="{U1}"><CodeRef targetGUID="{C2}"/></Coding>
    <NoteRef targetGUID="{NOTE}"/>
   </PlainTextSelection>
   <PlainTextSelection guid="eeeeeeee-0000-4000-8000-000000000003" startPosition="0" endPosition="5"
     creatingUser="{U2}">
    <Coding guid="eeeeeeee-0000-4000-8000-000000000004" creatingUser="{U2}"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PDFSource guid="{S2}" name="laporan.pdf" path="internal://{S2}.pdf">
   <PDFSelection guid="eeeeeeee-0000-4000-8000-000000000005" page="1" firstX="0" firstY="0" secondX="9" secondY="9">
    <Coding guid="eeeeeeee-0000-4000-8000-000000000006"><CodeRef targetGUID="{C1}"/></Coding>
   </PDFSelection>
  </PDFSource>
 </Sources>
 <Notes>
  <Note guid="{NOTE}" name="memo"><PlainTextContent>Catatan koding dari QualCoder</PlainTextContent></Note>
 </Notes>
</Project>""".encode()


def _foreign_qdpx(text: str, qde: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{S1}.txt", text.encode("utf-8"))
        archive.writestr(f"sources/{S2}.pdf", b"%PDF-1.4")
    return buffer.getvalue()


def test_qualcoder_shaped_project(evaluator, puskesmas):
    start, end = _span(ODD_TEXT, "anggaran kurang.")
    qde = _foreign_qde(start, end)
    assert schema_errors(qde, "project") == []  # the test file itself is standard
    plan = exchange.read_qdpx(_upload(_foreign_qdpx(ODD_TEXT, qde)))
    reasons = " | ".join(plan.not_kept)
    assert "PDF" in reasons and "laporan.pdf" in reasons
    assert "orang_luar" in reasons and "1 segmen" in reasons
    codebook = exchange_services.project_import(
        by=evaluator, plan=plan, name="Dari QualCoder", unit=puskesmas, consent_recorded=True
    )
    assert codebook.origin == "QualCoder 3.6"
    child = codebook.codes.get(name="Antrean")
    assert child.parent.name == "Kecepatan" and child.color == ""
    (segment,) = Segment.objects.filter(codebook=codebook)
    assert segment.quote == "anggaran kurang." and segment.coder == evaluator
    assert segment.memo == "Catatan koding dari QualCoder"
    assert list(segment.codes.all()) == [child]
    assert segment.transcript.text == ODD_TEXT and segment.transcript.interview.unit == puskesmas


def test_selection_without_coder_is_said_and_attributed_to_importer(evaluator, puskesmas):
    start, end = _span(ODD_TEXT, "anggaran kurang.")
    qde = _foreign_qde(start, end).replace(f'creatingUser="{U1}"'.encode(), b"")
    assert schema_errors(qde, "project") == []
    plan = exchange.read_qdpx(_upload(_foreign_qdpx(ODD_TEXT, qde)))
    assert any("atas nama Anda" in r for r in plan.not_kept)
    codebook = exchange_services.project_import(
        by=evaluator, plan=plan, name="Tanpa pengode", unit=puskesmas, consent_recorded=True
    )
    assert Segment.objects.get(codebook=codebook).coder == evaluator


def test_coder_account_with_same_username_gets_the_interview(evaluator, puskesmas):
    from tilik.core.models import Role
    from tilik.interviews.tests.conftest import make_user

    pengode = make_user(Role.CODER, username="orang_luar")
    start, end = _span(ODD_TEXT, "anggaran kurang.")
    plan = exchange.read_qdpx(_upload(_foreign_qdpx(ODD_TEXT, _foreign_qde(start, end))))
    assert not any("orang_luar" in r for r in plan.not_kept)
    codebook = exchange_services.project_import(
        by=evaluator, plan=plan, name="Dua pengode", unit=puskesmas, consent_recorded=True
    )
    theirs = Segment.objects.get(codebook=codebook, coder=pengode)
    assert (theirs.start, theirs.end) == (0, 5)
    assert list(theirs.transcript.interview.coders.all()) == [pengode]


def test_selection_outside_text_is_listed(evaluator):
    plan = exchange.read_qdpx(_upload(_foreign_qdpx(ODD_TEXT, _foreign_qde(5, 10_000))))
    assert any("di luar teks" in r for r in plan.not_kept)


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: b"bukan zip", "bukan arsip zip"),
        (lambda: _zip({"lain.xml": b"<x/>"}), "project.qde"),
        (
            lambda: _zip(
                {
                    "project.qde": b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
                }
            ),
            "entitas atau DTD",
        ),
        (lambda: _zip({"project.qde": b'<Project xmlns="urn:QDA-XML:project:1.0"/>'}), "skema"),
        (lambda: _zip({"project.qde": b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"}), "bukan proyek"),
        (lambda: _zip({"project.qde": b"<Project", "sources/x.txt": b"\0" * 30_000_000}), "mengembang"),
    ],
)
def test_hostile_or_broken_files_refused(make, message, db):
    with pytest.raises(ValidationError, match=message):
        exchange.read_qdpx(_upload(make()))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


# The shape MAXQDA 24 writes (seen in a public MAXQDA 24.7 export): xsi:schemaLocation on the root, no
# creatingUserGUID, upper-case GUIDs, parent categories that are codable, a Description on every code,
# sources with creating/modifying user and both timestamps, text stored as sources/<GUID>.txt.
MX_USER, MX_PARENT, MX_CHILD = (
    "F3EA8DA1-0000-4000-8000-0000000000AA",
    "C9E3D7E0-0000-4000-8000-0000000000BB",
    "C6C1BE73-0000-4000-8000-0000000000CC",
)
MX_SOURCE, MX_SEL = "C5E4C960-0000-4000-8000-0000000000DD", "0A0B0C0D-0000-4000-8000-0000000000EE"


def _maxqda_qde(start: int, end: int) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:QDA-XML:project:1.0"
 origin="MAXQDA 24 (Release 24.7.0)" name="Wawancara kepala puskesmas" modifiedDateTime="2026-07-14T18:42:34Z">
 <Users>
  <User guid="{MX_USER}" name="evaluator_a"/>
 </Users>
 <CodeBook>
  <Codes>
   <Code color="#ef8256" guid="{MX_PARENT}" name="Perubahan layanan" isCodable="true">
    <Description>Kategori induk: pakai hanya kode di bawahnya.</Description>
    <Code color="#ef8256" guid="{MX_CHILD}" name="Anggaran" isCodable="true">
     <Description>Keluhan tentang anggaran.</Description>
    </Code>
   </Code>
  </Codes>
 </CodeBook>
 <Sources>
  <TextSource modifyingUser="{MX_USER}" guid="{MX_SOURCE}" creatingUser="{MX_USER}"
   creationDateTime="2026-06-18T23:23:46Z" name="Kepala Puskesmas 1" plainTextPath="internal://{MX_SOURCE}.txt"
   modifiedDateTime="2026-06-18T23:23:46Z">
   <PlainTextSelection guid="{MX_SEL}" name="kutipan" startPosition="{start}" endPosition="{end}"
    creatingUser="{MX_USER}" creationDateTime="2026-06-19T08:00:00Z" modifyingUser="{MX_USER}"
    modifiedDateTime="2026-06-19T08:00:00Z">
    <Coding guid="1A2B3C4D-0000-4000-8000-0000000000FF" creatingUser="{MX_USER}"
     creationDateTime="2026-06-19T08:00:00Z"><CodeRef targetGUID="{MX_CHILD}"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>""".encode()


def test_maxqda_shaped_project(evaluator, puskesmas):
    start, end = _span(ODD_TEXT, "anggaran kurang.")
    qde = _maxqda_qde(start, end)
    assert schema_errors(qde, "project") == []  # the test file itself is standard
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{MX_SOURCE}.txt", ODD_TEXT.encode("utf-8"))
    plan = exchange.read_qdpx(_upload(buffer.getvalue()))
    assert plan.not_kept == []
    codebook = exchange_services.project_import(
        by=evaluator, plan=plan, name="Dari MAXQDA", unit=puskesmas, consent_recorded=True
    )
    assert codebook.origin == "MAXQDA 24 (Release 24.7.0)"
    child = codebook.codes.get(name="Anggaran")
    assert child.parent.name == "Perubahan layanan" and child.color == "#EF8256"  # the schema's upper case
    assert child.description == "Keluhan tentang anggaran."
    (segment,) = Segment.objects.filter(codebook=codebook)
    assert segment.quote == "anggaran kurang." and segment.coder == evaluator
    assert list(segment.codes.all()) == [child]
    # Exported again, the project keeps the coding's exact offsets and validates against the schema.
    body, _rows = exchange.export_qdpx(codebook)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        again = archive.read("project.qde")
    assert schema_errors(again, "project") == []
    assert f'startPosition="{start}"' in again.decode() and f'endPosition="{end}"' in again.decode()
