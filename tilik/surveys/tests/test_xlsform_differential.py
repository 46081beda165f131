"""Differential test (issue 20): Tilik's reading of each generated XLSForm against pyxform's own JSON for
the same file — same questions (or a problem naming the one that did not come), same choices in order
(with their filter columns), every label and constraint message in every language, and the same logic:
relevant of groups and questions, constraint, calculation, default, choice_filter and repeat with its
count, each kept as pyxform read it (``../q`` written ``${q}``) or named in a problem."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from tilik.surveys.services.xlsform import METADATA, instrument_from_xlsform, xlsform_plan
from tilik.surveys.services.xlsform_expressions import normalise
from tilik.surveys.tests.xlsform_matrix import ATTACHMENTS, describe, matrix, size

MATRIX = matrix()
EXPECTED_TYPE = {
    "text": "short_text",
    "multiline": "long_text",
    "integer": "number",
    "decimal_bounds": "number",
    "integer_regex": "number",
    "date": "date",
    "time": "time",
    "datetime": "datetime",
    "geopoint": "short_text",
    "select_one": "single",
    "select_multiple": "multiple",
    "likert": "likert",
    "or_other": "single",
    "rating": "rating",
    "rank": "rank",
    "acknowledge": "acknowledge",
    "calculate": "calculate",
    "constraint_msg": "number",
    "default": "multiple",
    "choice_filter": "single",
    "from_file": "single",
}
NOTED_TYPES = {"geopoint"}  # comes as short text, with a problem that says so
CSV_CHOICES = [("w1", {"grp": "ya"}), ("w2", {"grp": "tidak"})]


def _questions(
    node: dict[str, Any], relevant: list[str], out: list[tuple[dict[str, Any], list[str], dict[str, Any]]]
) -> list:
    """(question, relevance expressions from the outermost group in, its innermost group) as pyxform read them."""
    for child in node.get("children", []):
        if child.get("control", {}).get("bodyless") or child.get("type") in METADATA:
            continue
        own = child.get("bind", {}).get("relevant")
        inherited = [*relevant, own] if own else relevant
        if child.get("type") in ("group", "repeat"):
            _questions(child, inherited, out)
        elif child.get("type") != "note":
            out.append((child, inherited, node))
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
        for item in (child, *child.get("choices", []), child.get("bind", {})):
            for key in ("label", "hint", "jr:constraintMsg"):
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
    plan = xlsform_plan(io.BytesIO(data), code="d", attachments=ATTACHMENTS)
    assert not plan.blocking, plan.problems
    spec = plan.spec
    assert spec is not None
    ours = {q["code"]: q for s in spec["sections"] for q in s["questions"]}
    section_of = {q["code"]: s for s in spec["sections"] for q in s["questions"]}
    named = {(p.name, p.column) for p in plan.problems}
    case = describe(name)

    # Same questions: each one pyxform reads is a Tilik question of the expected kind (same name).
    for question, relevant, group in _questions(reference, [], []):
        q = ours.get(question["name"])
        assert q is not None, f"{question['name']} missing and no problem names it"
        section = section_of[q["code"]]
        bind = question.get("bind", {})
        if question["name"] == "jawab":
            assert q["type"] == EXPECTED_TYPE[case["kind"]]
            if case["kind"] in NOTED_TYPES:
                assert ("jawab", "type") in named
        # Same choices, in pyxform's order (the CSV's for select_one_from_file), with their filter columns.
        if q["type"] in ("single", "multiple", "rank"):
            expected_choices = (
                CSV_CHOICES
                if str(question.get("itemset", "")).endswith(".csv")
                else [
                    (str(c["name"]), {k: str(v) for k, v in c.items() if k not in ("name", "label") and v})
                    for c in question["choices"]
                ]
            )
            assert [(c["value"], c["filters"]) for c in q["choices"]] == expected_choices
        if q["type"] == "likert":
            assert len(q["labels"]) == len(question["choices"]) == q["scale_points"]
        # Logic, as pyxform read it: relevance of the group (the section) and of the question.
        ours_relevant = [e for e in (section.get("relevant", ""), q.get("relevant", "")) if e]
        assert ours_relevant == [normalise(e) for e in relevant] or (question["name"], "relevant") in named
        assert q.get("calculation", "") == normalise(bind.get("calculate")) or q["type"] != "calculate"
        assert q.get("default", "") == str(question.get("default", "") or "")
        assert q.get("choice_filter", "") == normalise(question.get("choice_filter"))
        constraint = normalise(bind.get("constraint"))
        if q["type"] == "number" and constraint.startswith(". >=") and " and . <=" in constraint:
            assert f". >= {q['min']} and . <= {q['max']}" == constraint
        else:
            assert q.get("constraint", "") == constraint
        # Repeat: the section repeats, with pyxform's count.
        assert bool(section.get("repeat")) == (group.get("type") == "repeat")
        if group.get("type") == "repeat":
            assert section.get("repeat_count", "") == normalise(group.get("control", {}).get("jr:count"))

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
        instrument_from_xlsform(
            fileobj=io.BytesIO(data), code=f"m-{name}"[:80], by=None, accept_changes=True, attachments=ATTACHMENTS
        )
    from tilik.surveys.models import Instrument

    assert Instrument.objects.filter(code__startswith="m-").count() == len(MATRIX)
