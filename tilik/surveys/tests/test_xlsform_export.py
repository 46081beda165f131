"""XLSForm export (issue 20 item 4): pyxform converts every exported instrument to an XForm, and
export → import gives the same instrument (sections, questions, choices, both languages, logic, scoring)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pyxform.builder import create_survey_element_from_dict
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from tilik.core.tests.factories import UserFactory
from tilik.surveys.selectors.instrument_spec import version_spec
from tilik.surveys.services.library import instrument_load_template, shipped_templates
from tilik.surveys.services.xlsform import instrument_from_xlsform, range_bounds, xlsform_plan
from tilik.surveys.tests.xlsform_corpus import corpus
from tilik.surveys.xlsform_export import spec_to_xlsform, version_xlsform

pytestmark = pytest.mark.django_db


def _same(spec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k != "code"}


def _xform(data: bytes) -> str:
    book = get_xlsform(data)
    return create_survey_element_from_dict(
        workbook_to_json(book, form_name="data", fallback_form_name=book.fallback_form_name)
    ).to_xml()


@pytest.mark.parametrize("name", sorted(shipped_templates()))
def test_every_shipped_template_exports_to_a_valid_xform_and_reimports_identically(name):
    by = UserFactory()
    original = instrument_load_template(name=name, by=by, code=f"asal-{name[:30]}")
    data = version_xlsform(original.versions.get())
    xml = _xform(data)  # pyxform, the reference converter, raises on an invalid form
    assert "<h:html" in xml and 'lang="Bahasa Indonesia (id)"' in xml
    plan = xlsform_plan(io.BytesIO(data), code="balik")
    assert plan.problems == []  # nothing to report: every field has its column
    copy = instrument_from_xlsform(fileobj=io.BytesIO(data), code="balik", by=by)
    assert _same(version_spec(copy.versions.get())) == _same(version_spec(original.versions.get()))


def test_scoring_fields_and_codes_that_are_not_xml_names_survive():
    spec = {
        "code": "uji",
        "title": "Uji",
        "title_en": "Test",
        "kind": "tes",
        "description": "internal",
        "intro": "Selamat datang",
        "sections": [
            {
                "title": "Satu",
                "title_en": "One",
                "intro": "Bagian pertama",
                "questions": [
                    {
                        "code": "1a",
                        "type": "single",
                        "text": "Pilih",
                        "text_en": "Pick",
                        "points": 5,
                        "choices": [
                            {"value": "a", "label": "A", "score": 3, "correct": True},
                            {"value": "2", "label": "Dua", "score": None},
                            {"value": "3", "label": "Tiga", "score": 7},
                        ],
                    },
                    {"code": "n", "type": "number", "text": "Berapa", "min": "1.5", "max": "9", "required": False},
                    {
                        "code": "sk",
                        "type": "likert",
                        "text": "Setuju?",
                        "scale_points": 4,
                        "construct": "kons",
                        "reverse": True,
                        "text_by_rater": {"atasan": "Atasan setuju?"},
                        "show_if": {"question": "1a", "values": ["a", "3"]},
                    },
                ],
            }
        ],
    }
    by = UserFactory()
    from tilik.surveys.services.library import instrument_from_spec

    original = instrument_from_spec(spec=spec, by=by)
    data = version_xlsform(original.versions.get())
    _xform(data)
    copy = instrument_from_xlsform(fileobj=io.BytesIO(data), code="uji2", by=by)
    got = version_spec(copy.versions.get())
    assert _same(got) == _same(version_spec(original.versions.get()))
    q1 = got["sections"][0]["questions"][0]
    assert q1["code"] == "1a" and [c["score"] for c in q1["choices"]] == [3, None, 7] and q1["choices"][0]["correct"]
    assert got["sections"][0]["questions"][1]["min"] == "1.5" and got["kind"] == "tes"


@pytest.mark.parametrize("name", sorted(corpus()))
def test_an_imported_corpus_form_exports_and_reimports_to_the_same_instrument(name):
    plan = xlsform_plan(io.BytesIO(corpus()[name]), code="k")
    if plan.spec is None or plan.blocking:
        pytest.skip("pyxform refuses this form or nothing importable remains")
    first_data = spec_to_xlsform(plan.spec)
    _xform(first_data)
    by = UserFactory()
    first = instrument_from_xlsform(fileobj=io.BytesIO(corpus()[name]), code="satu", by=by, accept_changes=True)
    exported = version_xlsform(first.versions.get())
    # The second time the only notes are the languages the respondent pages do not show (they are kept):
    # Tilik's own export says everything it holds.
    again_plan = xlsform_plan(io.BytesIO(exported), code="dua")
    assert all(p.column.split("::")[0] in ("label", "hint") and "::" in p.column for p in again_plan.problems)
    again = instrument_from_xlsform(fileobj=io.BytesIO(exported), code="dua", by=by, accept_changes=True)
    assert _same(version_spec(again.versions.get())) == _same(version_spec(first.versions.get()))


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        (". >= 1 and . <= 10", ("1", "10")),
        (".>=0", ("0", None)),
        ("(. <= 99.5)", (None, "99.5")),
        (". > 1", None),
        ("regex(., '^[0-9]+$')", None),
        ("", None),
    ],
)
def test_range_bounds(text, bounds):
    assert range_bounds(text) == bounds


def test_cli_exports_and_imports_with_a_json_summary(tmp_path, capsys):
    import json

    from django.core.management import call_command

    from tilik.core.models import AuditEvent, Role
    from tilik.core.tests.factories import make_user

    evaluator = make_user(Role.EVALUATOR)
    instrument_load_template(name="level1_reaksi", by=evaluator, code="reaksi-cli")
    out = tmp_path / "reaksi.xlsx"
    call_command("xlsform", "export", "reaksi-cli", "--output", str(out))
    assert AuditEvent.objects.filter(detail__what="surveys.xlsform:reaksi-cli").exists()
    capsys.readouterr()
    call_command("xlsform", "import", str(out), "--code", "reaksi-dry", "--dry-run", "--json")
    dry = json.loads(capsys.readouterr().out)
    assert dry["written"] is False and dry["problems"] == [] and dry["questions"] > 0
    assert dry["languages"] == ["Bahasa Indonesia (id)", "English (en)"]
    from tilik.surveys.models import Instrument

    assert not Instrument.objects.filter(code="reaksi-dry").exists()
    call_command("xlsform", "import", str(out), "--code", "reaksi-2", "--as", evaluator.username, "--json")
    done = json.loads(capsys.readouterr().out)
    assert done["written"] is True
    copy = Instrument.objects.get(code="reaksi-2")
    assert copy.versions.get().questions.count() == dry["questions"]


def test_evaluator_downloads_the_version_as_xlsform_and_it_is_audited(client):
    from django.urls import reverse

    from tilik.core.models import AuditEvent, Role
    from tilik.core.tests.factories import make_user

    evaluator = make_user(Role.EVALUATOR)
    version = instrument_load_template(name="skm_ikm", by=evaluator, code="skm-unduh").versions.get()
    client.force_login(evaluator)
    page = client.get(reverse("surveys:version", args=[version.pk])).content.decode()
    assert reverse("surveys:version_xlsform", args=[version.pk]) in page
    response = client.get(reverse("surveys:version_xlsform", args=[version.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('skm-unduh-v1.xlsx"')
    _xform(response.content)
    assert AuditEvent.objects.filter(action="data.export", detail__what="surveys.xlsform:skm-unduh").exists()


def test_logic_repeat_and_new_types_of_a_spec_round_trip_with_codes_that_are_not_xml_names():
    from tilik.surveys.services.library import instrument_from_spec

    spec = {
        "code": "logika-spec",
        "title": "Logika",
        "sections": [
            {
                "title": "Satu",
                "relevant": "",
                "questions": [
                    {
                        "code": "1a",
                        "type": "single",
                        "text": "Pilih",
                        "default": "b",
                        "choices": [
                            {"value": "a", "label": "A", "filters": {"grp": "x"}},
                            {"value": "b", "label": "B", "filters": {"grp": "y"}},
                        ],
                        "choice_filter": "grp != ''",
                    },
                    {
                        "code": "2b",
                        "type": "number",
                        "text": "Berapa",
                        "min": "1",
                        "max": "9",
                        "constraint_message": "Antara satu dan sembilan",
                    },
                    {"code": "hit", "type": "calculate", "text": "hit", "calculation": "${2b} * 2", "required": False},
                    {
                        "code": "urut",
                        "type": "rank",
                        "text": "Urutkan",
                        "choices": [{"value": "p", "label": "P"}, {"value": "q", "label": "Q"}],
                    },
                    {
                        "code": "ok",
                        "type": "acknowledge",
                        "text": "Setuju",
                        "show_if": {"question": "1a", "values": ["a"]},
                        "relevant": "${hit} > 2",
                    },
                    {
                        "code": "jam",
                        "type": "time",
                        "text": "Jam",
                        "constraint": ". > '08:00'",
                        "other_languages": {"constraint_message": {"English (en)": "After eight"}},
                        "constraint_message": "Setelah jam delapan",
                    },
                ],
            },
            {
                "title": "Ulang",
                "relevant": "selected(${1a}, 'a')",
                "repeat": True,
                "repeat_max": 5,
                "questions": [{"code": "dt", "type": "datetime", "text": "Kapan", "relevant": "${2b} > 1"}],
            },
        ],
    }
    by = UserFactory()
    original = instrument_from_spec(spec=spec, by=by)
    data = version_xlsform(original.versions.get())
    xml = _xform(data)
    assert "/data/bagian_1/q_1a" in xml and "${1a}" not in xml  # ${1a} written with the export's XML name
    assert xlsform_plan(io.BytesIO(data), code="x").problems == []
    copy = instrument_from_xlsform(fileobj=io.BytesIO(data), code="logika-balik", by=by, accept_changes=True)
    got = version_spec(copy.versions.get())
    assert _same(got) == _same(version_spec(original.versions.get()))
    ok = got["sections"][0]["questions"][4]
    assert ok["relevant"] == "(${hit} > 2) and (selected(${1a}, 'a'))"  # the builder's show-if is in it
    assert got["sections"][1]["repeat_max"] == 5 and got["sections"][1]["repeat"]
