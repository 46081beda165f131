from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tilik.surveys.models import Instrument
from tilik.surveys.selectors.logic import relevance_of
from tilik.surveys.services.xlsform import XLSFormError, instrument_from_xlsform

pytestmark = pytest.mark.django_db

SURVEY_HEADER = [
    "type",
    "name",
    "label::Bahasa Indonesia (id)",
    "label::English (en)",
    "required",
    "relevant",
    "appearance",
    "hint",
    "parameters",
]


def workbook(survey: list[list[Any]], choices: list[list[Any]] | None = None, title: str = "") -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(SURVEY_HEADER)
    for row in survey:
        sheet.append(row)
    ch = book.create_sheet("choices")
    ch.append(["list_name", "name", "label::Bahasa Indonesia (id)", "label::English (en)"])
    for row in choices or []:
        ch.append(row)
    if title:
        st = book.create_sheet("settings")
        st.append(["form_title"])
        st.append([title])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


LIKERT = [
    ["setuju", str(i), label, en]
    for i, (label, en) in enumerate(
        [
            ("Sangat tidak setuju", "Strongly disagree"),
            ("Tidak setuju", "Disagree"),
            ("Setuju", "Agree"),
            ("Sangat setuju", "Strongly agree"),
        ],
        start=1,
    )
]


def test_imports_supported_types_groups_and_relevant():
    survey = [
        ["start", "start", "", "", "", "", "", ""],
        ["begin group", "g1", "Materi", "Content", "", "", "", ""],
        ["note", "n1", "Jawab dengan jujur.", "", "", "", "", ""],
        ["select_one setuju", "m1", "Materi relevan", "Relevant content", "yes", "", "likert", ""],
        ["select_one yt", "ikut", "Pernah ikut?", "", "yes", "", "", ""],
        ["text", "kapan", "Kapan?", "", "yes", "${ikut} = 'ya'", "", ""],
        ["end group", "", "", "", "", "", "", ""],
        ["select_multiple yt", "multi", "Pilih", "", "", "", "", ""],
        ["integer", "umur", "Umur", "Age", "", "", "", "tahun"],
        ["decimal", "jam", "Jam", "", "", "", "", ""],
        ["date", "tgl", "Tanggal", "", "", "", "", ""],
        ["range", "nps", "Rekomendasi", "", "", "", "", "", "start=0;end=10"],
        ["text", "saran", "Saran", "", "", "", "multiline", ""],
    ]
    choices = [*LIKERT, ["yt", "ya", "Ya", "Yes"], ["yt", "tidak", "Tidak", "No"]]
    instrument = instrument_from_xlsform(fileobj=workbook(survey, choices, "Uji XLSForm"), code="uji-xls", by=None)
    version = instrument.versions.get()
    types = dict(version.questions.values_list("code", "qtype"))
    assert instrument.title == "Uji XLSForm"
    assert types == {
        "m1": "likert",
        "ikut": "single",
        "kapan": "short_text",
        "multi": "multiple",
        "umur": "number",
        "jam": "number",
        "tgl": "date",
        "nps": "rating",
        "saran": "long_text",
    }
    kapan = version.questions.get(code="kapan")
    assert kapan.relevant == "${ikut} = 'ya'" and kapan.show_if_question is None  # the expression, as written
    m1 = version.questions.get(code="m1")
    assert m1.scale_points == 4 and m1.text_en == "Relevant content" and m1.required
    assert [c.label_en for c in m1.choices.all()][0] == "Strongly disagree"
    assert version.sections.get(title="Materi").intro == "Jawab dengan jujur."


def test_all_problems_listed_in_one_pass_and_nothing_written_until_accepted():
    survey = [
        ["text", "a", "A", "", "", "", "", ""],
        ["begin repeat", "r", "Ulang", "", "", "", "", ""],
        ["text", "anak", "Anak", "", "", "", "", ""],
        ["end repeat", "", "", "", "", "", "", ""],
        ["geopoint", "lokasi", "Lokasi", "", "", "", "", ""],
        ["text", "x", "X", "", "yes", "${a} > 3", "", ""],
        ["image", "foto", "Foto", "", "", "", "", ""],
        ["text", "y", "Y", "", "yes", "${foto} != ''", "", ""],
    ]
    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=workbook(survey), code="banyak", by=None)
    where = {(p.row, p.column, p.name) for p in exc.value.problems}
    assert where == {(6, "type", "lokasi"), (8, "type", "foto"), (9, "relevant", "y")}
    assert exc.value.can_import_rest
    assert not Instrument.objects.filter(code="banyak").exists()
    instrument = instrument_from_xlsform(fileobj=workbook(survey), code="banyak", by=None, accept_changes=True)
    version = instrument.versions.get()
    assert set(version.questions.values_list("code", flat=True)) == {"a", "anak", "lokasi", "x", "y"}
    x = version.questions.get(code="x")
    assert x.relevant == "${a} > 3" and x.required  # kept as written
    assert not version.questions.get(code="y").required  # its condition names a skipped question: gone, not forced
    assert version.questions.get(code="anak").section.repeat


def test_missing_choice_list_is_a_blocking_problem_in_indonesian():
    survey = [["select_one tidakada", "y", "Y", "", "", "", "", ""]]
    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=workbook(survey), code="ditolak", by=None, accept_changes=True)
    assert not exc.value.can_import_rest and "pyxform menolak" in " ".join(exc.value.messages)


def test_any_label_header_spelling_and_a_third_language_kept_and_noted():
    book = Workbook()
    sheet = book.active
    sheet.title = "SURVEY"
    sheet.append(["type", "name", "label::English", "label::Indonesian", "label::fr", "hint::id"])
    sheet.append(["text", "nama", "Name", "Nama", "Nom", "Nama lengkap"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=out, code="bahasa", by=None)
    assert [p.column for p in exc.value.problems] == ["label::fr"]
    out.seek(0)
    question = (
        instrument_from_xlsform(fileobj=out, code="bahasa", by=None, accept_changes=True).versions.get().questions.get()
    )
    assert (question.text, question.text_en, question.help_text) == ("Nama", "Name", "Nama lengkap")
    assert question.other_languages == {"label": {"fr": "Nom"}}  # the third language is kept, not dropped


def test_group_relevant_applies_to_its_questions_and_a_leading_note_is_kept():
    survey = [
        ["note", "salam", "Selamat datang", "", "", "", "", ""],
        ["select_one yt", "ikut", "Pernah ikut?", "", "", "", "", ""],
        ["begin group", "g", "Rincian", "", "", "${ikut} = 'ya'", "", ""],
        ["text", "kapan", "Kapan?", "", "", "", "", ""],
        ["end group", "", "", "", "", "", "", ""],
    ]
    choices = [["yt", "ya", "Ya", "Yes"], ["yt", "tidak", "Tidak", "No"]]
    instrument = instrument_from_xlsform(fileobj=workbook(survey, choices), code="grup", by=None)
    kapan = instrument.versions.get().questions.get(code="kapan")
    assert kapan.section.relevant == "${ikut} = 'ya'" and kapan.relevant == ""  # on the group, once
    assert relevance_of(kapan) == ["${ikut} = 'ya'"]
    assert instrument.intro == "Selamat datang"


def test_not_equal_and_legacy_select_and_or_other_mapped():
    survey = [
        ["select one from yt or specify other", "a", "A", "", "", "", "", ""],
        ["text", "b", "B", "", "", "${a} != 'tidak'", "", ""],
    ]
    choices = [["yt", "ya", "Ya", "Yes"], ["yt", "tidak", "Tidak", "No"]]
    instrument = instrument_from_xlsform(fileobj=workbook(survey, choices), code="lama", by=None)
    version = instrument.versions.get()
    assert list(version.questions.get(code="a").choices.values_list("value", flat=True)) == ["ya", "tidak", "other"]
    assert version.questions.get(code="b").relevant == "${a} != 'tidak'"
    # pyxform's ../a for or_other is written as a reference Tilik's engine and the export understand
    assert version.questions.get(code="a_other").relevant == "selected(${a}, 'other')"


def test_upload_page_shows_every_problem_then_imports_the_rest(client, evaluator):
    from django.urls import reverse

    survey = [
        ["geopoint", "lokasi", "Lokasi", "", "", "", "", ""],
        ["text", "a", "A", "", "", "", "", ""],
        ["time", "jam", "Jam", "", "", "", "", ""],
        ["audio", "suara", "Suara", "", "", "", "", ""],
    ]
    upload = workbook(survey)
    upload.name = "form.xlsx"
    client.force_login(evaluator)
    url = reverse("surveys:instruments")
    page = client.post(url, {"form": "xlsform", "xls-code": "halaman", "xls-file": upload}).content.decode()
    assert 'id="xlsform-masalah"' in page and "Impor sisanya" in page
    assert page.count("<td>survey</td>") == 2
    assert "Impor sisanya membuat 3 pertanyaan" in page
    assert not Instrument.objects.filter(code="halaman").exists()
    response = client.post(url, {"form": "xlsform_confirm"})
    assert response.status_code == 302
    assert Instrument.objects.get(code="halaman").versions.get().questions.count() == 3


def test_refuses_a_file_that_is_not_a_workbook():
    with pytest.raises(XLSFormError, match="XLSForm"):
        instrument_from_xlsform(fileobj=io.BytesIO(b"bukan excel"), code="x", by=None)


def test_upload_page_explains_a_refused_file_and_cancel_forgets_the_pending_one(client, evaluator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(evaluator)
    url = reverse("surveys:instruments")
    bad = SimpleUploadedFile("form.xls", b"bukan excel")
    response = client.post(url, {"form": "xlsform", "xls-code": "rusak", "xls-file": bad})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="xlsform-masalah"' in page and "Impor sisanya" not in page
    upload = workbook([["geopoint", "lokasi", "Lokasi", "", "", "", "", ""]])
    upload.name = "form.xlsx"
    client.post(url, {"form": "xlsform", "xls-code": "batal", "xls-file": upload})
    assert client.post(url, {"form": "xlsform_cancel"}).status_code == 302
    client.post(url, {"form": "xlsform_confirm"})
    assert not Instrument.objects.filter(code__in=["rusak", "batal"]).exists()


def test_duplicate_header_named_in_indonesian():
    from tilik.surveys.tests.xlsform_corpus import pyxform_rejects

    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=io.BytesIO(pyxform_rejects()["duplicate_header"]), code="ganda", by=None)
    (problem,) = exc.value.problems
    assert problem.column == "label" and "muncul dua kali" in problem.message
