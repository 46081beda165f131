"""Differential test (issue 20): Tilik's reading of each generated XLSForm against pyxform's own JSON for
the same file — same questions (or a problem naming the one that did not come), same choices in order,
every label in every language, and every relevant either kept as show-if or named in a problem."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from tilik.surveys.services.xlsform import METADATA, instrument_from_xlsform, xlsform_plan
from tilik.surveys.tests.xlsform_matrix import describe, matrix, size

MATRIX = matrix()
EXPECTED_TYPE = {
    "text": "short_text",
    "multiline": "long_text",
    "integer": "number",
    "decimal_bounds": "number",
    "integer_regex": "number",
    "date": "date",
    "time": "short_text",
    "datetime": "short_text",
    "geopoint": "short_text",
    "select_one": "single",
    "select_multiple": "multiple",
    "likert": "likert",
    "or_other": "single",
    "rating": "rating",
}
NOTED_TYPES = {"time", "datetime", "geopoint"}  # come as short text, with a problem that says so


def _questions(node: dict[str, Any], relevant: list[str], out: list[tuple[dict[str, Any], list[str]]]) -> list:
    for child in node.get("children", []):
        if child.get("control", {}).get("bodyless") or child.get("type") in METADATA:
            continue
        own = child.get("bind", {}).get("relevant")
        inherited = [*relevant, own] if own else relevant
        if child.get("type") in ("group", "repeat"):
            _questions(child, inherited, out)
        elif child.get("type") != "note":
            out.append((child, inherited))
    return out


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list | tuple):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _labels(node: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for child in node.get("children", []):
        if child.get("control", {}).get("bodyless") or child.get("type") in METADATA:
            continue
        for item in (child, *child.get("choices", [])):
            for key in ("label", "hint"):
                value = item.get(key)
                out += list(value.values()) if isinstance(value, dict) else ([value] if value else [])
        out += _labels(child)
    return out


def test_the_generated_corpus_is_large_and_all_pyxform_valid():
    assert len(MATRIX) == size() >= 100


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_tilik_reads_what_pyxform_reads(name):
    data = MATRIX[name]
    reference = workbook_to_json(get_xlsform(data), form_name="data")
    plan = xlsform_plan(io.BytesIO(data), code="d")
    assert not plan.blocking, plan.problems
    spec = plan.spec
    assert spec is not None
    ours = {q["code"]: q for s in spec["sections"] for q in s["questions"]}
    named = {(p.name, p.column) for p in plan.problems}
    case = describe(name)

    # Same questions: each one pyxform reads is a Tilik question of the expected kind (same name).
    for question, relevant in _questions(reference, [], []):
        q = ours.get(question["name"])
        assert q is not None, f"{question['name']} missing and no problem names it"
        if question["name"] == "jawab":
            assert q["type"] == EXPECTED_TYPE[case["kind"]]
            if case["kind"] in NOTED_TYPES:
                assert ("jawab", "type") in named
        # Same choices, in pyxform's order.
        if q["type"] in ("single", "multiple"):
            assert [c["value"] for c in q["choices"]] == [str(c["name"]) for c in question["choices"]]
        if q["type"] == "likert":
            assert len(q["labels"]) == len(question["choices"]) == q["scale_points"]
        # Logic: kept as show-if (with the values it means) or named in a problem.
        if relevant:
            if q.get("show_if"):
                expected = ["other"] if question["name"].endswith("_other") else ["ya"]
                assert q["show_if"]["values"] == expected
            else:
                assert (question["name"], "relevant") in named

    # Bounds become min/max; any other constraint is named.
    if case["kind"] == "decimal_bounds":
        assert (ours["jawab"]["min"], ours["jawab"]["max"]) == ("0", "24")
    if case["kind"] == "integer_regex":
        assert ("jawab", "constraint") in named

    # Every label and hint pyxform read, in every language, is in what Tilik will store.
    kept = _strings(spec)
    lost = [text for text in _labels(reference) if not any(text in s for s in kept)]
    assert lost == []
    # A language beyond Indonesian and English is named once (kept, but not shown to respondents).
    if case["languages"] == "three":
        assert any(p.column.endswith("::Balinese (ban)") for p in plan.problems)


@pytest.mark.django_db
def test_the_whole_generated_corpus_imports():
    for name, data in MATRIX.items():
        instrument_from_xlsform(fileobj=io.BytesIO(data), code=f"m-{name}"[:80], by=None, accept_changes=True)
    from tilik.surveys.models import Instrument

    assert Instrument.objects.filter(code__startswith="m-").count() == len(MATRIX)
