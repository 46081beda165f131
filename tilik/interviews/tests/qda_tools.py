"""REFI-QDA files in the shapes other tools write, written by hand for the tests (no vendor file is copied).

Each builder says which tool it imitates and which public source shows that tool's shape. The research
content is invented (a Denpasar puskesmas interview); only the XML shape follows the tool. Every project
file here is valid against the official Project.xsd (the tests check that first), because the tools'
deviations seen in public material are in the container, the namespace and the meaning of positions,
not in the schema.
"""

from __future__ import annotations

import io
import zipfile

# One interview as Windows tools store it (CRLF) and as QualCoder stores it (LF).
LINES = [
    "P: Apa yang berubah sesudah pelatihan?",
    "K: Pendaftaran pasien sekarang lebih cepat.",
    "K: Anggaran untuk pelatihan lanjutan belum ada.",
    "K: Petugas loket lebih ramah.",
]
TEXT_CRLF = "\r\n".join(LINES) + "\r\n"
TEXT_LF = "\n".join(LINES) + "\n"

FAST = "Pendaftaran pasien sekarang lebih cepat."
BUDGET = "Anggaran untuk pelatihan lanjutan belum ada."
FRIENDLY = "Petugas loket lebih ramah."


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def span_lf_counted(text: str, phrase: str) -> tuple[int, int]:
    """Positions as ATLAS.ti writes them for a CRLF text: each CRLF counted as one character."""
    start, end = span(text, phrase)
    before = text[:start].count("\r\n")
    inside = text[start:end].count("\r\n")
    return start - before, end - before - inside


def qdpx(qde_name: str, qde: str, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _selection(guid: str, user: str | None, start: int, end: int, codes: list[str], extra: str = "") -> str:
    creator = f' creatingUser="{user}"' if user else ""
    codings = "".join(
        f'<Coding guid="e{i}{guid[2:]}"{creator}><CodeRef targetGUID="{code}"/></Coding>'
        for i, code in enumerate(codes, start=1)
    )
    return (
        f'<PlainTextSelection guid="{guid}" name="" startPosition="{start}" endPosition="{end}"{creator}>'
        f"{extra}{codings}</PlainTextSelection>"
    )


# --- NVivo 14 for Windows ------------------------------------------------------------------------------
# Shape: a public importer's test whose project.qde is "structure copied from a real NVivo for Windows 12.6
# .qdpx export" (root with xmlns:xsd, creatingUserGUID, creationDateTime, basePath=""; lower-case GUIDs;
# nested codes with isCodable; TextSource with richTextPath .docx and plainTextPath .txt, no
# PlainTextContent); the text folder is "Sources/" with a capital S (QualCoder refi.py: "MAXQDA uses
# sources, NVIVO uses Sources"; another public importer's issue #7 says the same); annotations are
# selections without Coding that a <Link> ties to a <Note> whose text is a .txt in Sources/ (QualCoder
# refi.py, parse_links / load_codings_for_text); positions count CRLF as two characters (QualCoder adds a
# character per line end when it reads Windows NVivo text). PDFs come with a text Representation.
NV_USER_A, NV_USER_B = "8ca3a2c1-8b7a-41c3-a9dd-a8fb46caa645", "8ca3a2c1-8b7a-41c3-a9dd-a8fb46caa646"
NV_PARENT, NV_FAST, NV_BUDGET = (
    "3c51efbb-071f-43a7-9f32-228b89668e8d",
    "4d62f0cc-182f-44b8-a043-339c90779e9e",
    "4d62f0cc-182f-44b8-a043-339c90779e9f",
)
NV_SOURCE, NV_PDF, NV_NOTE = (
    "56a79789-d535-4fb8-bedd-a915504c54ba",
    "56a79789-d535-4fb8-bedd-a915504c54bb",
    "0f758eeb-d61d-4e91-b250-79861c3869a6",
)


def nvivo_project() -> bytes:
    text = TEXT_CRLF
    fast, budget, friendly = span(text, FAST), span(text, BUDGET), span(text, FRIENDLY)
    selections = "".join(
        [
            _selection("fd960901-8191-4db1-a3dd-a91626d56c01", NV_USER_A, *fast, [NV_FAST]),
            _selection("fd960901-8191-4db1-a3dd-a91626d56c02", NV_USER_B, *fast, [NV_FAST]),
            _selection("fd960901-8191-4db1-a3dd-a91626d56c03", NV_USER_A, *budget, [NV_BUDGET, NV_PARENT]),
            _selection("fd960901-8191-4db1-a3dd-a91626d56c04", NV_USER_A, *friendly, []),  # an annotation
        ]
    )
    pdf_text = "Laporan: antrean berkurang."
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Evaluasi Puskesmas" origin="NVivo 14 for Windows"
 creatingUserGUID="{NV_USER_A}" creationDateTime="2026-05-02T01:09:07Z" basePath="" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="{NV_USER_A}" name="evaluator_a" /><User guid="{NV_USER_B}" name="evaluator_b" /></Users>
  <CodeBook><Codes>
    <Code guid="{NV_PARENT}" name="Perubahan layanan" isCodable="true" color="#3366CC">
      <Code guid="{NV_FAST}" name="Kecepatan" isCodable="true" />
      <Code guid="{NV_BUDGET}" name="Anggaran" isCodable="true" />
    </Code>
  </Codes></CodeBook>
  <Cases><Case guid="c1111111-1111-4111-8111-111111111111" name="Kepala puskesmas 1">
    <SourceRef targetGUID="{NV_SOURCE}" /></Case></Cases>
  <Sources>
    <TextSource guid="{NV_SOURCE}" name="Wawancara kepala puskesmas"
     richTextPath="internal://{NV_SOURCE}.docx" plainTextPath="internal://{NV_SOURCE}.txt"
     creationDateTime="2026-05-02T01:10:00Z">{selections}</TextSource>
    <PDFSource guid="{NV_PDF}" name="Laporan triwulan" path="internal://{NV_PDF}.pdf">
      <Representation guid="{NV_PDF[:-2]}cc" name="Laporan triwulan" plainTextPath="internal://{NV_PDF[:-2]}cc.txt">
        {_selection("fd960901-8191-4db1-a3dd-a91626d56c05", NV_USER_A, 9, 26, [NV_FAST])}
      </Representation>
    </PDFSource>
  </Sources>
  <Notes><Note guid="{NV_NOTE}" name="Anotasi" plainTextPath="internal://{NV_NOTE}.txt" /></Notes>
  <Links><Link guid="0f758eeb-d61d-4e91-b250-79861c3869a7" originGUID="{NV_NOTE}"
   targetGUID="fd960901-8191-4db1-a3dd-a91626d56c04" /></Links>
</Project>"""
    return qdpx(
        "project.qde",
        qde,
        {
            f"Sources/{NV_SOURCE}.txt": text.encode("utf-8"),
            f"Sources/{NV_SOURCE}.docx": b"PK\x03\x04 docx",
            f"Sources/{NV_PDF}.pdf": b"%PDF-1.7",
            f"Sources/{NV_PDF[:-2]}cc.txt": pdf_text.encode("utf-8"),
            f"Sources/{NV_NOTE}.txt": b"Petugas baru dilatih bulan Maret.",
        },
    )


# --- ATLAS.ti 26 ----------------------------------------------------------------------------------------
# Shape: the public conformance report on two real ATLAS.ti 26.1.2 exports (github.com/Ornio-app/qdpx-toolkit,
# conformance/findings/ATLAS-ti-26-Conformance-Findings.md): the XML is named after the project
# ("Trial.qde"), not project.qde; upper-case GUIDs; codes without colour; comments as a <Description> on the
# selection (no Notes); a zero-length selection; media outside the archive ("relative:///<GUID>.mov" with
# an absolute basePath). Text: plainTextPath .txt kept with CRLF while positions count each CRLF as one
# character (QualCoder refi.py, load_text_source: "Atlas stored correct positions ... as though it is \n").
AT_USER_A, AT_USER_B = "7D9415B0-0000-4000-8000-0000000000A1", "7D9415B0-0000-4000-8000-0000000000A2"
AT_FAST, AT_BUDGET = "241BA0AA-0000-4000-8000-0000000000C1", "241BA0AA-0000-4000-8000-0000000000C2"
AT_SOURCE, AT_VIDEO = "EF48EB94-0000-4000-8000-0000000000D1", "DD148A4A-B28B-4BC0-90D8-3D1FB587C8E5"


def atlas_project() -> bytes:
    text = TEXT_CRLF
    fast, budget, friendly = (span_lf_counted(text, p) for p in (FAST, BUDGET, FRIENDLY))
    comment = "<Description>Dikonfirmasi kepala TU</Description>"
    selections = "".join(
        [
            _selection("0A000000-0000-4000-8000-000000000001", AT_USER_A, *fast, [AT_FAST], comment),
            _selection("0A000000-0000-4000-8000-000000000002", AT_USER_B, *fast, [AT_FAST]),
            _selection("0A000000-0000-4000-8000-000000000003", AT_USER_B, *budget, [AT_BUDGET]),
            _selection("0A000000-0000-4000-8000-000000000004", AT_USER_A, *friendly, [], comment),
            _selection("0A000000-0000-4000-8000-000000000005", AT_USER_A, friendly[0], friendly[0], [AT_FAST]),
        ]
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Studi Puskesmas" origin="ATLAS.ti 26.1.2 (34883)"
 creationDateTime="2026-04-30T07:00:00Z" basePath="/Users/peneliti/Desktop/Studi Puskesmas Media">
 <Users><User guid="{AT_USER_A}" name="evaluator_a"/><User guid="{AT_USER_B}" name="evaluator_b"/></Users>
 <CodeBook><Codes>
  <Code guid="{AT_FAST}" name="Kecepatan" isCodable="true"/>
  <Code guid="{AT_BUDGET}" name="Anggaran" isCodable="true"/>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{AT_SOURCE}" name="Wawancara KaPus 1" plainTextPath="internal://{AT_SOURCE}.txt"
   creatingUser="{AT_USER_A}" creationDateTime="2026-04-30T07:02:00Z">{selections}</TextSource>
  <VideoSource guid="{AT_VIDEO}" name="Rekaman loket.MP4" path="relative:///{AT_VIDEO}.mov">
   <VideoSelection guid="0B000000-0000-4000-8000-000000000001" name="21s" begin="21477" end="29000">
    <Coding guid="0B000000-0000-4000-8000-000000000002"><CodeRef targetGUID="{AT_FAST}"/></Coding>
   </VideoSelection>
  </VideoSource>
 </Sources>
</Project>"""
    return qdpx("Studi Puskesmas.qde", qde, {f"sources/{AT_SOURCE}.txt": text.encode("utf-8")})


# --- MAXQDA 24 ------------------------------------------------------------------------------------------
# Shape: a public MAXQDA 24.7 export (see test_exchange_qdpx.py) and QualCoder refi.py's notes on MAXQDA:
# xsi:schemaLocation on the root, upper-case GUIDs, colours on every code, a Description on every code,
# "sources/" in lower case, two text sources with the same name, comments as selections with only a
# Description (no Coding), document variables in nameless Cases with one SourceRef, document sets as
# <Set> with MemberSource beside code sets with MemberCode; CRLF counted as two characters.
MX_USER_A, MX_USER_B = "F3EA8DA1-0000-4000-8000-0000000000A1", "F3EA8DA1-0000-4000-8000-0000000000A2"
MX_PARENT, MX_FAST, MX_BUDGET = (
    "C9E3D7E0-0000-4000-8000-0000000000B0",
    "C9E3D7E0-0000-4000-8000-0000000000B1",
    "C9E3D7E0-0000-4000-8000-0000000000B2",
)
MX_SOURCE_1, MX_SOURCE_2 = "C5E4C960-0000-4000-8000-0000000000D1", "C5E4C960-0000-4000-8000-0000000000D2"
MX_VARIABLE = "3BA84074-0000-4000-8000-0000000000E1"


def maxqda_project() -> bytes:
    text = TEXT_CRLF
    other = "K: Pendaftaran pasien sekarang lebih cepat.\r\n"
    fast, budget, friendly = span(text, FAST), span(text, BUDGET), span(text, FRIENDLY)
    comment = "<Description>Perlu dicek ke data antrean.</Description>"
    first = "".join(
        [
            _selection("0C000000-0000-4000-8000-000000000001", MX_USER_A, *fast, [MX_FAST]),
            _selection("0C000000-0000-4000-8000-000000000002", MX_USER_B, *fast, [MX_FAST]),
            _selection("0C000000-0000-4000-8000-000000000003", MX_USER_A, *budget, [MX_BUDGET]),
            _selection("0C000000-0000-4000-8000-000000000004", MX_USER_B, *budget, [MX_FAST]),
            _selection("0C000000-0000-4000-8000-000000000005", MX_USER_A, *friendly, [], comment),
        ]
    )
    second = _selection("0C000000-0000-4000-8000-000000000006", MX_USER_A, *span(other, FAST), [MX_FAST])
    variable_value = (
        f"<VariableValue><VariableRef targetGUID='{MX_VARIABLE}'/><TextValue>Barat</TextValue></VariableValue>"
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:QDA-XML:project:1.0"
 origin="MAXQDA 24 (Release 24.7.0)" name="Evaluasi Puskesmas" modifiedDateTime="2026-07-14T18:42:34Z">
 <Users><User guid="{MX_USER_A}" name="evaluator_a"/><User guid="{MX_USER_B}" name="evaluator_b"/></Users>
 <CodeBook><Codes>
  <Code color="#ef8256" guid="{MX_PARENT}" name="Perubahan layanan" isCodable="true">
   <Description>Kategori induk.</Description>
   <Code color="#4e79a7" guid="{MX_FAST}" name="Kecepatan" isCodable="true">
    <Description>Waktu layanan.</Description></Code>
   <Code color="#f28e2b" guid="{MX_BUDGET}" name="Anggaran" isCodable="true"><Description>Dana.</Description></Code>
  </Code>
 </Codes></CodeBook>
 <Variables><Variable guid="{MX_VARIABLE}" name="Wilayah" typeOfVariable="Text"/></Variables>
 <Cases><Case guid="D9001BCB-0000-4000-8000-0000000000F1">{variable_value}
  <SourceRef targetGUID="{MX_SOURCE_1}"/></Case></Cases>
 <Sources>
  <TextSource modifyingUser="{MX_USER_A}" guid="{MX_SOURCE_1}" creatingUser="{MX_USER_A}" name="Interview"
   plainTextPath="internal://{MX_SOURCE_1}.txt" creationDateTime="2026-06-18T23:23:46Z">{first}</TextSource>
  <TextSource guid="{MX_SOURCE_2}" creatingUser="{MX_USER_A}" name="Interview"
   plainTextPath="internal://{MX_SOURCE_2}.txt">{second}</TextSource>
 </Sources>
 <Sets>
  <Set guid="46467993-B426-49DD-9707-B5958EBA9870" name="Kode inti"><MemberCode targetGUID="{MX_FAST}"/></Set>
  <Set guid="46467993-B426-49DD-9707-B5958EBA9871" name="Wawancara Barat">
   <MemberSource targetGUID="{MX_SOURCE_1}"/></Set>
 </Sets>
</Project>"""
    return qdpx(
        "project.qde",
        qde,
        {f"sources/{MX_SOURCE_1}.txt": text.encode("utf-8"), f"sources/{MX_SOURCE_2}.txt": other.encode("utf-8")},
    )


# --- QualCoder 3.x --------------------------------------------------------------------------------------
# Shape: QualCoder's own exporter (github.com/ccbogel/QualCoder, src/qualcoder/refi.py, RefiExport):
# root with xmlns:xsd and xmlns:xsi and a random creatingUserGUID that is not among the Users; lower-case
# uuid4 GUIDs; codes with colours; one PlainTextSelection per code (a passage with two codes is two
# selections on the same span), named by the selected text, the coding memo as Description before Coding;
# text files written as UTF-8 *with a BOM* ("utf-8-sig") and LF line ends; annotations as a Note holding
# PlainTextContent and a PlainTextSelection, referred to by a NoteRef on the TextSource; journals as Notes
# with a plainTextPath and an empty Description; the project memo as <Description> at the end.
QC_USER_A, QC_USER_B = "5c94bc9e-db8c-4f1d-9cd6-e900c7440861", "5c94bc9e-db8c-4f1d-9cd6-e900c7440862"
QC_FAST, QC_QUEUE = "2dfba8c9-59f5-4424-99d6-ea9bce181341", "2dfba8c9-59f5-4424-99d6-ea9bce181342"
QC_SOURCE, QC_PLAIN = "a2b94468-80a5-412f-92d6-e900d97b55a6", "a2b94468-80a5-412f-92d6-e900d97b55a7"
QC_ANNOTATION, QC_JOURNAL = "0f758eeb-d61d-4e91-b250-79861c386901", "4691a8a0-d67c-4dcc-91d6-e9075dc230cc"


def qualcoder_project() -> bytes:
    text = TEXT_LF
    fast = span(text, FAST)
    memo = "<Description>pengode A: jelas</Description>"
    selections = "".join(
        [
            _selection("08cbced0-d736-44c8-8fd6-eb4d29fe4601", QC_USER_A, *fast, [QC_FAST], memo),
            _selection("08cbced0-d736-44c8-8fd6-eb4d29fe4602", QC_USER_A, *fast, [QC_QUEUE], memo),
            _selection("08cbced0-d736-44c8-8fd6-eb4d29fe4603", QC_USER_B, *fast, [QC_FAST]),
        ]
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 name="puskesmas.qda" origin="QualCoder 3.7" creatingUserGUID="9d6b3a2e-1c1f-4d3e-9a49-2c7e5b1f0a11"
 creationDateTime="2026-05-03T09:15:00Z" xmlns="urn:QDA-XML:project:1.0">
<Users>
<User guid="{QC_USER_A}" name="evaluator_a" />
<User guid="{QC_USER_B}" name="evaluator_b" />
</Users>
<CodeBook><Codes>
<Code guid="{QC_FAST}" name="Kecepatan" isCodable="true" color="#F781F3"><Description>Layanan cepat</Description></Code>
<Code guid="{QC_QUEUE}" name="Antrean" isCodable="true" color="#81BEF7"></Code>
</Codes></CodeBook>
<Sources>
<TextSource plainTextPath="internal://{QC_PLAIN}.txt" creatingUser="{QC_USER_A}"
 creationDateTime="2026-05-03T09:16:00Z" guid="{QC_SOURCE}" name="wawancara_kapus.txt">
{selections}
<NoteRef targetGUID="{QC_ANNOTATION}" />
</TextSource>
</Sources>
<Notes>
<Note guid="{QC_JOURNAL}" creatingUser="{QC_USER_A}" creationDateTime="2026-05-03T10:00:00Z" name="Jurnal lapangan"
 plainTextPath="internal://{QC_JOURNAL}.txt" ><Description /></Note>
<Note guid="{QC_ANNOTATION}" creatingUser="{QC_USER_A}" creationDateTime="2026-05-03T10:01:00Z" >
<PlainTextContent>Bandingkan dengan data SIMPUS</PlainTextContent>
<PlainTextSelection guid="d61907b2-d0d4-48dc-b8b7-5e4f7ae5faa6" startPosition="{fast[0]}" endPosition="{fast[1]}" />
</Note>
</Notes>
<Description>Studi evaluasi pelayanan prima</Description>
</Project>"""
    return qdpx(
        "project.qde",
        qde,
        {
            f"sources/{QC_PLAIN}.txt": text.encode("utf-8-sig"),
            f"sources/{QC_JOURNAL}.txt": "Hari pertama di lapangan.".encode("utf-8-sig"),
        },
    )


# --- Codebooks (.qdc) -----------------------------------------------------------------------------------
# Taguette exports only a codebook (.qdc), never a project: github.com/remram44/taguette, taguette/export.py
# codebook_xml(): default namespace urn:QDA-XML:codebook:1.0, origin "Taguette <version>", one flat <Code>
# per tag whose name is the tag path, GUID = upper-case uuid5 of the path, isCodable="true", no colour, no
# description, and always an empty <Sets/> (which Codebook.xsd does not allow).
def taguette_codebook() -> bytes:
    codes = "".join(
        f'<Code guid="{guid}" name="{name}" isCodable="true"/>'
        for guid, name in [
            ("6A1A3D2C-2E8B-5C0D-9F1E-3B4A5C6D7E01", "pelayanan.kecepatan"),
            ("6A1A3D2C-2E8B-5C0D-9F1E-3B4A5C6D7E02", "pelayanan.keramahan"),
            ("6A1A3D2C-2E8B-5C0D-9F1E-3B4A5C6D7E03", "anggaran"),
        ]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes>{codes}</Codes><Sets/></CodeBook>'
    ).encode()


# NVivo 12 for Mac codebook header, as reproduced by a public CSV-to-QDC converter written to be imported
# into "NVivo 12 For Mac": namespace "urn:QDA-XML:codebook:1:0" (colon, not dot), xsi:schemaLocation,
# standalone="no", colours on category codes, descriptions as <Description> children.
def nvivo_mac_codebook() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no" ?><CodeBook origin="NVivo 12 For Mac" '
        b'xmlns="urn:QDA-XML:codebook:1:0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xsi:schemaLocation="urn:QDA-XML:codebook:1:0 Codebook.xsd"><Codes>'
        b'<Code color="#00FF00" guid="1b594544-2954-4b67-86ff-fb552f090b01" isCodable="true" name="Pelayanan">'
        b'<Code guid="1b594544-2954-4b67-86ff-fb552f090b02" isCodable="true" name="Kecepatan">'
        b"<Description>Waktu tunggu</Description></Code>"
        b'<Code guid="1b594544-2954-4b67-86ff-fb552f090b03" isCodable="true" name="Keramahan"/>'
        b"</Code></Codes></CodeBook>"
    )


# --- The example in docs/panduan-wawancara.md (docs/examples/contoh-proyek.qdpx) ------------------------
# Plain REFI-QDA 1.0 as the standard describes it, nothing a tool adds: two coders, a code hierarchy with a
# set, one CRLF text source in sources/, coded selections with a memo as a Note. Written by
# ``python -m tilik.interviews.tests.qda_tools docs/examples/contoh-proyek.qdpx``.
EX_USER_A, EX_USER_B = "11111111-2222-4333-8444-5555555555a1", "11111111-2222-4333-8444-5555555555a2"
EX_PARENT, EX_FAST, EX_BUDGET, EX_FRIENDLY = (f"22222222-3333-4444-8555-6666666666b{i}" for i in range(4))
EX_SOURCE, EX_NOTE = "33333333-4444-4555-8666-7777777777c1", "44444444-5555-4666-8777-8888888888d1"


def example_project() -> bytes:
    text = TEXT_CRLF
    fast, budget, friendly = span(text, FAST), span(text, BUDGET), span(text, FRIENDLY)
    note = f'<NoteRef targetGUID="{EX_NOTE}"/>'
    selections = "".join(
        [
            _selection("55555555-6666-4777-8888-9999999999e1", EX_USER_A, *fast, [EX_FAST]),
            _selection("55555555-6666-4777-8888-9999999999e2", EX_USER_B, *fast, [EX_FAST]),
            _selection("55555555-6666-4777-8888-9999999999e3", EX_USER_A, *budget, [EX_BUDGET]).replace(
                "</PlainTextSelection>", f"{note}</PlainTextSelection>"
            ),
            _selection("55555555-6666-4777-8888-9999999999e4", EX_USER_B, *budget, [EX_BUDGET]),
            _selection("55555555-6666-4777-8888-9999999999e5", EX_USER_A, *friendly, [EX_FRIENDLY]),
        ]
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Contoh evaluasi pelayanan puskesmas" origin="Contoh Tilik"
 creationDateTime="2026-05-04T08:00:00Z">
  <Users>
    <User guid="{EX_USER_A}" name="evaluator_a"/>
    <User guid="{EX_USER_B}" name="evaluator_b"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{EX_PARENT}" name="Perubahan layanan" isCodable="false" color="#4E79A7">
        <Description>Kategori: pakai kode di bawahnya.</Description>
        <Code guid="{EX_FAST}" name="Kecepatan" isCodable="true" color="#59A14F">
          <Description>Waktu tunggu atau waktu layanan berubah.</Description>
        </Code>
        <Code guid="{EX_FRIENDLY}" name="Keramahan" isCodable="true"/>
      </Code>
      <Code guid="{EX_BUDGET}" name="Anggaran" isCodable="true" color="#E15759"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="{EX_SOURCE}" name="CONTOH-01" plainTextPath="internal://{EX_SOURCE}.txt">{selections}</TextSource>
  </Sources>
  <Notes>
    <Note guid="{EX_NOTE}" name="Memo anggaran"><PlainTextContent>Cek DPA 2027.</PlainTextContent></Note>
  </Notes>
  <Sets>
    <Set guid="66666666-7777-4888-8999-aaaaaaaaaaf1" name="Dampak langsung">
      <MemberCode targetGUID="{EX_FAST}"/><MemberCode targetGUID="{EX_FRIENDLY}"/>
    </Set>
  </Sets>
</Project>"""
    return qdpx("project.qde", qde, {f"sources/{EX_SOURCE}.txt": text.encode("utf-8")})


if __name__ == "__main__":
    import sys

    with open(sys.argv[1], "wb") as out:
        out.write(example_project())
