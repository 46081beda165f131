"""XLSForm logic kept as expressions (issue 20 items 1, 3, 4): calculate, constraint with its messages in
every language, default, choice_filter with the choices' columns, select_one_from_file with its CSV,
repeat groups, rank, acknowledge, time, datetime; every ${name} checked; export -> import gives it back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pyxform.builder import create_survey_element_from_dict
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from tilik.surveys.selectors.instrument_spec import version_spec
from tilik.surveys.services.xlsform import XLSFormError, instrument_from_xlsform, xlsform_plan
from tilik.surveys.tests.xlsform_corpus import book
from tilik.surveys.xlsform_export import version_xlsform

pytestmark = pytest.mark.django_db

HEADER = [
    "type",
    "name",
    "label::Bahasa Indonesia (id)",
    "label::English (en)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::Bahasa Indonesia (id)",
    "constraint_message::English (en)",
    "calculation",
    "default",
    "choice_filter",
    "repeat_count",
    "appearance",
]
CHOICES_HEADER = ["list_name", "name", "label::Bahasa Indonesia (id)", "label::English (en)", "kab"]
CHOICES = [
    ["kab", "dps", "Denpasar", "Denpasar", ""],
    ["kab", "bdg", "Badung", "Badung", ""],
    ["kec", "dpb", "Denpasar Barat", "West Denpasar", "dps"],
    ["kec", "dpt", "Denpasar Timur", "East Denpasar", "dps"],
    ["kec", "kuta", "Kuta", "Kuta", "bdg"],
    ["urut", "materi", "Materi", "Content", ""],
    ["urut", "pengajar", "Pengajar", "Trainer", ""],
    ["urut", "tempat", "Tempat", "Venue", ""],
]
CSV = b"name,label,kab\nbanjar1,Banjar Satu,dps\nbanjar2,Banjar Dua,bdg\n"


def row(**cells: str) -> list[str]:
    names = {"t": "type", "n": "name", "id": HEADER[2], "en": HEADER[3], "cmid": HEADER[7], "cmen": HEADER[8]}
    cells = {names.get(k, k): v for k, v in cells.items()}
    return [cells.get(c, "") for c in HEADER]


def form() -> bytes:
    return book(
        _survey_rows(), header=HEADER, choices=CHOICES, choices_header=CHOICES_HEADER, settings={"form_title": "Logika"}
    )


def _survey_rows() -> list[list[str]]:
    return [
        row(
            t="integer",
            n="umur",
            id="Umur",
            en="Age",
            required="yes",
            constraint=". >= 18 and . < 60",
            cmid="Umur 18 sampai 59",
            cmen="Age 18 to 59",
        ),
        row(t="calculate", n="pensiun", calculation="60 - ${umur}"),
        row(t="select_one kab", n="kab", id="Kabupaten", en="Regency", default="dps"),
        row(t="select_one kec", n="kec", id="Kecamatan", en="District", choice_filter="kab=${kab}"),
        row(t="select_one_from_file banjar.csv", n="banjar", id="Banjar", en="Hamlet", choice_filter="kab=${kab}"),
        row(t="begin_group", n="lanjut", id="Lanjutan", en="More", relevant="${umur} >= 40", appearance="field-list"),
        row(t="rank urut", n="prioritas", id="Urutkan", en="Rank"),
        row(t="acknowledge", n="setuju", id="Saya setuju", en="I agree"),
        row(t="end_group", n="lanjut"),
        row(t="integer", n="n_anak", id="Jumlah anak", en="Children"),
        row(t="begin_repeat", n="anak", id="Anak", en="Child", repeat_count="${n_anak}"),
        row(t="text", n="nama_anak", id="Nama anak", en="Child's name", relevant="${n_anak} > 0"),
        row(t="end_repeat", n="anak"),
        row(t="time", n="jam", id="Jam datang", en="Arrival time"),
        row(t="datetime", n="waktu", id="Waktu", en="Time", relevant="${pensiun} > 5"),
    ]


def _xform(data: bytes) -> str:
    workbook = get_xlsform(data)
    return create_survey_element_from_dict(workbook_to_json(workbook, form_name="data")).to_xml()


def _questions(instrument: Any) -> dict[str, Any]:
    return {q.code: q for q in instrument.versions.get().questions.select_related("section")}


def test_every_construct_is_kept_as_written_and_nothing_is_reported():
    plan = xlsform_plan(io.BytesIO(form()), code="logika", attachments={"banjar.csv": CSV})
    assert plan.problems == []
    instrument = instrument_from_xlsform(
        fileobj=io.BytesIO(form()), code="logika", by=None, attachments={"banjar.csv": CSV}
    )
    q = _questions(instrument)
    assert (q["umur"].constraint, q["umur"].constraint_message) == (". >= 18 and . < 60", "Umur 18 sampai 59")
    assert q["umur"].other_languages["constraint_message"] == {"English (en)": "Age 18 to 59"}
    assert (q["pensiun"].qtype, q["pensiun"].calculation, q["pensiun"].required) == ("calculate", "60 - ${umur}", False)
    assert q["kab"].default == "dps"
    assert q["kec"].choice_filter == "kab=${kab}"
    assert [(c.value, c.filters) for c in q["kec"].choices.all()] == [
        ("dpb", {"kab": "dps"}),
        ("dpt", {"kab": "dps"}),
        ("kuta", {"kab": "bdg"}),
    ]
    assert [(c.value, c.label, c.filters) for c in q["banjar"].choices.all()] == [
        ("banjar1", "Banjar Satu", {"kab": "dps"}),
        ("banjar2", "Banjar Dua", {"kab": "bdg"}),
    ]
    assert q["prioritas"].qtype == "rank" and q["prioritas"].choices.count() == 3
    assert q["setuju"].qtype == "acknowledge" and q["prioritas"].section.relevant == "${umur} >= 40"
    assert (q["jam"].qtype, q["waktu"].qtype, q["waktu"].relevant) == ("time", "datetime", "${pensiun} > 5")
    anak = q["nama_anak"].section
    assert (anak.repeat, anak.repeat_count, anak.title) == (True, "${n_anak}", "Anak")
    assert q["nama_anak"].relevant == "${n_anak} > 0"


def test_export_writes_it_all_back_pyxform_converts_it_and_import_gives_the_same_instrument():
    first = instrument_from_xlsform(fileobj=io.BytesIO(form()), code="satu", by=None, attachments={"banjar.csv": CSV})
    exported = version_xlsform(first.versions.get())
    xml = _xform(exported)  # pyxform raises on an invalid form
    assert 'jr:count=" /data/bagian_' in xml or "jr:count" in xml
    assert "choice_filter" not in xml and "kab=" in xml  # the filter became the itemset's predicate
    # The CSV's choices are written inline: the export needs no attachment.
    assert xlsform_plan(io.BytesIO(exported), code="x").problems == []
    again = instrument_from_xlsform(fileobj=io.BytesIO(exported), code="dua", by=None)

    def same(spec: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in spec.items() if k != "code"}

    assert same(version_spec(again.versions.get())) == same(version_spec(first.versions.get()))


def test_a_missing_csv_is_refused_with_its_name_and_nothing_is_written():
    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=io.BytesIO(form()), code="tanpa", by=None, accept_changes=True)
    (problem,) = exc.value.problems
    assert problem.blocking and problem.name == "banjar" and "banjar.csv" in problem.message
    assert "--attach banjar.csv" in problem.message


def test_a_csv_without_its_label_column_is_named_by_file_row_and_column():
    plan = xlsform_plan(io.BytesIO(form()), code="x", attachments={"banjar.csv": b"name,nama\nb1,Satu\n"})
    assert [(p.sheet, p.row, p.column, p.blocking) for p in plan.problems] == [("banjar.csv", 1, "label", True)]


def test_each_unknown_reference_is_one_blocking_row():
    survey = [
        row(t="integer", n="a", id="A"),
        row(t="text", n="b", id="B", relevant="${x} = 1 and ${a} > ${y}"),
        row(t="integer", n="c", id="C", constraint=". < ${x}"),
    ]
    plan = xlsform_plan(io.BytesIO(book(survey, header=HEADER)), code="x")
    rows = [(p.row, p.column, p.name, p.blocking) for p in plan.problems]
    assert rows == [(3, "relevant", "b", True), (3, "relevant", "b", True), (4, "constraint", "c", True)]
    assert not any(p.message.startswith("pyxform") for p in plan.problems)  # Indonesian, not pyxform's first
    assert ["${x}" in plan.problems[0].message, "${y}" in plan.problems[1].message] == [True, True]
    assert plan.blocking


def test_a_renamed_question_is_renamed_in_the_expressions_that_use_it():
    survey = [row(t="integer", n="umur.tahun", id="Umur"), row(t="text", n="b", id="B", relevant="${umur.tahun} > 3")]
    instrument = instrument_from_xlsform(
        fileobj=io.BytesIO(book(survey, header=HEADER)), code="r", by=None, accept_changes=True
    )
    assert _questions(instrument)["b"].relevant == "${umur_tahun} > 3"


def test_dynamic_default_and_calculation_on_a_question_are_reported_not_dropped_silently():
    survey = [
        row(t="integer", n="a", id="A", default="${b} + 1"),
        row(t="integer", n="b", id="B", calculation="1 + 1"),
    ]
    plan = xlsform_plan(io.BytesIO(book(survey, header=HEADER)), code="x")
    assert {(p.name, p.column) for p in plan.problems} == {("a", "default"), ("b", "calculation")}
    assert not plan.blocking


def test_cli_takes_the_csv_with_attach_and_counts_the_logic(tmp_path, capsys):
    import json

    from django.core.management import call_command

    (tmp_path / "logika.xlsx").write_bytes(form())
    (tmp_path / "banjar.csv").write_bytes(CSV)
    call_command("xlsform", "import", str(tmp_path / "logika.xlsx"), "--dry-run", "--json")
    refused = json.loads(capsys.readouterr().out)
    assert refused["blocking"] and any("banjar.csv" in p for p in refused["problems"])
    call_command(
        "xlsform",
        "import",
        str(tmp_path / "logika.xlsx"),
        "--attach",
        str(tmp_path / "banjar.csv"),
        "--dry-run",
        "--json",
    )
    done = json.loads(capsys.readouterr().out)
    # relevant x2 + group relevant + constraint + calculation + default + choice_filter x2 + repeat_count
    assert (done["blocking"], done["problems"], done["logic"]) == (False, [], 9)


def test_the_builder_shows_imported_logic_and_saving_a_question_keeps_it(client):
    from django.urls import reverse

    from tilik.core.models import Role
    from tilik.core.tests.factories import make_user

    evaluator = make_user(Role.EVALUATOR)
    instrument = instrument_from_xlsform(
        fileobj=io.BytesIO(form()), code="bld", by=None, attachments={"banjar.csv": CSV}
    )
    client.force_login(evaluator)
    version = instrument.versions.get()
    page = client.get(reverse("surveys:version", args=[version.pk])).content.decode()
    for shown in ("kab=${kab}", "60 - ${umur}", ". &gt;= 18 and . &lt; 60", "${umur} &gt;= 40", "${n_anak}"):
        assert shown in page
    kec = version.questions.get(code="kec")
    edit = client.get(reverse("surveys:question_edit", args=[kec.pk]))
    assert 'id="logika"' in edit.content.decode()
    form_obj = edit.context["form"]
    data = {f"q-{name}": value for name, value in form_obj.initial.items() if value not in (None, False)}
    data["q-text"] = "Kecamatan tempat tinggal"
    response = client.post(reverse("surveys:question_edit", args=[kec.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kec.refresh_from_db()
    assert (kec.text, kec.choice_filter) == ("Kecamatan tempat tinggal", "kab=${kab}")
    assert [c.filters for c in kec.choices.all()] == [{"kab": "dps"}, {"kab": "dps"}, {"kab": "bdg"}]


def test_an_expression_the_engine_cannot_read_is_dropped_with_what_happens_instead():
    survey = [
        row(t="integer", n="a", id="A"),
        row(t="text", n="b", id="B", required="yes", relevant="pulldata('x', 'y', 'z', ${a}) = 1"),
        row(t="integer", n="c", id="C", constraint=". >"),
        row(t="calculate", n="d", calculation="count(${a})"),
        row(t="text", n="e", id="E", relevant="${d} > 1"),
    ]
    plan = xlsform_plan(io.BytesIO(book(survey, header=HEADER)), code="x")
    rows = {(p.name, p.column): p.message for p in plan.problems}
    assert set(rows) == {("b", "relevant"), ("c", "constraint"), ("d", "calculation"), ("e", "relevant")}
    assert "pulldata" in rows[("b", "relevant")] and "tidak wajib" in rows[("b", "relevant")]
    assert "tidak dibatasi" in rows[("c", "constraint")]
    assert "${d}" in rows[("e", "relevant")]  # the calculation it used was not imported
    assert not plan.blocking
    questions = {q["code"]: q for s in plan.spec["sections"] for q in s["questions"]}
    assert set(questions) == {"a", "b", "c", "e"}
    assert (questions["b"].get("relevant"), questions["b"]["required"]) == (None, False)
    assert questions["c"].get("constraint") is None


def test_upload_page_takes_the_csv_beside_the_form_and_previews_every_expression(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tilik.core.models import Role
    from tilik.core.tests.factories import make_user
    from tilik.surveys.models import Instrument

    client.force_login(make_user(Role.EVALUATOR))
    url = reverse("surveys:instruments")
    workbook = SimpleUploadedFile("logika.xlsx", form())
    refused = client.post(url, {"form": "xlsform", "xls-code": "unggah", "xls-file": workbook}).content.decode()
    assert "banjar.csv" in refused and "Impor sisanya" not in refused  # refused with the reason, nothing kept
    survey_with_geopoint = book(
        [*_survey_rows(), row(t="geopoint", n="lokasi", id="Lokasi")],
        header=HEADER,
        choices=CHOICES,
        choices_header=CHOICES_HEADER,
    )
    page = client.post(
        url,
        {
            "form": "xlsform",
            "xls-code": "unggah",
            "xls-file": SimpleUploadedFile("logika.xlsx", survey_with_geopoint),
            "xls-attachments": [SimpleUploadedFile("banjar.csv", CSV)],
        },
    ).content.decode()
    assert 'id="xlsform-logika"' in page and "kab=${kab}" in page and "60 - ${umur}" in page
    assert client.post(url, {"form": "xlsform_confirm"}).status_code == 302
    banjar = Instrument.objects.get(code="unggah").versions.get().questions.get(code="banjar")
    assert list(banjar.choices.values_list("value", flat=True)) == ["banjar1", "banjar2"]
