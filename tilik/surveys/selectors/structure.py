"""The questions, choices and sections of an instrument version, cached per process.

A respondent form needs the whole structure on every request; loading ~30
questions and ~100 choices from the database each time was most of a
submission's cost. The cache key includes the version's ``revision``, which
every builder service raises, so an edited version is never served stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from tilik.surveys.models import InstrumentVersion, Question, Section

_CACHE: OrderedDict[tuple[int, int], VersionStructure] = OrderedDict()
_LOCK = threading.Lock()
_SIZE = 64


@dataclass(frozen=True)
class VersionStructure:
    questions: tuple[Question, ...]
    sections: tuple[Section, ...]


def _load(version: InstrumentVersion) -> VersionStructure:
    questions = tuple(
        Question.objects.filter(version=version)
        .select_related("section", "show_if_question")
        .prefetch_related("choices")
        .order_by("section__order", "order", "id")
    )
    sections = tuple(Section.objects.filter(version=version).order_by("order", "id"))
    return VersionStructure(questions=questions, sections=sections)


def version_structure(version: InstrumentVersion) -> VersionStructure:
    """Read-only structure of a version (do not modify the returned model instances)."""
    key = (version.pk, version.revision)
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
