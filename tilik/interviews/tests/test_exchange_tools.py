"""Projects and codebooks in the shapes NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette write (qda_tools.py).

Each file is first judged by the official schema (so the fixture itself is standard where the tool is),
then imported: every coding must land on the exact passage, the coding views' analyses (frequencies,
co-occurrence, kappa between the file's users) must see it, and whatever cannot come must be listed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.interviews import exchange, selectors_analysis
from tilik.interviews.exchange import services as exchange_services
from tilik.interviews.exchange.schemas import schema_errors
from tilik.interviews.models import Segment, Transcript
from tilik.interviews.tests import qda_tools as q

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "contoh-proyek.qdpx"


def _plan(data: bytes):
    archive = zipfile.ZipFile(io.BytesIO(data))
    (qde,) = [n for n in archive.namelist() if n.endswith(".qde")]
    assert schema_errors(archive.read(qde), "project") == []  # the fixture is standard where the tool is
    return exchange.read_qdpx(SimpleUploadedFile("proyek.qdpx", data))


def _import(plan, evaluator, unit, name):
    return exchange_services.project_import(by=evaluator, plan=plan, name=name, unit=unit, consent_recorded=True)


def _segments(codebook):
    """(coder, interview code, quote, start, end, code names, memo), sorted."""
    return sorted(
        (
            s.coder.username,
            s.transcript.interview.code,
            s.transcript.text[s.start : s.end],
            s.start,
            s.end,
            tuple(sorted(c.name for c in s.codes.all())),
            s.memo,
        )
        for s in Segment.objects.filter(codebook=codebook).select_related("coder", "transcript__interview")
    )


def _rows(result):
    return {row.code.name: row for row in result.rows}


def _pair(codebook, a: str, b: str) -> tuple[int, int]:
    ids = sorted(codebook.codes.get(name=n).pk for n in (a, b))
    return ids[0], ids[1]


def test_nvivo_windows_project(evaluator, evaluator_b, puskesmas):
    plan = _plan(q.nvivo_project())
    reasons = " | ".join(plan.not_kept)
    assert "PDF “Laporan triwulan” (1 pengodean)" in reasons
    assert "1 pilihan teks tanpa kode" in reasons  # the annotation
    assert "1 kasus (Case) (“Kepala puskesmas 1”)" in reasons
    assert "1 tautan (Link)" in reasons and "1 catatan (Note) (“Anotasi”)" in reasons
    assert len(plan.not_kept) == 5 and plan.notices == []
    codebook = _import(plan, evaluator, puskesmas, "Dari NVivo")
    assert codebook.origin == "NVivo 14 for Windows"
    fast, budget = q.span(q.TEXT_CRLF, q.FAST), q.span(q.TEXT_CRLF, q.BUDGET)
    code = "WAWANCARA-KEPALA-PUSKESM"  # made from the source name, 24 characters
    assert _segments(codebook) == [
        ("evaluator_a", code, q.BUDGET, *budget, ("Anggaran", "Perubahan layanan"), ""),
        ("evaluator_a", code, q.FAST, *fast, ("Kecepatan",), ""),
        ("evaluator_b", code, q.FAST, *fast, ("Kecepatan",), ""),
    ]
    assert Transcript.objects.get(interview__code=code).text == q.TEXT_CRLF  # from Sources/ (capital S)
    assert codebook.codes.get(name="Kecepatan").parent.name == "Perubahan layanan"
    frequency = _rows(selectors_analysis.code_frequency(codebook))
    assert (frequency["Kecepatan"].segments, frequency["Kecepatan"].interviews) == (2, 1)
    assert frequency["Anggaran"].segments == 1
    co = selectors_analysis.cooccurrence(codebook)
    assert co.counts[_pair(codebook, "Anggaran", "Perubahan layanan")] == 1
    assert _pair(codebook, "Anggaran", "Kecepatan") not in co.counts
    agreement = selectors_analysis.intercoder_agreement(codebook, evaluator, evaluator_b)
    rows = _rows(agreement)
    assert agreement.transcripts == 1
    assert rows["Kecepatan"].observed == 1.0 and rows["Anggaran"].observed < 1.0


def test_atlas_ti_project(evaluator, evaluator_b, puskesmas):
    plan = _plan(q.atlas_project())
    notices = " | ".join(plan.notices)
    assert "“Studi Puskesmas.qde”, bukan project.qde" in notices
    assert "posisi 3 segmen dipetakan" in notices
    reasons = " | ".join(plan.not_kept)
    assert "video “Rekaman loket.MP4” (1 pengodean)" in reasons
    assert "1 pilihan teks tanpa kode" in reasons and "pilihan kosong" in reasons
    assert len(plan.not_kept) == 3
    codebook = _import(plan, evaluator, puskesmas, "Dari ATLAS.ti")
    fast, budget = q.span(q.TEXT_CRLF, q.FAST), q.span(q.TEXT_CRLF, q.BUDGET)
    assert _segments(codebook) == [
        ("evaluator_a", "WAWANCARA-KAPUS-1", q.FAST, *fast, ("Kecepatan",), "Dikonfirmasi kepala TU"),
        ("evaluator_b", "WAWANCARA-KAPUS-1", q.BUDGET, *budget, ("Anggaran",), ""),
        ("evaluator_b", "WAWANCARA-KAPUS-1", q.FAST, *fast, ("Kecepatan",), ""),
    ]
    assert Transcript.objects.get().text == q.TEXT_CRLF  # CRLF kept; only the positions were mapped
    assert all(c.color == "" for c in codebook.codes.all())  # ATLAS.ti writes no colours; none is invented
    rows = _rows(selectors_analysis.intercoder_agreement(codebook, evaluator, evaluator_b))
    assert rows["Kecepatan"].observed == 1.0 and rows["Anggaran"].observed < 1.0


def test_maxqda_project(evaluator, evaluator_b, puskesmas):
    plan = _plan(q.maxqda_project())
    reasons = " | ".join(plan.not_kept)
    assert "1 pilihan teks tanpa kode" in reasons
    assert "Himpunan “Wawancara Barat”: 1 anggota berupa sumber" in reasons
    assert "1 kasus (Case)" in reasons and "1 variabel/atribut (“Wilayah”)" in reasons
    assert len(plan.not_kept) == 4
    codebook = _import(plan, evaluator, puskesmas, "Dari MAXQDA")
    fast, budget = q.span(q.TEXT_CRLF, q.FAST), q.span(q.TEXT_CRLF, q.BUDGET)
    second = q.span("K: Pendaftaran pasien sekarang lebih cepat.\r\n", q.FAST)
    # Two sources both called "Interview" become two interviews, each with its own text and codings.
    assert _segments(codebook) == [
        ("evaluator_a", "INTERVIEW", q.BUDGET, *budget, ("Anggaran",), ""),
        ("evaluator_a", "INTERVIEW", q.FAST, *fast, ("Kecepatan",), ""),
        ("evaluator_a", "INTERVIEW-2", q.FAST, *second, ("Kecepatan",), ""),
        ("evaluator_b", "INTERVIEW", q.BUDGET, *budget, ("Kecepatan",), ""),
        ("evaluator_b", "INTERVIEW", q.FAST, *fast, ("Kecepatan",), ""),
    ]
    assert codebook.codes.get(name="Kecepatan").color == "#4E79A7"
    assert [list(s.codes.values_list("name", flat=True)) for s in codebook.code_sets.all()] == [["Kecepatan"], []]
    frequency = _rows(selectors_analysis.code_frequency(codebook))
    assert (frequency["Kecepatan"].segments, frequency["Kecepatan"].interviews) == (4, 2)
    agreement = selectors_analysis.intercoder_agreement(codebook, evaluator, evaluator_b)
    assert agreement.transcripts == 1  # only the first "Interview" was coded by both
    rows = _rows(agreement)
    assert rows["Kecepatan"].observed < 1.0 and rows["Anggaran"].observed < 1.0


def test_qualcoder_project(evaluator, evaluator_b, puskesmas):
    plan = _plan(q.qualcoder_project())
    reasons = " | ".join(plan.not_kept)
    assert "2 catatan (Note) (“Jurnal lapangan”)" in reasons
    assert "Keterangan proyek (Description) tidak diimpor." in reasons
    assert len(plan.not_kept) == 2 and plan.notices == []
    codebook = _import(plan, evaluator, puskesmas, "Dari QualCoder")
    assert Transcript.objects.get().text == q.TEXT_LF  # the BOM QualCoder writes is not text
    fast = q.span(q.TEXT_LF, q.FAST)
    # QualCoder writes one selection per code: the two on one span by one coder are one segment here.
    assert _segments(codebook) == [
        ("evaluator_a", "WAWANCARA_KAPUSTXT", q.FAST, *fast, ("Antrean", "Kecepatan"), "pengode A: jelas"),
        ("evaluator_b", "WAWANCARA_KAPUSTXT", q.FAST, *fast, ("Kecepatan",), ""),
    ]
    co = selectors_analysis.cooccurrence(codebook, coder=evaluator)
    assert co.counts == {_pair(codebook, "Antrean", "Kecepatan"): 1}
    rows = _rows(selectors_analysis.intercoder_agreement(codebook, evaluator, evaluator_b))
    assert rows["Kecepatan"].observed == 1.0 and rows["Antrean"].observed < 1.0


def test_taguette_codebook(evaluator):
    data = q.taguette_codebook()
    assert schema_errors(data, "codebook") != []  # Taguette's empty <Sets/> is not standard ...
    parsed = exchange.parse_qdc(data)  # ... and is read anyway: it holds nothing to lose
    assert parsed.warnings == [] and parsed.origin == "Taguette 1.4.1"
    assert [(c.name, c.color, c.children) for c in parsed.codes] == [
        ("pelayanan.kecepatan", "", []),
        ("pelayanan.keramahan", "", []),
        ("anggaran", "", []),
    ]
    codebook = exchange_services.codebook_import(by=evaluator, name="Dari Taguette", parsed=parsed)
    again = exchange.export_qdc(codebook)
    assert schema_errors(again, "codebook") == [] and b"<Sets" not in again and b"color=" not in again
    assert str(parsed.codes[0].guid).upper() in again.decode().upper()


def test_nvivo_mac_codebook_namespace():
    parsed = exchange.parse_qdc(q.nvivo_mac_codebook())
    assert len(parsed.warnings) == 1 and "urn:QDA-XML:codebook:1:0" in parsed.warnings[0]
    (parent,) = parsed.codes
    assert (parent.name, parent.color, [c.name for c in parent.children]) == (
        "Pelayanan",
        "#00FF00",
        ["Kecepatan", "Keramahan"],
    )
    assert parent.children[0].description == "Waktu tunggu"


def test_two_project_files_without_project_qde_are_refused(db):
    data = q.qdpx("a.qde", "<x/>", {"b.qde": b"<y/>"})
    with pytest.raises(ValidationError, match="beberapa berkas .qde"):
        exchange.read_qdpx(SimpleUploadedFile("x.qdpx", data))


def test_documented_example_project_imports(evaluator, evaluator_b, puskesmas):
    """docs/examples/contoh-proyek.qdpx, the example in docs/panduan-wawancara.md."""
    plan = exchange.read_qdpx(SimpleUploadedFile(EXAMPLE.name, EXAMPLE.read_bytes()))
    assert plan.not_kept == [] and plan.notices == []
    codebook = _import(plan, evaluator, puskesmas, "Contoh")
    segments = _segments(codebook)
    assert {s[0] for s in segments} == {"evaluator_a", "evaluator_b"}
    assert all(q.TEXT_CRLF[s[3] : s[4]] == s[2] for s in segments)
    assert {s[2] for s in segments} == {q.FAST, q.BUDGET, q.FRIENDLY}
    body, rows = exchange.export_qdpx(codebook)
    assert rows == len(segments)
    assert schema_errors(zipfile.ZipFile(io.BytesIO(body)).read("project.qde"), "project") == []


def _embedded(text_xml: str, start: int, end: int) -> bytes:
    """A text source whose text is inside project.qde (PlainTextContent) instead of a file."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>\r
<Project xmlns="urn:QDA-XML:project:1.0" name="Tertanam" origin="Uji">\r
<CodeBook><Codes><Code guid="{q.EX_FAST}" name="Kecepatan" isCodable="true"/></Codes></CodeBook>\r
<Sources><TextSource guid="{q.EX_SOURCE}" name="T-01"><PlainTextContent>{text_xml}</PlainTextContent>\r
{q._selection("55555555-6666-4777-8888-9999999999e1", None, start, end, [q.EX_FAST])}</TextSource></Sources>\r
</Project>"""
    return q.qdpx("project.qde", qde, {})


def test_embedded_text_keeps_crlf_written_as_character_reference(evaluator, puskesmas):
    start, end = q.span(q.TEXT_CRLF, q.FAST)
    plan = _plan(_embedded(q.TEXT_CRLF.replace("\r", "&#13;"), start, end))
    assert [r for r in plan.not_kept if "tertanam" in r] == []
    codebook = _import(plan, evaluator, puskesmas, "Tertanam")
    assert Transcript.objects.get().text == q.TEXT_CRLF
    assert Segment.objects.get(codebook=codebook).quote == q.FAST


def test_embedded_text_with_raw_crlf_is_flagged(evaluator):
    start, end = q.span(q.TEXT_CRLF, q.FAST)
    plan = _plan(_embedded(q.TEXT_CRLF, start, end))
    assert plan.sources[0].text == q.TEXT_LF  # XML itself turned each CRLF into LF
    assert any("tertanam di XML dengan baris baru CRLF" in r for r in plan.not_kept)
