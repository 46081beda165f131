"""XLSForm logic on the respondent page, server side: relevance, calculations, choice filters, repeats.

Every expression is evaluated by tilik.surveys.expr, the engine the browser's form_logic.js mirrors
(static/surveys/expr.js), so a page without JavaScript shows and accepts exactly what a page with it does.

Answers are handled as ODK holds them: one string per question (``''`` when empty, multi-select and
rank as space-separated choice values, numbers as typed with a decimal point, dates ISO). A *slot* is
one question in one iteration: outside repeat groups iteration 0, inside them 1..n. An expression
inside iteration i sees that iteration's answers over the rest; outside, a repeated question's
``${name}`` is its first iteration. A question that is not relevant counts as empty, as in ODK.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tilik.surveys import expr
from tilik.surveys.choices import QuestionType
from tilik.surveys.models import Choice, Question, Section
from tilik.surveys.selectors.logic import relevance_of

log = logging.getLogger(__name__)

# Fixed-point passes over the form: calculations and relevance may refer to later questions.
PASSES = 4


def slot_name(question: Question, index: int) -> str:
    """The form field of one question in one iteration (0: outside a repeat group)."""
    return f"q_{question.code}" if index == 0 else f"q_{question.code}__{index}"


def repeat_field(section: Section) -> str:
    """The hidden input holding how many iterations of a respondent-sized repeat group there are."""
    return f"rep_{section.pk}"


def odk_string(question: Question, value: Any) -> str:
    """A cleaned form value as ODK holds it."""
    if value is None or value == "" or value == [] or value is False:
        return ""
    if value is True:
        return "OK"
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


@dataclass
class Evaluator:
    """Evaluates expressions (``today``/``now`` fixed only when given); a broken expression counts as given.

    The importer checks every expression (expr.check); one that still fails here (a runtime type
    problem) is logged and treated as true for relevance and constraints, empty for calculations,
    so a respondent is never locked out by an author's mistake.
    """

    today: dt.date | None = None  # None: the engine's today()/now(), in WITA as the browser's evaluator
    now: dt.datetime | None = None

    def value(self, expression: str, values: Mapping[str, str], **kw: Any) -> Any:
        return expr.evaluate(expression, values, today=self.today, now=self.now, **kw)

    def truth(self, expression: str, values: Mapping[str, str], **kw: Any) -> bool:
        try:
            return expr.as_bool(self.value(expression, values, **kw))
        except Exception:  # noqa: BLE001 - an author's expression must not break a respondent's page
            log.warning("expression failed, taken as true: %s", expression, exc_info=True)
            return True

    def string(self, expression: str, values: Mapping[str, str]) -> str:
        try:
            return expr.as_string(self.value(expression, values))
        except Exception:  # noqa: BLE001
            log.warning("calculation failed, left empty: %s", expression, exc_info=True)
            return ""


@dataclass
class FormState:
    """The outcome of evaluating a form's logic over answers so far."""

    counts: dict[int, int]  # iterations per repeat section (pk)
    values: dict[str, str]  # ODK value per slot name (non-relevant slots are '')
    relevant: dict[str, bool]  # per slot name
    offered: dict[str, list[str]]  # per slot name of a question with a choice_filter: choice values offered

    def slots(self, question: Question) -> list[int]:
        section = question.section
        if section.repeat:
            return list(range(1, self.counts.get(section.pk, 0) + 1))
        return [0]


def choice_row(choice: Choice) -> dict[str, str]:
    """The choice's row for choice_filter: its name and its extra columns."""
    return {**{str(k): str(v) for k, v in (choice.filters or {}).items()}, "name": choice.value}


def _context(questions: Sequence[Question], values: Mapping[str, str], index: int, section_pk: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in questions:
        if q.section.repeat:
            i = index if (q.section_id == section_pk and index) else 1
            out[q.code] = values.get(slot_name(q, i), "")
        else:
            out[q.code] = values.get(slot_name(q, 0), "")
    return out


def repeat_count(section: Section, evaluator: Evaluator, values: Mapping[str, str], asked: int | None) -> int:
    """Iterations of a repeat group: its fixed or computed count, else the respondent's (at least one)."""
    top = max(1, int(section.repeat_max or 1))
    text = (section.repeat_count or "").strip()
    if text:
        if text.isdigit():
            n = int(text)
        else:
            try:
                n = int(expr.as_number(evaluator.value(text, values)))
            except Exception:  # noqa: BLE001 - an empty answer (NaN) or a broken count gives no iteration
                n = 0
        return min(max(n, 0), top)
    return min(max(asked if asked is not None else 1, 1), top)


def evaluate_form(
    questions: Sequence[Question],
    sections: Sequence[Section],
    raw: Callable[[Question, int], str],
    asked_counts: Mapping[int, int | None],
    evaluator: Evaluator | None = None,
) -> FormState:
    """Relevance, calculations and offered choices for answers ``raw(question, index)`` (ODK strings)."""
    ev = evaluator or Evaluator()
    counts: dict[int, int] = {s.pk: 1 for s in sections if s.repeat}
    values: dict[str, str] = {}
    relevant: dict[str, bool] = {}
    offered: dict[str, list[str]] = {}
    by_section: dict[int, list[Question]] = {}
    for q in questions:
        by_section.setdefault(q.section_id, []).append(q)
    for _pass in range(PASSES):
        before = (dict(counts), dict(values), dict(relevant))
        top = _context(questions, values, 0, 0)
        for s in sections:
            if s.repeat:
                counts[s.pk] = repeat_count(s, ev, top, asked_counts.get(s.pk))
        state = FormState(counts=counts, values=values, relevant=relevant, offered=offered)
        for q in questions:
            for index in state.slots(q):
                name = slot_name(q, index)
                ctx = _context(questions, values, index, q.section_id)
                shown = all(ev.truth(e, ctx) for e in relevance_of(q))
                relevant[name] = shown
                if not shown:
                    values[name] = ""
                    continue
                if q.qtype == QuestionType.CALCULATE:
                    values[name] = ev.string(q.calculation, ctx) if q.calculation.strip() else ""
                    continue
                value = raw(q, index)
                if q.choice_filter.strip() and q.qtype != QuestionType.RANK:  # a rank orders every choice
                    allowed = [c.value for c in q.choices.all() if ev.truth(q.choice_filter, ctx, choice=choice_row(c))]
                    offered[name] = allowed
                    value = " ".join(v for v in value.split() if v in allowed)
                values[name] = value
        if (dict(counts), dict(values), dict(relevant)) == before:
            break
    return FormState(counts=counts, values=values, relevant=relevant, offered=offered)


def context_for(state: FormState, questions: Sequence[Question], question: Question, index: int) -> dict[str, str]:
    """The values an expression of ``question`` in iteration ``index`` sees."""
    return _context(questions, state.values, index, question.section_id)
