"""relevance_of: the section's expression, the question's and the builder's show-if, in that order."""

from __future__ import annotations

from typing import Any

import pytest

from tilik.surveys.choices import QuestionType
from tilik.surveys.models import Choice, Instrument, InstrumentVersion, Question, Section
from tilik.surveys.selectors.logic import relevance_of, xpath_literal


@pytest.fixture
def version(db: Any) -> InstrumentVersion:
    instrument = Instrument.objects.create(code="logika", title="Logika")
    return InstrumentVersion.objects.create(instrument=instrument, number=1)


def add(version: InstrumentVersion, section: Section, code: str, **fields: Any) -> Question:
    fields.setdefault("qtype", QuestionType.SHORT_TEXT)
    return Question.objects.create(version=version, section=section, code=code, text=code, **fields)


def test_relevance_combines_section_question_and_show_if(version: InstrumentVersion) -> None:
    plain = Section.objects.create(version=version, title="A")
    gated = Section.objects.create(version=version, title="B", relevant="${umur} >= 18")
    umur = add(version, plain, "umur", qtype=QuestionType.NUMBER)
    kerja = add(version, plain, "kerja", qtype=QuestionType.SINGLE)
    for order, value in enumerate(["ya", "tidak", "kadang's"]):
        Choice.objects.create(question=kerja, order=order, value=value, label=value)

    assert relevance_of(umur) == []
    own = add(version, plain, "alasan", relevant=" ${kerja} != 'ya' ")
    assert relevance_of(own) == ["${kerja} != 'ya'"]

    both = add(
        version,
        gated,
        "instansi",
        relevant="string-length(${alasan}) > 0",
        show_if_question=kerja,
        show_if_values=["ya", "kadang's"],
    )
    assert relevance_of(both) == [
        "${umur} >= 18",
        "string-length(${alasan}) > 0",
        "selected(${kerja}, 'ya') or selected(${kerja}, \"kadang's\")",
    ]
    # A show-if question with no values is no condition.
    empty = add(version, gated, "kosong", show_if_question=kerja, show_if_values=[])
    assert relevance_of(empty) == ["${umur} >= 18"]


def test_xpath_literal_picks_the_quote_the_value_lacks() -> None:
    assert xpath_literal("a") == "'a'"
    assert xpath_literal("a'b") == '"a\'b"'
