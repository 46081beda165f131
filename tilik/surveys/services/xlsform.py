"""Import an instrument from an XLSForm workbook (the ODK/KoboToolbox convention).

pyxform (the reference converter) reads the workbook (.xlsx and .xls, any sheet-name case) and turns
it into its survey JSON: header aliases (``label::English (en)``, ``label::id``, ``label:en``), legacy
``select one from X``, ``or_other`` and ``default_language`` are resolved the way ODK resolves them.
This module only maps that JSON onto Tilik's instrument spec (services.library) and collects every
problem in one pass (sheet, row, column, question, why). Two kinds of problem:

* blocking: the file is unreadable, pyxform rejects it, or nothing importable remains;
* change: something Tilik cannot represent (a media question, a geopoint, an expression its engine cannot
  read, a third language on the respondent pages, ...). It is listed with what Tilik does instead; the
  evaluator imports the rest or cancels.

Logic (relevant on questions and groups, constraint and its messages, calculate, default, choice_filter,
repeat) is kept as the form's expressions (services.xlsform_mapper). ``select_one_from_file`` takes its
choices from the CSV attached beside the form (``attachments``: file name -> bytes).

Nothing is written unless the evaluator accepted the listed changes (``accept_changes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError, PyXFormReadError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from tilik.surveys.models import Instrument
from tilik.surveys.services.library import instrument_from_spec
from tilik.surveys.services.xlsform_expressions import referenced
from tilik.surveys.services.xlsform_mapper import METADATA, Mapper, Problem, _join_into, range_bounds

__all__ = ["METADATA", "Problem", "XLSFormError", "XLSFormPlan", "range_bounds", "xlsform_plan"]
LOGIC_KEYS = ("relevant", "constraint", "calculation", "default", "choice_filter")


@dataclass
class XLSFormPlan:
    spec: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.spec is None or any(p.blocking for p in self.problems)


class XLSFormError(ValidationError):
    def __init__(self, problems: list[Problem], plan: XLSFormPlan | None = None):
        self.problems = problems
        self.plan = plan
        super().__init__([problem_text(p) for p in problems])

    @property
    def preview(self) -> dict[str, Any] | None:
        """What "Impor sisanya" would create (spec_preview)."""
        if self.plan is None or self.plan.spec is None:
            return None
        return spec_preview(self.plan.spec, self.plan.languages)

    @property
    def can_import_rest(self) -> bool:
        return not any(p.blocking for p in self.problems)


def spec_preview(spec: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """Sections with their question counts, languages, choice lists and every logic expression."""
    sections = [(s["title"], len(s["questions"])) for s in spec["sections"]]
    logic: list[tuple[str, str, str]] = []
    choice_lists: list[tuple[str, list[str]]] = []
    for section in spec["sections"]:
        for key in ("relevant", "repeat_count"):
            if section.get(key):
                logic.append((section["title"], key, str(section[key])))
        if section.get("repeat") and not section.get("repeat_count"):
            logic.append((section["title"], "repeat", _("diulang oleh responden")))
        for q in section["questions"]:
            logic += [(q["code"], key, str(q[key])) for key in LOGIC_KEYS if q.get(key)]
            values = [c["value"] for c in q.get("choices") or []] or [
                str(i) for i in range(1, len(q.get("labels") or []) + 1)
            ]
            if values:
                choice_lists.append((q["code"], values))
    return {
        "sections": sections,
        "questions": sum(n for _title, n in sections),
        "languages": languages,
        "logic": logic,
        "choice_lists": choice_lists,
    }


def problem_text(problem: Problem) -> str:
    where = [problem.sheet]
    if problem.row:
        where.append(_("baris %(n)s") % {"n": problem.row})
    if problem.column:
        where.append(_("kolom %(c)s") % {"c": problem.column})
    if problem.name:
        where.append(problem.name)
    return f"{', '.join(where)}: {problem.message}"


def _pyxform_problem(exc: Exception, fallback: str, sheet: str = "survey") -> Problem:
    """pyxform stops at its first error and words it in English; the common ones get Indonesian."""
    header = re.search(r"Duplicate column header: (\S+)", str(exc))
    if header:
        message = _("Judul kolom %(c)s muncul dua kali; hapus atau ganti nama salah satunya.")
        return Problem("survey", None, header.group(1), "", message % {"c": header.group(1)}, True)
    return Problem(sheet, None, "", "", fallback % {"e": exc}, True)


def _unknown_references(book: Any) -> list[Problem]:
    """Every ``${name}`` on the survey sheet that names no row, one problem each (pyxform stops at the first)."""
    rows = list(enumerate(book.survey or [], start=2))
    names = {str(r.get("name")) for _n, r in rows if r.get("name")}
    problems = []
    message = _("%(c)s merujuk ${%(r)s}, yang tidak ada di lembar survey; perbaiki atau hapus rujukan itu.")
    for number, row in rows:
        for column, cell in row.items():
            if not isinstance(cell, str) or "${" not in cell:
                continue
            problems += [
                Problem("survey", number, column, str(row.get("name", "")), message % {"c": column, "r": ref}, True)
                for ref in referenced(cell)
                if ref not in names
            ]
    return problems


def _read(fileobj: IO[bytes]) -> tuple[Any, dict[str, Any]] | list[Problem]:
    data = fileobj.read()
    try:
        book = get_xlsform(data)
    except (PyXFormReadError, PyXFormError, ValueError, KeyError, OSError) as exc:
        return [_pyxform_problem(exc, _("Berkas bukan XLSForm (.xlsx/.xls) yang dapat dibaca: %(e)s"), sheet="")]
    if not book.survey:
        return [Problem("survey", None, "", "", _('Lembar "survey" tidak ditemukan atau kosong.'), True)]
    unknown = _unknown_references(book)
    if unknown:
        return unknown
    try:
        survey = workbook_to_json(book, form_name="data", fallback_form_name=book.fallback_form_name)
    except PyXFormError as exc:
        return [_pyxform_problem(exc, _("pyxform menolak formulir ini (pesan asli): %(e)s"))]
    return book, survey


def xlsform_plan(fileobj: IO[bytes], *, code: str, attachments: dict[str, bytes] | None = None) -> XLSFormPlan:
    read = _read(fileobj)
    if isinstance(read, list):
        return XLSFormPlan(spec=None, problems=read)
    book, survey = read
    mapper = Mapper(book, survey, attachments)
    mapper.walk()
    sections = [s for s in mapper.sections if s["questions"]]
    for empty in (s for s in mapper.sections if not s["questions"] and s["intro"]):
        mapper.intro.append(empty["intro"])  # a group holding only notes: keep its text as form intro
        _join_into(mapper.intro_other, empty.get("other_languages", {}).get("intro", {}))
    problems = list(mapper.problems)
    if not sections:
        problems.append(
            Problem("survey", None, "", "", _("Formulir tidak berisi pertanyaan yang dapat diimpor."), True)
        )
        return XLSFormPlan(spec=None, problems=problems, languages=mapper.languages)
    title = survey.get("title") if survey.get("title") not in (None, "", "data") else code
    spec: dict[str, Any] = {
        "code": code,
        "title": str(title)[:200],
        "title_en": str(survey.get("tilik_title_en") or "")[:200],
        "description": str(survey.get("tilik_description") or ""),
        "kind": str(survey.get("tilik_kind") or "lainnya"),
        "source": "xlsform",
        "intro": "\n".join(t for t in mapper.intro if t),
        "sections": sections,
    }
    if mapper.intro_other:
        spec["other_languages"] = {"intro": mapper.intro_other}
    return XLSFormPlan(spec=spec, problems=problems, languages=mapper.languages)


def xlsform_to_spec(
    fileobj: IO[bytes], *, code: str, accept_changes: bool = False, attachments: dict[str, bytes] | None = None
) -> dict[str, Any]:
    plan = xlsform_plan(fileobj, code=code, attachments=attachments)
    if plan.spec is None or plan.blocking or (plan.problems and not accept_changes):
        raise XLSFormError(plan.problems, plan)
    return plan.spec


def instrument_from_xlsform(
    *,
    fileobj: IO[bytes],
    code: str,
    by: Any,
    accept_changes: bool = False,
    attachments: dict[str, bytes] | None = None,
) -> Instrument:
    """Create the instrument in one transaction, or raise XLSFormError listing every problem."""
    spec = xlsform_to_spec(fileobj, code=code, accept_changes=accept_changes, attachments=attachments)
    return instrument_from_spec(spec=spec, by=by)
