"""Corpus test: pyxform (the reference converter) is the independent checker.

Every form pyxform accepts imports (with the listed changes accepted) and no label pyxform reads is
lost without a problem naming its question or language; forms pyxform refuses get a blocking problem
in Indonesian and write nothing.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from tilik.surveys.models import Choice, Instrument, Question, Section
from tilik.surveys.services.xlsform import METADATA, XLSFormError, instrument_from_xlsform, xlsform_plan
from tilik.surveys.tests.xlsform_corpus import corpus, pyxform_rejects

pytestmark = pytest.mark.django_db
CORPUS = corpus()
# Problems that say the question (or its text in that column) did not come in.
EXCUSES = {"type", "label", "hint", "choices", "calculation"}


def pyxform_labels(node: dict[str, Any], out: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(question name, language, text) of every label and hint pyxform read."""
    for child in node.get("children", []):
        if child.get("control", {}).get("bodyless") or child.get("type") in METADATA:
            continue
        name = child.get("name", "")
        for item in (child, *child.get("choices", [])):
            for key in ("label", "hint"):
                value = item.get(key)
                pairs = value.items() if isinstance(value, dict) else [("", value)] if value else []
                out.extend((name, lang, text) for lang, text in pairs)
        pyxform_labels(child, out)
    return out


def stored_strings(instrument: Instrument) -> list[str]:
    version = instrument.versions.get()
    strings = [instrument.intro]
    for s in Section.objects.filter(version=version):
        strings += [s.title, s.title_en, s.intro]
    for q in Question.objects.filter(version=version):
        strings += [q.text, q.text_en, q.help_text]
    for c in Choice.objects.filter(question__version=version):
        strings += [c.label, c.label_en]
    holders: list[Any] = [
        instrument,
        *Section.objects.filter(version=version),
        *Question.objects.filter(version=version),
    ]
    for holder in holders:
        strings += _nested_texts(holder.other_languages)
    for c in Choice.objects.filter(question__version=version):
        strings += _nested_texts(c.other_languages)
    return [s for s in strings if s]


def _nested_texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _nested_texts(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_form_pyxform_accepts_imports_and_loses_no_label_silently(name):
    data = CORPUS[name]
    reference = workbook_to_json(get_xlsform(data), form_name="data")  # raises if pyxform refuses
    plan = xlsform_plan(io.BytesIO(data), code="k")
    assert not plan.blocking, plan.problems
    instrument = instrument_from_xlsform(
        fileobj=io.BytesIO(data), code=f"k-{name}".replace("_", "-"), by=None, accept_changes=True
    )
    stored = stored_strings(instrument)
    silently_lost = [
        (q, lang, text)
        for q, lang, text in pyxform_labels(reference, [])
        if not any(text in s for s in stored) and not any(p.name == q and p.column in EXCUSES for p in plan.problems)
    ]  # every language is kept (other_languages), so no language excuses a lost label
    assert silently_lost == []


def test_the_whole_corpus_imports():
    imported = 0
    for name, data in CORPUS.items():
        try:
            instrument_from_xlsform(
                fileobj=io.BytesIO(data), code=f"c-{name}".replace("_", "-"), by=None, accept_changes=True
            )
        except XLSFormError:
            continue
        imported += 1
    assert imported == len(CORPUS)


@pytest.mark.parametrize("name", sorted(pyxform_rejects()))
def test_a_form_pyxform_refuses_gets_an_indonesian_blocking_problem_and_writes_nothing(name):
    with pytest.raises(XLSFormError) as exc:
        instrument_from_xlsform(fileobj=io.BytesIO(pyxform_rejects()[name]), code="tolak", by=None, accept_changes=True)
    assert exc.value.problems and not exc.value.can_import_rest
    assert not Instrument.objects.filter(code="tolak").exists()


def test_an_xls_file_imports_like_pyxform_reads_it():
    # Made from an openpyxl workbook (upper-case SURVEY sheet, legacy select with or_other, time)
    # by LibreOffice's "MS Excel 97" filter: openpyxl cannot write .xls.
    data = (Path(__file__).parent / "data" / "xlsform_contoh.xls").read_bytes()
    reference = workbook_to_json(get_xlsform(data), form_name="data")
    plan = xlsform_plan(io.BytesIO(data), code="xls")
    assert not plan.blocking, plan.problems
    instrument = instrument_from_xlsform(fileobj=io.BytesIO(data), code="xls", by=None, accept_changes=True)
    stored = stored_strings(instrument)
    # Every label is kept, the English note text too (in other_languages; the note names the language).
    assert [t for _q, _lang, t in pyxform_labels(reference, []) if not any(t in s for s in stored)] == []
    assert any(p.column == "label::English (en)" for p in plan.problems)
    assert instrument.title == "Contoh XLS"
