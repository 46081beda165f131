import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.core.models import AuditEvent
from tilik.interviews import services, services_codes, services_coding
from tilik.interviews.models import Segment, Suggestion, Transcript
from tilik.interviews.selectors_analysis import suggestion_precision
from tilik.interviews.tests.conftest import TRANSCRIPT, code_named

pytestmark = pytest.mark.django_db


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(*paragraphs: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for p in paragraphs:
        document.text.addElement(P(text=p))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def new_interview(evaluator, unit, code="W-09", consent=True):
    return services.interview_create(
        by=evaluator, code=code, role="pimpinan_opd", unit=unit, held_on=dt.date(2026, 6, 1), consent=consent
    )


def test_interview_and_transcript_are_audited(interview):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"interview.create", "transcript.set"} <= actions
    assert interview.transcript.text == TRANSCRIPT and interview.transcript.source == "tempel"
    # the interviewee's name never reaches the audit log
    assert not AuditEvent.objects.filter(target_repr__icontains="Contoh").exists()


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("wawancara.txt", b"Baris satu.\r\nBaris dua.", "Baris satu.\nBaris dua."),
        ("wawancara.txt", "Kata Ibu: “lebih cepat”.".encode("cp1252"), "Kata Ibu: “lebih cepat”."),
        ("wawancara.docx", docx_bytes("Paragraf satu.", "Paragraf dua."), "Paragraf satu.\nParagraf dua."),
        ("wawancara.odt", odt_bytes("Paragraf satu.", "Paragraf dua."), "Paragraf satu.\nParagraf dua."),
    ],
)
def test_transcript_upload_types(evaluator, puskesmas, name, data, expected):
    interview = new_interview(evaluator, puskesmas)
    transcript = services.transcript_set(
        interview=interview, by=evaluator, upload=SimpleUploadedFile(name, data)
    )
    assert transcript.text == expected
    assert (
        transcript.original.name.startswith("interviews/transkrip/") and name not in transcript.original.name
    )
    assert transcript.original_name == name


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("wawancara.pdf", b"%PDF-1.4", "tidak didukung"),
        ("wawancara", b"teks", "tidak didukung"),
        ("wawancara.docx", b"bukan zip", "rusak"),
        ("wawancara.odt", docx_bytes("x"), "rusak"),
        ("wawancara.txt", b"", "kosong"),
        ("wawancara.txt", b"\x00\x01\x02", "bukan teks"),
    ],
)
def test_transcript_bad_files_store_nothing(evaluator, puskesmas, name, data, message):
    interview = new_interview(evaluator, puskesmas)
    with pytest.raises(ValidationError, match=message):
        services.transcript_set(interview=interview, by=evaluator, upload=SimpleUploadedFile(name, data))
    assert not Transcript.objects.filter(interview=interview).exists()


def test_transcript_oversize(settings, evaluator, puskesmas):
    settings.TILIK_TRANSCRIPT_MAX_BYTES = 100
    interview = new_interview(evaluator, puskesmas)
    with pytest.raises(ValidationError, match="terlalu besar"):
        services.transcript_set(
            interview=interview, by=evaluator, upload=SimpleUploadedFile("a.txt", b"a" * 101)
        )
    with pytest.raises(ValidationError, match="terlalu panjang"):
        services.transcript_set(interview=interview, by=evaluator, text="a" * 101)


def test_transcript_needs_consent(evaluator, puskesmas):
    interview = new_interview(evaluator, puskesmas, consent=False)
    with pytest.raises(ValidationError, match="persetujuan"):
        services.transcript_set(interview=interview, by=evaluator, text="Teks.")


def test_transcript_cannot_be_replaced_once_coded(interview, codebook, evaluator):
    services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=11,
        codes=[code_named(codebook, "Saran")],
    )
    with pytest.raises(ValidationError, match="sudah dikode"):
        services.transcript_set(interview=interview, by=evaluator, text="Teks baru.")


def test_audio_type_and_size(settings, evaluator, puskesmas):
    settings.TILIK_INTERVIEW_AUDIO_MAX_BYTES = 10
    interview = new_interview(evaluator, puskesmas)
    with pytest.raises(ValidationError, match="tidak didukung"):
        services.audio_set(interview=interview, by=evaluator, upload=SimpleUploadedFile("a.exe", b"MZ"))
    with pytest.raises(ValidationError, match="terlalu besar"):
        services.audio_set(interview=interview, by=evaluator, upload=SimpleUploadedFile("a.mp3", b"x" * 11))
    services.audio_set(interview=interview, by=evaluator, upload=SimpleUploadedFile("rekaman.mp3", b"ID3"))
    assert interview.audio.name.startswith("interviews/audio/") and interview.audio_name == "rekaman.mp3"


def test_segment_create_trims_checks_and_merges(interview, codebook, evaluator):
    text = interview.transcript.text
    start = text.index("Pendaftaran")
    end = text.index("cepat.") + len("cepat.")
    fast, queue = code_named(codebook, "Kerja lebih cepat"), code_named(codebook, "Pendaftaran dan antrean")
    seg = services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=start - 1,
        end=end + 1,
        codes=[fast],
        memo="catatan 1",
    )
    assert (seg.start, seg.end) == (start - 1, end) or seg.quote == text[seg.start : seg.end]
    assert seg.quote.startswith(" ") is False and seg.quote.endswith(" ") is False
    again = services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=seg.start,
        end=seg.end,
        codes=[queue],
        memo="catatan 2",
    )
    assert (
        again.pk == seg.pk
        and set(again.codes.all()) == {fast, queue}
        and again.memo == "catatan 1\ncatatan 2"
    )
    assert Segment.objects.count() == 1


@pytest.mark.parametrize(
    "start,end,quote,message",
    [
        (5, 5, None, "kosong"),
        (0, 10_000, None, "di luar"),
        (-1, 3, None, "di luar"),
        (9, 3, None, "di luar"),
        (0, 5, "bukan", "tidak cocok"),
    ],
)
def test_segment_bad_spans(interview, codebook, evaluator, start, end, quote, message):
    with pytest.raises(ValidationError, match=message):
        services_coding.segment_create(
            by=evaluator,
            transcript=interview.transcript,
            codebook=codebook,
            start=start,
            end=end,
            codes=[code_named(codebook, "Saran")],
            quote=quote,
        )
    assert not Segment.objects.exists()


def test_segment_whitespace_only_is_empty(interview, codebook, evaluator):
    nl = interview.transcript.text.index("\n")
    with pytest.raises(ValidationError, match="kosong"):
        services_coding.segment_create(
            by=evaluator,
            transcript=interview.transcript,
            codebook=codebook,
            start=nl,
            end=nl + 1,
            codes=[code_named(codebook, "Saran")],
        )


def test_segment_needs_codes_from_its_codebook(interview, codebook, evaluator):
    other = services_codes.codebook_create(by=evaluator, name="Lain", starter=True)
    with pytest.raises(ValidationError, match="sedikitnya satu kode"):
        services_coding.segment_create(
            by=evaluator, transcript=interview.transcript, codebook=codebook, start=0, end=5, codes=[]
        )
    with pytest.raises(ValidationError, match="buku kode yang dipilih"):
        services_coding.segment_create(
            by=evaluator,
            transcript=interview.transcript,
            codebook=codebook,
            start=0,
            end=5,
            codes=[code_named(other, "Saran")],
        )


def test_overlapping_segments_are_kept_apart(interview, codebook, evaluator):
    code = code_named(codebook, "Saran")
    for start, end in ((0, 20), (10, 30)):
        services_coding.segment_create(
            by=evaluator,
            transcript=interview.transcript,
            codebook=codebook,
            start=start,
            end=end,
            codes=[code],
        )
    assert Segment.objects.count() == 2


def test_sentences_path_merges_neighbours(interview, codebook, evaluator):
    from tilik.interviews.text import split_sentences

    sentences = split_sentences(interview.transcript.text)
    picked = [sentences[1], sentences[2], sentences[4]]
    created = services_coding.segments_create_from_sentences(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        spans=picked,
        codes=[code_named(codebook, "Saran")],
    )
    assert [(s.start, s.end) for s in created] == [(sentences[1][0], sentences[2][1]), sentences[4]]
    with pytest.raises(ValidationError, match="tidak cocok"):
        services_coding.segments_create_from_sentences(
            by=evaluator,
            transcript=interview.transcript,
            codebook=codebook,
            spans=[(0, 3)],
            codes=[code_named(codebook, "Saran")],
        )


def test_code_delete_asks_first_and_is_audited(interview, codebook, evaluator):
    saran, budget = code_named(codebook, "Saran"), code_named(codebook, "Kendala anggaran")
    only = services_coding.segment_create(
        by=evaluator, transcript=interview.transcript, codebook=codebook, start=0, end=11, codes=[saran]
    )
    both = services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=20,
        end=30,
        codes=[saran, budget],
    )
    with pytest.raises(ValidationError, match="Konfirmasi"):
        services_codes.code_delete(code=saran, by=evaluator)
    assert codebook.codes.filter(pk=saran.pk).exists()
    result = services_codes.code_delete(code=saran, by=evaluator, confirmed=True)
    assert result == {"segments_using": 2, "segments_deleted": 1, "children_moved": 0}
    assert not Segment.objects.filter(pk=only.pk).exists() and list(both.codes.all()) == [budget]
    event = AuditEvent.objects.get(action="code.delete")
    assert event.detail["segments_using"] == 2 and event.actor == evaluator


def test_code_delete_moves_children_up(codebook, evaluator):
    parent = code_named(codebook, "Perubahan kerja")
    services_codes.code_delete(code=parent, by=evaluator)
    assert code_named(codebook, "Kerja lebih cepat").parent is None


def test_code_update_refuses_cycles(codebook, evaluator):
    parent, child = code_named(codebook, "Perubahan kerja"), code_named(codebook, "Kerja lebih cepat")
    with pytest.raises(ValidationError, match="induk"):
        services_codes.code_update(code=parent, by=evaluator, parent=child)
    services_codes.code_update(code=child, by=evaluator, parent=None, color="#abcdef", name=" Cepat ")
    child.refresh_from_db()
    assert (child.parent, child.color, child.name) == (None, "#ABCDEF", "Cepat")


def test_suggestions_never_applied_silently(interview, codebook, evaluator):
    n = services_coding.suggestions_generate(codebook=codebook, by=evaluator)
    assert n > 0 and not Segment.objects.exists()
    queue = code_named(codebook, "Pendaftaran dan antrean")
    hits = list(Suggestion.objects.filter(code=queue).order_by("start"))
    assert [interview.transcript.text[s.start : s.end] for s in hits] == [
        "Pendaftaran pasien sekarang lebih cepat.",
        "Antrean di loket berkurang banyak.",
    ]
    segment = services_coding.suggestion_accept(suggestion=hits[0], by=evaluator)
    services_coding.suggestion_reject(suggestion=hits[1], by=evaluator)
    assert list(segment.codes.all()) == [queue] and segment.coder == evaluator
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services_coding.suggestion_accept(suggestion=hits[1], by=evaluator)
    row = next(r for r in suggestion_precision(codebook) if r.code == queue)
    assert (row.accepted, row.rejected, row.precision) == (1, 1, 0.5)
    assert services_coding.suggestions_generate(codebook=codebook, by=evaluator) == 0  # no duplicates


def test_interview_delete_removes_everything(interview, codebook, evaluator):
    services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=11,
        codes=[code_named(codebook, "Saran")],
    )
    services.interview_delete(interview=interview, by=evaluator)
    assert not Segment.objects.exists() and not Transcript.objects.exists()
    assert AuditEvent.objects.filter(action="interview.delete").exists()


def test_starter_codebook(codebook):
    names = set(codebook.codes.values_list("name", flat=True))
    assert {
        "Perubahan kerja",
        "Dampak pelayanan publik",
        "Kepercayaan dan citra",
        "Kendala anggaran",
        "Partisipasi dan motivasi",
        "Kebutuhan pelatihan",
        "Saran",
    } <= names
    assert code_named(codebook, "Kerja lebih cepat").parent.name == "Perubahan kerja"
