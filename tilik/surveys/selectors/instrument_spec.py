"""An instrument version as the plain spec services.library loads (the inverse of instrument_from_spec).

The XLSForm export writes this spec, and round-trip tests compare specs, so "the same instrument" has one
meaning: same sections, questions, choices, labels in every language, logic and Tilik's scoring fields.

Logic is written as expressions (ODK XPath): a question's "relevant" is its own expression and the builder's
show-if compiled to ``selected()`` (selectors.logic), joined with ``and``, so an instrument made in the builder
and the same instrument read back from its XLSForm have the same spec.
"""

from __future__ import annotations

from typing import Any

from tilik.surveys.choices import QuestionType
from tilik.surveys.models import InstrumentVersion
from tilik.surveys.selectors.logic import show_if_expression

QUESTION_LOGIC = ("constraint", "constraint_message", "calculation", "default", "choice_filter", "appearance")


def own_relevance(question: Any) -> str:
    """The question's own relevance as one expression: its ``relevant`` and the builder's show-if."""
    parts = [p for p in ((question.relevant or "").strip(), show_if_expression(question)) if p]
    return parts[0] if len(parts) == 1 else " and ".join(f"({p})" for p in parts)


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
        "relevant": own_relevance(question),
        **{key: getattr(question, key) for key in QUESTION_LOGIC},
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
                "filters": c.filters or {},
            }
            for c in choices
        ]
    return spec


def version_spec(version: InstrumentVersion) -> dict[str, Any]:
    instrument = version.instrument
    sections = []
    sections_qs = version.sections.order_by("order", "id").prefetch_related(
        "questions__choices", "questions__show_if_question"
    )
    for section in sections_qs:
        questions = sorted(section.questions.all(), key=lambda q: (q.order, q.id))
        sections.append(
            {
                "title": section.title,
                "title_en": section.title_en,
                "intro": section.intro,
                "other_languages": section.other_languages or {},
                "relevant": section.relevant,
                "repeat": section.repeat,
                "repeat_count": section.repeat_count,
                "repeat_max": section.repeat_max,
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
