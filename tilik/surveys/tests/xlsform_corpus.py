"""Representative XLSForms built with openpyxl: one per feature the importer must accept or explain.

pyxform ships no test forms in its wheel, so the corpus is written here. Each form is valid for
pyxform (the corpus test checks that first); ``pyxform_rejects`` holds forms pyxform refuses.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

EN_ID = ["label::English (en)", "label::Indonesian"]
YT = [["yt", "ya", "Yes", "Ya"], ["yt", "tidak", "No", "Tidak"]]
LIKERT = [
    ["s4", str(i), en, ind]
    for i, (en, ind) in enumerate(
        [
            ("Strongly disagree", "Sangat tidak setuju"),
            ("Disagree", "Tidak setuju"),
            ("Agree", "Setuju"),
            ("Strongly agree", "Sangat setuju"),
        ],
        start=1,
    )
]


def book(
    survey: list[list[Any]],
    *,
    header: list[str] | None = None,
    choices: list[list[Any]] | None = None,
    choices_header: list[str] | None = None,
    settings: dict[str, str] | None = None,
    sheet_names: tuple[str, str, str] = ("survey", "choices", "settings"),
) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = sheet_names[0]
    sheet.append(header or ["type", "name", *EN_ID])
    for row in survey:
        sheet.append(row)
    if choices is not None:
        ch = wb.create_sheet(sheet_names[1])
        ch.append(choices_header or ["list_name", "name", *EN_ID])
        for row in choices:
            ch.append(row)
    if settings:
        st = wb.create_sheet(sheet_names[2])
        st.append(list(settings))
        st.append(list(settings.values()))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def corpus() -> dict[str, bytes]:
    rel = ["type", "name", *EN_ID, "relevant"]
    return {
        "basic_types": book(
            [
                ["text", "nama", "Name", "Nama"],
                ["integer", "umur", "Age", "Umur"],
                ["decimal", "jam", "Hours", "Jam"],
                ["date", "tgl", "Date", "Tanggal"],
                ["select_one yt", "ikut", "Attended?", "Pernah ikut?"],
                ["select_multiple yt", "multi", "Pick", "Pilih"],
            ],
            choices=YT,
            settings={"form_title": "Dasar"},
        ),
        "plain_label": book(
            [["text", "a", "Apa kabar?"], ["select_one yt", "b", "Setuju?"]],
            header=["type", "name", "label"],
            choices=[["yt", "ya", "Ya"], ["yt", "tidak", "Tidak"]],
            choices_header=["list_name", "name", "label"],
        ),
        "label_codes_id_en": book(
            [["text", "a", "Name", "Nama"], ["integer", "b", "Age", "Umur"]],
            header=["type", "name", "label::en", "label::id"],
        ),
        "label_single_colon": book(
            [["text", "a", "Name", "Nama"]], header=["type", "name", "label:English", "label:Bahasa Indonesia"]
        ),
        "third_language": book(
            [["text", "a", "Name", "Nama", "Nom"], ["integer", "b", "Age", "Umur", "Âge"]],
            header=["type", "name", *EN_ID, "label::Français (fr)"],
        ),
        "hints_two_languages": book(
            [["text", "a", "Name", "Nama", "Full name", "Nama lengkap"]],
            header=["type", "name", *EN_ID, "hint::English (en)", "hint::Indonesian"],
        ),
        "group_relevant": book(
            [
                ["select_one yt", "ikut", "Attended?", "Pernah ikut?", ""],
                ["begin group", "g", "Details", "Rincian", "${ikut} = 'ya'"],
                ["text", "kapan", "When?", "Kapan?", ""],
                ["integer", "berapa", "How often?", "Berapa kali?", ""],
                ["end group", "", "", "", ""],
            ],
            header=rel,
            choices=YT,
        ),
        "note_before_group": book(
            [
                ["note", "salam", "Welcome", "Selamat datang"],
                ["begin group", "g", "Part 1", "Bagian 1"],
                ["text", "a", "Name", "Nama"],
                ["end group", "", "", ""],
            ]
        ),
        "calculate": book(
            [
                ["integer", "a", "A", "A id", ""],
                ["calculate", "dua", "", "", "${a} * 2"],
            ],
            header=["type", "name", *EN_ID, "calculation"],
        ),
        "constraint": book(
            [["integer", "umur", "Age", "Umur", ". >= 18", "Must be adult"]],
            header=["type", "name", *EN_ID, "constraint", "constraint_message"],
        ),
        "choice_filter": book(
            [
                ["select_one prov", "prov", "Province", "Provinsi", ""],
                ["select_one kota", "kota", "City", "Kota", "prov=${prov}"],
            ],
            header=["type", "name", *EN_ID, "choice_filter"],
            choices=[
                ["prov", "bali", "Bali", "Bali", ""],
                ["prov", "ntb", "NTB", "NTB", ""],
                ["kota", "dps", "Denpasar", "Denpasar", "bali"],
                ["kota", "mtr", "Mataram", "Mataram", "ntb"],
            ],
            choices_header=["list_name", "name", *EN_ID, "prov"],
        ),
        "repeat": book(
            [
                ["begin repeat", "anak", "Child", "Anak"],
                ["text", "nama_anak", "Name", "Nama"],
                ["end repeat", "", "", ""],
            ]
        ),
        "relevant_not_equal_and_or": book(
            [
                ["select_one tiga", "a", "A", "A id", ""],
                ["text", "b", "B", "B id", "${a} != 'x'"],
                ["text", "c", "C", "C id", "${a} = 'x' or ${a} = 'y'"],
                ["text", "d", "D", "D id", "${a} != 'x' and ${a} != 'y'"],
                ["integer", "e", "E", "E id", ""],
                ["text", "f", "F", "F id", "${a} = 'x' and ${e} > 3"],
            ],
            header=rel,
            choices=[["tiga", v, v.upper(), v] for v in ("x", "y", "z")],
        ),
        "legacy_select_syntax": book(
            [["select one from yt", "a", "A", "A id"], ["select all that apply from yt", "b", "B", "B id"]],
            choices=YT,
        ),
        "or_other": book([["select_one yt or_other", "a", "A", "A id"]], choices=YT),
        "time_datetime": book([["time", "jam", "Time", "Jam"], ["datetime", "waktu", "When", "Waktu"]]),
        "geopoint": book([["geopoint", "lokasi", "Location", "Lokasi"]]),
        "email_and_metadata": book(
            [
                ["start", "start", "", "", ""],
                ["email", "surel_meta", "", "", ""],
                ["text", "surel", "E-mail", "Surel", "regex(., '^[^@]+@[^@]+$')"],
            ],
            header=["type", "name", *EN_ID, "constraint"],
        ),
        "upper_case_sheets": book(
            [["select_one yt", "a", "A", "A id"]], choices=YT, sheet_names=("SURVEY", "CHOICES", "SETTINGS")
        ),
        "likert_and_range": book(
            [
                ["select_one s4", "m1", "Relevant", "Relevan", "likert", ""],
                ["range", "nps", "Recommend", "Rekomendasi", "", "start=0;end=10"],
                ["range", "skor", "Score", "Skor", "", "start=1;end=5"],
            ],
            header=["type", "name", *EN_ID, "appearance", "parameters"],
            choices=LIKERT,
        ),
        "default_language_setting": book(
            [["text", "a", "Nama", "Name"]],
            header=["type", "name", "label", "label::English (en)"],
            settings={"form_title": "Bahasa bawaan", "default_language": "Indonesian"},
        ),
        "nested_groups": book(
            [
                ["begin group", "luar", "Outer", "Luar"],
                ["begin group", "dalam", "Inner", "Dalam"],
                ["text", "a", "A", "A id"],
                ["end group", "", "", ""],
                ["end group", "", "", ""],
            ]
        ),
        "media_question": book([["image", "foto", "Photo", "Foto"], ["text", "a", "A", "A id"]]),
        "long_names": book([["text", "nama.dengan.titik", "Dotted", "Bertitik"]]),
    }


def pyxform_rejects() -> dict[str, bytes]:
    return {
        "duplicate_header": book([["text", "a", "A", "B"]], header=["type", "name", "label", "label"]),
        "missing_list": book([["select_one tidakada", "a", "A", "A id"]], choices=YT),
        "not_a_workbook": b"bukan excel",
    }
