"""An instrument version as the plain spec services.library loads (the inverse of instrument_from_spec).

The XLSForm export writes this spec, and round-trip tests compare specs, so "the same instrument" has one
meaning: same sections, questions, choices, labels in both languages, logic and Tilik's scoring fields.
"""

from __future__ import annotations

from typing import Any

from tilik.surveys.choices import QuestionType
from tilik.surveys.models import InstrumentVersion


def _number(value: Any) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def question_spec(question: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "code": question.code,
        "type": question.qtype,
        "text": question.text,
        "text_en": question.text_en,
        "required": question.required,
        "help": question.help_text,
        "construct": question.construct,
        "reverse": question.reverse_keyed,
        "unsur": question.ikm_unsur,
        "points": question.points,
        "text_by_rater": dict(question.text_by_rater or {}),
        "min": _number(question.min_value),
        "max": _number(question.max_value),
        "other_languages": question.other_languages or {},
    }
    choices = list(question.choices.all())
    if question.qtype == QuestionType.LIKERT:
        spec["scale_points"] = question.scale_points
        spec["labels"] = [[c.label, c.label_en] for c in choices]
        if any(c.other_languages for c in choices):
            spec["label_languages"] = [c.other_languages or {} for c in choices]
    elif choices:
        spec["choices"] = [
            {
                "value": c.value,
                "label": c.label,
                "label_en": c.label_en,
                "score": c.score,
                "correct": c.is_correct,
                "other_languages": c.other_languages or {},
            }
            for c in choices
        ]
    if question.show_if_question_id:
        spec["show_if"] = {"question": question.show_if_question.code, "values": list(question.show_if_values)}
    return spec


def version_spec(version: InstrumentVersion) -> dict[str, Any]:
    instrument = version.instrument
    sections = []
    for section in version.sections.order_by("order", "id").prefetch_related("questions__choices"):
        questions = sorted(section.questions.all(), key=lambda q: (q.order, q.id))
        sections.append(
            {
                "title": section.title,
                "title_en": section.title_en,
                "intro": section.intro,
                "other_languages": section.other_languages or {},
                "questions": [question_spec(q) for q in questions],
            }
        )
    return {
        "code": instrument.code,
        "title": instrument.title,
        "title_en": instrument.title_en,
        "kind": instrument.kind,
        "description": instrument.description,
        "intro": instrument.intro,
        "other_languages": instrument.other_languages or {},
        "sections": sections,
    }
