"""The questions, choices and sections of an instrument version, cached per process.

A respondent form needs the whole structure on every request; loading ~30
questions and ~100 choices from the database each time was most of a
submission's cost. The cache key includes the version's ``revision``, which
every builder service raises, so an edited version is never served stale, and
its creation time, so a primary key reused after a rolled-back transaction
(SQLite, tests) never meets another version's structure.

Besides the model instances (for the form and its template) the structure holds
an *answer plan*: per question the plain values a submission needs to build its
answer rows (choice ids by value, scores, the answer key), computed once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from tilik.surveys.models import InstrumentVersion, Question, Section

_CACHE: OrderedDict[tuple[int, int, object], VersionStructure] = OrderedDict()
_LOCK = threading.Lock()
_SIZE = 64


@dataclass(frozen=True, slots=True)
class ChoiceRef:
    pk: int
    number: Decimal | None  # the choice's score, stored as the answer's number
    correct: bool


@dataclass(frozen=True, slots=True)
class QuestionPlan:
    pk: int
    code: str
    qtype: str
    choices: Mapping[str, ChoiceRef]
    points: int  # > 0 only for questions with an answer key (tests)


@dataclass(frozen=True)
class VersionStructure:
    questions: tuple[Question, ...]
    sections: tuple[Section, ...]
    plan: tuple[QuestionPlan, ...]
    max_score: Decimal | None  # None when the version has no answer key


def _plan(questions: tuple[Question, ...]) -> tuple[tuple[QuestionPlan, ...], Decimal | None]:
    plans = []
    max_score = Decimal(0)
    keyed = False
    for q in questions:
        choices = {
            c.value: ChoiceRef(pk=c.pk, number=Decimal(c.score) if c.score is not None else None, correct=c.is_correct)
            for c in q.choices.all()
        }
        points = q.points if q.points and any(c.correct for c in choices.values()) else 0
        if points:
            keyed = True
            max_score += points
        plans.append(
            QuestionPlan(pk=q.pk, code=q.code, qtype=q.qtype, choices=MappingProxyType(choices), points=points)
        )
    return tuple(plans), (max_score if keyed else None)


def _load(version: InstrumentVersion) -> VersionStructure:
    questions = tuple(
        Question.objects.filter(version=version)
        .select_related("section", "show_if_question")
        .prefetch_related("choices")
        .order_by("section__order", "order", "id")
    )
    sections = tuple(Section.objects.filter(version=version).order_by("order", "id"))
    plan, max_score = _plan(questions)
    return VersionStructure(questions=questions, sections=sections, plan=plan, max_score=max_score)


def version_structure(version: InstrumentVersion) -> VersionStructure:
    """Read-only structure of a version (do not modify the returned model instances)."""
    key = (version.pk, version.revision, version.created_at)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    structure = _load(version)
    with _LOCK:
        _CACHE[key] = structure
        while len(_CACHE) > _SIZE:
            _CACHE.popitem(last=False)
    return structure
