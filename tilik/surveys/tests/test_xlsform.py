from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

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
        ["range", "nps", "Rekomendasi", "", "", "", "", ""],
        ["text", "saran", "Saran", "", "", "", "multiline", ""],
    ]
    choices = [*LIKERT, ["yt", "ya", "Ya", "Yes"], ["yt", "tidak", "Tidak", "No"]]
    instrument = instrument_from_xlsform(
        fileobj=workbook(survey, choices, "Uji XLSForm"), code="uji-xls", by=None
    )
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
    assert kapan.show_if_question is not None and kapan.show_if_question.code == "ikut"
    assert kapan.show_if_values == ["ya"]
    m1 = version.questions.get(code="m1")
    assert m1.scale_points == 4 and m1.text_en == "Relevant content" and m1.required
    assert [c.label_en for c in m1.choices.all()][0] == "Strongly disagree"
    assert version.sections.get(title="Materi").intro == "Jawab dengan jujur."


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["begin repeat", "r", "Ulang", "", "", "", "", ""], "repeat tidak didukung"),
        (["calculate", "c", "", "", "", "", "", ""], "tidak didukung"),
        (["geopoint", "lokasi", "Lokasi", "", "", "", "", ""], "geopoint"),
        (["text", "x", "X", "", "", "${a} > 3", "", ""], "relevant"),
        (["select_one tidakada", "y", "Y", "", "", "", "", ""], "tidakada"),
    ],
)
def test_refuses_unsupported_constructs_with_the_row(row, message):
    survey = [["text", "a", "A", "", "", "", "", ""], row]
    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=workbook(survey), code="ditolak", by=None)
    text = " ".join(exc.value.messages)
    assert "Baris 3" in text and message in text


def test_refuses_a_file_that_is_not_a_workbook():
    with pytest.raises(XLSFormError, match="XLSX"):
        instrument_from_xlsform(fileobj=io.BytesIO(b"bukan excel"), code="x", by=None)
