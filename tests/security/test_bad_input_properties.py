"""Bad input at scale (issue 9): random and malformed files and form posts never crash Tilik.

Importers: every file goes through ``import_apply`` (the entry both `tilik import` and the web wizard
call). The property: either a clear Indonesian refusal (ImportRejected with row-level reasons) and no
row written, or a valid import. `tilik analyze`: exit 0, or exit 2 with a one-line Indonesian error.
Forms: survey answers, the public IKM form and the correction request answer 200 (with errors) or 302,
never 500, and the payloads come back escaped.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tilik.core.models import CorrectionRequest, Profile, Role
from tilik.core.tests.factories import UserFactory, make_employee, make_unit
from tilik.org.models import Employee, UnitMembership
from tilik.performance.catalogue import BUILTIN_BY_KEY
from tilik.performance.importing.common import ImportRejected
from tilik.performance.models import ImportBatch, ImportChange, Measurement
from tilik.performance.services_import import import_apply, import_preview
from tilik.programs.models import Enrollment
from tilik.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
LAYOUTS = {"measurements": "tilik-kinerja", "employees": "tilik-pegawai", "enrolments": "tilik-peserta"}
ZIP_BOMB_MESSAGE = "dicurigai zip bomb"


# --- files --------------------------------------------------------------------------------------


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inflating_xlsx(padding: int, *, level: int = 9) -> bytes:
    """A real XLSX whose sheet XML carries ``padding`` bytes of blanks: tiny packed, huge unpacked."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["nip", "nama"], ["1", "a"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>", 1)
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(member, "w", force_zip64=True) as sink:
                    sink.write(head + b"<sheetData>")
                    block = b" " * (1 << 20)
                    for _ in range(padding >> 20):
                        sink.write(block)
                    sink.write(tail)
            else:
                archive.writestr(info.filename, data)
    return out.getvalue()


def lying_xlsx(padding: int) -> bytes:
    """An XLSX whose sheet declares 2,000 bytes unpacked but inflates to ``padding``: the headers lie."""
    raw = bytearray(inflating_xlsx(padding))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("xl/worksheets/sheet1.xml")
    name = info.filename.encode()
    at = raw.find(b"PK\x01\x02")
    while at != -1:  # central directory entry: uncompressed size at +24 (0xFFFFFFFF means zip64 extra)
        if raw[at + 46 : at + 46 + struct.unpack_from("<H", raw, at + 28)[0]] == name:
            struct.pack_into("<I", raw, at + 24, 2000)
            extra_len = struct.unpack_from("<H", raw, at + 30)[0]
            _patch_zip64(raw, at + 46 + len(name), extra_len)
        at = raw.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", raw, info.header_offset + 22, 2000)
    local_name_len, local_extra_len = struct.unpack_from("<HH", raw, info.header_offset + 26)
    _patch_zip64(raw, info.header_offset + 30 + local_name_len, local_extra_len)
    return bytes(raw)


def _patch_zip64(raw: bytearray, start: int, length: int) -> None:
    """Rewrite the zip64 'uncompressed size' (first field of extra 0x0001) to 2,000 as well."""
    pos = start
    while pos + 4 <= start + length:
        tag, size = struct.unpack_from("<HH", raw, pos)
        if tag == 0x0001 and size >= 8:
            struct.pack_into("<Q", raw, pos + 4, 2000)
        pos += 4 + size


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """Sheet XML 210 MB unpacked (past MAX_UNZIPPED), about 1 MB packed."""
    return inflating_xlsx(210 << 20, level=1)


# --- import world -------------------------------------------------------------------------------


@pytest.fixture
def importer(db: Any) -> Any:
    user = UserFactory(username="evaluator_properti")
    Profile.objects.create(user=user, role=Role.EVALUATOR)
    dinkes = make_unit("Dinas Kesehatan", code="dinkes")
    make_unit("Puskesmas 1", code="pkm-1", unit_type="puskesmas", parent=dinkes)
    make_employee(name="I Made Satu")
    return user


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Employee, UnitMembership, Measurement, Enrollment, ImportBatch, ImportChange)
    )


def check_import(kind: str, content: bytes, filename: str, by: Any) -> ImportRejected | None:
    """The property: refused in Indonesian with nothing written, or imported with one batch."""
    mapping = BUILTIN_BY_KEY[LAYOUTS[kind]]["mapping"]
    before = counts()
    preview = import_preview(kind=kind, content=content, filename=filename, mapping=mapping)
    assert counts() == before, "a dry run wrote rows"
    try:
        batch = import_apply(kind=kind, content=content, filename=filename, mapping=mapping, by=by)
    except ImportRejected as exc:
        assert str(exc).startswith("Impor ditolak:") and "tidak ada data yang ditulis" in str(exc)
        assert exc.preview.errors, "a refusal without a reason"
        for error in exc.preview.errors:
            assert error.reason.strip() and "Traceback" not in error.reason
        assert not preview.ok
        assert counts() == before, "a refused import wrote rows"
        return exc
    assert preview.ok
    after = counts()
    assert after[4] == before[4] + 1 and batch.rows == preview.rows
    return None


def refusal(kind: str, content: bytes, filename: str, by: Any) -> str:
    rejected = check_import(kind, content, filename, by)
    assert rejected is not None, "expected a refusal"
    return " ".join(e.reason for e in rejected.preview.errors)


# --- strategies ---------------------------------------------------------------------------------

FORMULAS = st.sampled_from(
    ["=1+1", '=HYPERLINK("http://contoh.invalid","klik")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
LONG_CELL = st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "é", "9", "ꦲ"]), st.integers(1_000, 40_000))
CELL = st.one_of(TEXT, st.integers(-(10**12), 10**12), st.floats(allow_nan=True), FORMULAS, LONG_CELL, st.none())
KNOWN_HEADERS = sorted(
    {str(v) for layout in LAYOUTS.values() for v in BUILTIN_BY_KEY[layout]["mapping"].values() if isinstance(v, str)}
)
HEADER = st.one_of(st.sampled_from(KNOWN_HEADERS), TEXT)


@st.composite
def grids(draw: Callable[..., Any]) -> list[list[Any]]:
    width = draw(st.integers(1, 6))
    header = draw(st.lists(HEADER, min_size=width, max_size=width))
    body = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 1), max_size=8))
    return [header, *body]


def csv_text(grid: list[list[Any]], sep: str) -> str:
    return "\n".join(sep.join("" if c is None else str(c) for c in row) for row in grid) + "\n"


@st.composite
def csv_files(draw: Callable[..., Any]) -> bytes:
    text = csv_text(draw(grids()), draw(st.sampled_from([",", ";", "\t"])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]))
    content = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a NUL byte somewhere
        at = draw(st.integers(0, len(content)))
        content = content[:at] + b"\x00" + content[at:]
    if draw(st.booleans()):  # cut short, maybe inside a multi-byte character
        content = content[: draw(st.integers(0, len(content)))]
    return content


@st.composite
def xlsx_files(draw: Callable[..., Any]) -> bytes:
    content = xlsx_bytes(draw(grids()))
    mode = draw(st.sampled_from(["whole", "truncated", "flipped"]))
    # The file's length varies with the zip timestamps (the clock): draw positions independently of it,
    # or hypothesis sees a strategy that changes between runs (FlakyStrategyDefinition).
    position = draw(st.integers(0, 2**20)) % len(content)
    if mode == "truncated":
        content = content[:position]
    elif mode == "flipped":  # one corrupted byte (a bad CRC or a broken deflate stream)
        at = position
        content = content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]
    return content


KINDS = st.sampled_from(sorted(LAYOUTS))


# --- importers: properties ----------------------------------------------------------------------


@PROPERTY
@given(kind=KINDS, content=csv_files())
def test_random_csv_is_refused_clearly_or_imported(importer, kind, content):
    check_import(kind, content, "data.csv", importer)


@PROPERTY
@given(kind=KINDS, content=xlsx_files())
def test_random_or_broken_xlsx_is_refused_clearly_or_imported(importer, kind, content):
    check_import(kind, content, "data.xlsx", importer)


@PROPERTY
@given(kind=KINDS, content=st.binary(max_size=4096), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.txt", "a"]))
def test_random_bytes_under_any_name(importer, kind, content, name):
    check_import(kind, content, name, importer)


# --- importers: the named bad files -------------------------------------------------------------


def test_zip_bomb_is_refused_before_inflating(importer, bomb):
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert declared > 200 * 1024 * 1024 and len(bomb) < 2 * 1024 * 1024
    # The guard's own message (calamine's errors read differently): refused from the declared sizes.
    assert ZIP_BOMB_MESSAGE in refusal("employees", bomb, "pegawai.xlsx", importer)


def test_small_zip_bomb_is_refused_by_ratio(importer):
    content = inflating_xlsx(8 << 20)  # 8 MB of blanks in about 10 KB
    assert len(content) * 100 < 8 << 20
    assert ZIP_BOMB_MESSAGE in refusal("measurements", content, "kinerja.xlsx", importer)


def test_zip_bomb_with_lying_sizes_is_refused_by_the_reader(importer):
    content = lying_xlsx(64 << 20)
    sheet = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size == 2000  # passes the size guard: the reader must stop at the declared size
    reasons = refusal("employees", content, "pegawai.xlsx", importer)
    assert "tidak dapat dibaca" in reasons


def test_csv_named_xlsx_and_xls(importer):
    assert "bukan XLSX" in refusal("employees", b"nip,nama\n1,a\n", "pegawai.xlsx", importer)
    assert ".xls" in refusal("employees", b"\xd0\xcf\x11\xe0" + bytes(600), "pegawai.xls", importer)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("nip,nama\n1,a\n".encode("utf-16"), "UTF-16"),
        ("nip,nama\n1,a\n".encode("utf-16-le"), "biner"),
        (b"nip,nama\n1,\x00a\n", "biner"),
        (b"", "kosong"),
        (b"\n\n ,\n", "Berkas kosong"),
    ],
)
def test_named_bad_csv_files(importer, content, expected):
    assert expected in refusal("employees", content, "pegawai.csv", importer)


def test_bom_and_cp1252_are_read(importer):
    header = "nip,nama,golongan,kategori_jabatan,pendidikan,kode_unit\n"
    row = "198609262015051001,Ni Luh Ayu Sukarmé,III/a,pelaksana,S1,dinkes\n"
    for content in ((header + row).encode("utf-8-sig"), (header + row).encode("cp1252")):
        # Read, not refused for its encoding; what is left are row-level checks of the values.
        rejected = check_import("employees", content, "pegawai.csv", importer)
        if rejected is not None:
            assert all(e.row >= 2 for e in rejected.preview.errors), rejected.preview.errors


def test_oversized_upload_is_refused(importer, settings):
    settings.TILIK_IMPORT_MAX_BYTES = 1000
    assert "melebihi batas" in refusal("employees", b"nip,nama\n" + b"1,a\n" * 400, "pegawai.csv", importer)


def test_web_wizard_refuses_bomb_and_broken_xlsx_without_writing(importer, bomb, client):
    client.force_login(importer)
    broken = xlsx_bytes([["nip", "nama"], ["1", "a"]])[:700]
    for name, content, expected in (("bom.xlsx", bomb, ZIP_BOMB_MESSAGE), ("rusak.xlsx", broken, "rusak")):
        before = counts()
        upload = io.BytesIO(content)
        upload.name = name
        response = client.post(reverse("performance:import_upload"), {"kind": "employees", "file": upload})
        # Refused at upload since issue 19 (type checked before the file is kept): nothing to preview or apply.
        assert response.status_code == 200 and expected in response.content.decode()
        applied = client.post(reverse("performance:import_apply"))
        assert applied.status_code == 404 and counts() == before


# --- tilik analyze ------------------------------------------------------------------------------


def analyze(tmp_path: Any, capsys: Any, content: bytes, name: str) -> tuple[int, str]:
    from tilik.analyze.cli import main

    path = tmp_path / name
    path.write_bytes(content)
    code = main(["prepost", "--pre", "pre", "--post", "post", str(path)])
    err = capsys.readouterr().err
    return code, err


@PROPERTY
@given(
    content=st.one_of(csv_files(), xlsx_files(), st.binary(max_size=2048)),
    name=st.sampled_from(["nilai.csv", "nilai.xlsx"]),
)
def test_analyze_reads_or_refuses_in_one_indonesian_line(tmp_path, capsys, monkeypatch, content, name):
    monkeypatch.delenv("TILIK_DEBUG", raising=False)
    code, err = analyze(tmp_path, capsys, content, name)
    assert code in (0, 2), err  # 1 would be an internal error
    if code == 2:
        assert err.startswith("Galat:") and "Traceback" not in err


def test_analyze_refuses_zip_bomb(tmp_path, capsys, bomb):
    code, err = analyze(tmp_path, capsys, bomb, "nilai.xlsx")
    assert code == 2 and "zip" in err.lower()


# --- form endpoints -----------------------------------------------------------------------------

PAYLOADS = st.one_of(
    st.text(max_size=60),
    st.builds(lambda t: f"<script>alert({t!r})</script>", st.text(max_size=10)),
    st.builds(lambda t: f'"><img src=x onerror=alert(1)>{t}', st.text(max_size=10)),
    st.builds(lambda t: f"</textarea><svg onload=alert(1)>{t}", st.text(max_size=10)),
    st.sampled_from(["{{ 7*7 }}", "{% debug %}", '=HYPERLINK("http://x")', "\u202e\u0000\ufeff", "ꦲꦏ꧀ꦱꦫ"]),
)
SCRIPTY = re.compile(r"<(script|img|svg|/textarea)", re.IGNORECASE)


def assert_escaped(html: str, values: list[str]) -> None:
    for value in values:
        if SCRIPTY.search(value):
            assert value not in html, f"unescaped payload {value!r}"
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html.replace("&gt;", "")


@pytest.fixture
def waves(db: Any) -> Any:
    from tilik.surveys.choices import Audience
    from tilik.surveys.tests.conftest import load, open_wave

    unit = make_unit("Puskesmas Properti", unit_type="puskesmas", serves_public=True)
    return {
        "reaksi": open_wave(load("level1_reaksi")),
        "skm": open_wave(load("skm_ikm"), audience=Audience.PUBLIC, unit=unit, period="2026"),
    }


TEXT_CODES = ("BAIK", "SARAN", "LAYANAN")
REAKSI_VALID = {
    **{f"{p}{i}": "3" for p in ("PNY", "MAT", "PGJ", "SAR") for i in range(1, 7)},
    **{"NPS": "8", "BAIK": "Studi kasus", "SARAN": ""},
}
SKM_VALID = {
    **{f"U{i}": "3" for i in range(1, 10)},
    **{"USIA": "30_39", "JK": "P", "PENDIDIKAN": "s1", "PEKERJAAN": "swasta", "LAYANAN": "", "SARAN": ""},
}


@st.composite
def answer_posts(draw: Callable[..., Any], valid: dict[str, str]) -> dict[str, str]:
    """Mostly valid answers with random text in some fields (the rest valid or missing)."""
    data = {}
    for code, value in valid.items():
        how = draw(st.sampled_from(["valid", "valid", "payload", "missing"]))
        if how == "valid":
            data[f"q_{code}"] = draw(PAYLOADS) if code in TEXT_CODES else value
        elif how == "payload":
            data[f"q_{code}"] = draw(PAYLOADS)
    return data


def posted(valid: dict[str, str], **text: str) -> dict[str, str]:
    return {f"q_{code}": text.get(code, value) for code, value in valid.items()}


@PROPERTY
@given(data=answer_posts(REAKSI_VALID), action=st.sampled_from(["submit", "save", "", "<b>x</b>"]))
@example(data=posted(REAKSI_VALID, SARAN="<script>alert(1)</script>"), action="submit")
@example(data=posted(REAKSI_VALID, SARAN="a\x00b"), action="save")  # PostgreSQL stores no NUL (was a 500)
def test_token_survey_posts_never_500(waves, data, action):
    from tilik.surveys.tests.conftest import invite

    (token,) = invite(waves["reaksi"])
    before = set(Response.objects.values_list("pk", flat=True))
    response = Client().post(f"/s/t/{token}/", {**data, "action": action})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert_escaped(response.content.decode(), list(data.values()))
        assert set(Response.objects.values_list("pk", flat=True)) == before
    else:
        # Examples share the database and response ids are random: the new one is the one not there before.
        (new,) = Response.objects.exclude(pk__in=before)
        stored = set(Answer.objects.filter(response=new).values_list("text", flat=True))
        for code in ("BAIK", "SARAN"):  # free text is stored as typed (stripped), escaped only on output
            value = data.get(f"q_{code}", "").strip()
            if value and "\x00" not in value:
                assert value in stored


@PROPERTY
@given(data=answer_posts(SKM_VALID), consent=st.sampled_from(["1", "", "ya", "<script>"]))
@example(data=posted(SKM_VALID, SARAN="<script>x</script>"), consent="1")
def test_public_ikm_posts_never_500(waves, settings, data, consent):
    settings.TILIK_PUBLIC_RATE_LIMIT = 10_000
    wave = waves["skm"]
    before = Response.objects.count()
    response = Client().post(f"/s/p/{wave.public_slug}/", {**data, "consent": consent})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert_escaped(response.content.decode(), list(data.values()))
        assert Response.objects.count() == before
    else:
        assert consent == "1" and Response.objects.count() == before + 1


@PROPERTY
@given(field=PAYLOADS, requested=PAYLOADS, reason=PAYLOADS)
@example(field="<script>alert(1)</script>", requested='"><img src=x onerror=alert(1)>', reason="")
def test_correction_request_posts_never_500_and_render_escaped(importer, field, requested, reason):
    peserta = UserFactory()
    employee = make_employee(name="Made Properti")
    Profile.objects.create(user=peserta, role=Role.PARTICIPANT, employee=employee)
    asn = Client()
    asn.force_login(peserta)
    before = CorrectionRequest.objects.count()
    response = asn.post(reverse("my_data"), {"field": field, "requested_value": requested, "reason": reason})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert CorrectionRequest.objects.count() == before
        assert_escaped(response.content.decode(), [field, requested, reason])
        return
    assert CorrectionRequest.objects.count() == before + 1
    evaluator = Client()
    evaluator.force_login(importer)
    assert_escaped(evaluator.get(reverse("correction_queue")).content.decode(), [field, requested, reason])
