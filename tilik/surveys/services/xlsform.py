"""Import an instrument from an XLSForm workbook (the ODK/KoboToolbox convention).

pyxform (the reference converter) reads the workbook (.xlsx and .xls, any sheet-name case) and turns
it into its survey JSON: header aliases (``label::English (en)``, ``label::id``, ``label:en``), legacy
``select one from X``, ``or_other`` and ``default_language`` are resolved the way ODK resolves them.
This module only maps that JSON onto Tilik's instrument spec (services.library) and collects every
problem in one pass (sheet, row, column, question, why). Two kinds of problem:

* blocking: the file is unreadable, pyxform rejects it, or nothing importable remains;
* change: something Tilik cannot represent (calculate, constraint, choice_filter, repeat, a third
  language, ...). It is listed with what Tilik does instead; the evaluator imports the rest or cancels.

Nothing is written unless the evaluator accepted the listed changes (``accept_changes``).
"""

from __future__ import annotations

import json
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
from tilik.surveys.services.xlsform_relevant import relevant_condition

# Metadata pyxform turns into preloads: not questions a respondent sees.
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
}
SIMPLE = {"integer": "number", "decimal": "number", "date": "date"}
AS_TEXT = {"time", "datetime", "geopoint", "geotrace", "geoshape", "barcode"}
MEDIA = {"image", "audio", "video", "file", "background-audio"}
_SLUG = re.compile(r"[^\w-]+")
_ID_LANG = re.compile(r"(^|\W)(id|ind|indonesia|indonesian|bahasa indonesia|bahasa)(\W|$)", re.I)
_EN_LANG = re.compile(r"(^|\W)(en|eng|english|inggris)(\W|$)", re.I)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    name: str
    message: str
    blocking: bool = False


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
        """What "Impor sisanya" would create: sections with their question counts, languages."""
        if self.plan is None or self.plan.spec is None:
            return None
        sections = [(s["title"], len(s["questions"])) for s in self.plan.spec["sections"]]
        return {
            "sections": sections,
            "questions": sum(n for _title, n in sections),
            "languages": self.plan.languages,
        }

    @property
    def can_import_rest(self) -> bool:
        return not any(p.blocking for p in self.problems)


def problem_text(problem: Problem) -> str:
    where = [problem.sheet]
    if problem.row:
        where.append(_("baris %(n)s") % {"n": problem.row})
    if problem.column:
        where.append(_("kolom %(c)s") % {"c": problem.column})
    if problem.name:
        where.append(problem.name)
    return f"{', '.join(where)}: {problem.message}"


def _lang_role(language: str) -> str:
    if language == "default":
        return "default"
    if _ID_LANG.search(language):
        return "id"
    if _EN_LANG.search(language):
        return "en"
    return "other"


class _Mapper:
    """Walks pyxform's survey JSON once; every problem is appended, never raised."""

    def __init__(self, book: Any, survey: dict[str, Any]):
        self.survey = survey
        self.problems: list[Problem] = []
        self.rows = {r.get("name"): n for n, r in enumerate(book.survey or [], start=2) if r.get("name")}
        self.languages: list[str] = []
        self.reported_languages: set[str] = set()
        self.intro_other: dict[str, str] = {}
        self.codes: set[str] = set()
        self.choice_values: dict[str, list[str]] = {}
        self.name_codes: dict[str, str] = {}  # XLSForm name -> Tilik code (they differ when renamed)
        self.sections: list[dict[str, Any]] = []
        self.intro: list[str] = []

    def problem(self, element: dict[str, Any], column: str, message: str, **kw: Any) -> None:
        name = element.get("name", "")
        self.problems.append(Problem("survey", self.rows.get(name), column, name, message, **kw))

    # Labels ---------------------------------------------------------------------------------
    def texts(self, element: dict[str, Any] | None, key: str, english: bool = True) -> tuple[str, str, dict[str, str]]:
        """(main text, English, {other language: text}). Every language is kept: languages beyond
        Indonesian and English (and English where this field has one language) go to other_languages,
        which the export writes back; the respondent pages show Indonesian and English only (noted once)."""
        value = (element or {}).get(key)
        if not value:
            return "", "", {}
        if isinstance(value, str):
            return value, "", {}
        first: dict[str, str] = {}
        for language in value:
            if language not in self.languages:
                self.languages.append(language)
            first.setdefault(_lang_role(language), language)
        main_key = first.get("id") or first.get("default") or first.get("other") or first["en"]
        en_key = first.get("en", "") if first.get("en") != main_key else ""
        others = {lang: text for lang, text in value.items() if lang not in (main_key, en_key) and text}
        english_text = value.get(en_key, "") if en_key else ""
        if en_key and not english and english_text:
            others[en_key] = english_text
            english_text = ""
        for language in others:
            self._note_language(language, key)
        return value[main_key], english_text, others

    def _note_language(self, language: str, column: str) -> None:
        if language in self.reported_languages:
            return
        self.reported_languages.add(language)
        message = _(
            'Teks bahasa "%(l)s" disimpan dan ikut diekspor kembali, tetapi halaman survei Tilik '
            "menampilkan Bahasa Indonesia dan Inggris saja."
        )
        self.problems.append(Problem("survey", None, f"{column}::{language}", "", message % {"l": language}))

    # Structure ------------------------------------------------------------------------------
    def code_for(self, element: dict[str, Any]) -> str:
        name = element.get("name", "")
        if element.get("tilik_code"):  # Tilik's own export: a code that is not an XML name
            name = str(element["tilik_code"])
        code = _SLUG.sub("_", name)[:40] or "q"
        base, n = code, 2
        while code in self.codes:
            suffix = f"_{n}"
            code, n = base[: 40 - len(suffix)] + suffix, n + 1
        if code != name:
            self.problem(
                element,
                "name",
                _("Nama diubah menjadi %(c)s (kode Tilik: huruf, angka, _ atau -, paling panjang 40).") % {"c": code},
            )
        self.codes.add(code)
        self.name_codes[element.get("name", "")] = code
        return code

    def section(self, element: dict[str, Any] | None) -> dict[str, Any]:
        title, title_en, other = self.texts(element, "label")
        section: dict[str, Any] = {
            "title": (title or (element or {}).get("name") or _("Pertanyaan"))[:200],
            "title_en": (title_en or ("" if element else "Questions"))[:200],
            "intro": "",
            "questions": [],
        }
        if other:
            section["other_languages"] = {"title": other}
        self.sections.append(section)
        return section

    def walk(self) -> None:
        current: dict[str, Any] | None = None
        for child in self.survey.get("children", []):
            if child.get("control", {}).get("bodyless") or child.get("name") == "meta":
                continue
            if child.get("type") in ("group", "repeat"):
                self.group(child, self.section(child), [])
                current = None
                continue
            if child.get("type") == "note" and current is None and not self.sections:
                text, _en, other = self.texts(child, "label", english=False)
                self.intro.append(text)
                _join_into(self.intro_other, other)
                continue
            if current is None:
                current = self.section(None)
            self.element(child, current, [])

    def group(self, group: dict[str, Any], section: dict[str, Any], relevant: list[str]) -> None:
        if group.get("type") == "repeat":
            self.problem(
                group,
                "type",
                _("Repeat tidak didukung: pertanyaannya diimpor sekali (satu jawaban, tidak berulang)."),
            )
        own = group.get("bind", {}).get("relevant")
        inherited = [*relevant, own] if own else relevant
        for child in group.get("children", []):
            if child.get("type") in ("group", "repeat"):
                self.problem(
                    child,
                    "type",
                    _('Grup bersarang: judulnya tidak disimpan, pertanyaannya masuk bagian "%(s)s".')
                    % {"s": section["title"]},
                )
                self.group(child, section, inherited)
            else:
                self.element(child, section, inherited)

    def element(self, q: dict[str, Any], section: dict[str, Any], relevant: list[str]) -> None:
        qtype = q.get("type", "")
        bind = q.get("bind", {})
        if qtype in METADATA:
            return
        if qtype == "note":
            text, _en, other = self.texts(q, "label", english=False)
            section["intro"] = f"{section['intro']}\n{text}".strip()
            if other:
                _join_into(section.setdefault("other_languages", {}).setdefault("intro", {}), other)
            return
        if qtype == "calculate" or (bind.get("calculation") and qtype != "calculate"):
            self.problem(q, "calculation", _("Perhitungan tidak didukung: kolom ini tidak diimpor."))
            if qtype == "calculate":
                return
        if (
            qtype in MEDIA
            or qtype in ("hidden", "xml-external", "csv-external")
            or qtype.startswith(("select one from file", "select all that apply from file", "select_one_from_file"))
            or qtype in ("rank", "trigger")
            or "external" in qtype
        ):
            self.problem(q, "type", _('Jenis "%(t)s" tidak didukung: pertanyaan ini dilewati.') % {"t": qtype})
            return
        text, text_en, other_label = self.texts(q, "label")
        help_text, _help_en, other_hint = self.texts(q, "hint", english=False)
        if not text:
            self.problem(q, "label", _("Label kosong: nama pertanyaan dipakai sebagai teks."))
        if len(help_text) > 255:
            self.problem(q, "hint", _("Petunjuk dipotong menjadi 255 karakter."))
        required = str(bind.get("required", "")).lower() in ("yes", "true", "true()", "1")
        spec: dict[str, Any] = {
            "code": self.code_for(q),
            "text": text or q.get("name", ""),
            "text_en": text_en,
            "required": required,
            "help": help_text[:255],
        }
        kept: dict[str, dict[str, str]] = {
            key: texts for key, texts in (("label", other_label), ("hint", other_hint)) if texts
        }
        if kept:
            spec["other_languages"] = kept
        spec.update(_tilik_columns(q))
        appearance = str(q.get("control", {}).get("appearance", "")).lower()
        if not self.question_type(q, qtype, appearance, spec):
            self.codes.discard(spec["code"])
            return
        bounds = range_bounds(bind.get("constraint", "")) if spec["type"] == "number" else None
        if bounds is not None:
            spec["min"], spec["max"] = bounds
        for column, key in (("constraint", "constraint"), ("default", "default"), ("choice_filter", "choice_filter")):
            value = bind.get(key) if key == "constraint" else q.get(key)
            if key == "constraint" and bounds is not None:
                continue
            if value:
                message = {
                    "constraint": _('Batasan "%(v)s" tidak diperiksa oleh Tilik; jawaban tidak dibatasi.'),
                    "default": _('Nilai bawaan "%(v)s" tidak dipakai; isian mulai kosong.'),
                    "choice_filter": _('Penyaring pilihan "%(v)s" tidak didukung; semua pilihan ditampilkan.'),
                }[column]
                self.problem(q, column, message % {"v": value})
        expressions = [*relevant, *([bind["relevant"]] if bind.get("relevant") else [])]
        if expressions:
            by_name = {
                name: self.choice_values[code] for name, code in self.name_codes.items() if code in self.choice_values
            }
            condition = relevant_condition(expressions, by_name)
            target = self.name_codes.get(condition[0], "") if condition else ""
            if condition and target in self.codes and target != spec["code"]:
                spec["show_if"] = {"question": target, "values": condition[1]}
            else:
                spec["required"] = False
                self.problem(
                    q,
                    "relevant",
                    _(
                        'Syarat tampil "%(e)s" tidak dapat disimpan (Tilik: satu pertanyaan sebelumnya '
                        "berjawab salah satu nilai); pertanyaan selalu ditampilkan dan tidak wajib."
                    )
                    % {"e": " and ".join(f"({e})" for e in expressions) if len(expressions) > 1 else expressions[0]},
                )
        section["questions"].append(spec)

    def question_type(self, q: dict[str, Any], qtype: str, appearance: str, spec: dict[str, Any]) -> bool:
        if qtype in ("select one", "select all that apply"):
            choices: list[dict[str, Any]] = []
            for choice in q.get("choices", []):
                label, label_en, other = self.texts(choice, "label")
                value = str(choice.get("name", ""))
                if len(value) > 40 or len(label) > 200:
                    self.problem(q, "choices", _('Pilihan "%(v)s" terlalu panjang; dipotong.') % {"v": value})
                choices.append(
                    {
                        "value": value[:40],
                        "label": (label or value)[:200],
                        "label_en": label_en[:200],
                        "score": _choice_score(choice, value),
                        "correct": str(choice.get("tilik_correct", "")).strip().lower() in TRUE_WORDS,
                        "other_languages": {"label": other} if other else {},
                    }
                )
            self.choice_values[spec["code"]] = [c["value"] for c in choices]
            if qtype == "select one" and "likert" in appearance and 4 <= len(choices) <= 7:
                spec.update(
                    type="likert", scale_points=len(choices), labels=[(c["label"], c["label_en"]) for c in choices]
                )
                if any(c["other_languages"] for c in choices):
                    spec["label_languages"] = [c["other_languages"] for c in choices]
            elif len(choices) < 2:
                self.problem(q, "type", _("Pertanyaan pilihan dengan kurang dari dua pilihan: dilewati."))
                return False
            else:
                spec.update(type="single" if qtype == "select one" else "multiple", choices=choices)
            return True
        if qtype == "range":
            params = q.get("parameters", {})
            start, end = params.get("start", "1"), params.get("end", "10")
            if str(start) == "0" and str(end) == "10" and str(params.get("step", "1")) == "1":
                spec["type"] = "rating"
            else:
                spec.update(type="number", min=start, max=end)
                self.problem(
                    q,
                    "parameters",
                    _("Range selain 0-10 diimpor sebagai angka dengan batas %(a)s-%(b)s.") % {"a": start, "b": end},
                )
            return True
        if qtype == "text":
            spec["type"] = "long_text" if "multiline" in appearance else "short_text"
            return True
        if qtype in SIMPLE:
            spec["type"] = SIMPLE[qtype]
            return True
        if qtype == "acknowledge":
            self.problem(q, "type", _("acknowledge tidak didukung: pertanyaan ini dilewati."))
            return False
        if qtype in AS_TEXT:
            spec["type"] = "short_text"
            self.problem(q, "type", _('Jenis "%(t)s" diimpor sebagai isian teks singkat.') % {"t": qtype})
            return True
        self.problem(q, "type", _('Jenis "%(t)s" tidak didukung: pertanyaan ini dilewati.') % {"t": qtype})
        return False


TRUE_WORDS = {"ya", "yes", "true", "1", "true()"}
_BOUND = re.compile(r"^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$")


def range_bounds(constraint: str) -> tuple[str | None, str | None] | None:
    """``. >= a and . <= b`` (either part alone too) as Tilik's min/max; None for any other constraint."""
    if not constraint or not constraint.strip():
        return None
    low: str | None = None
    high: str | None = None
    for part in re.split(r"\s+and\s+", constraint.strip()):
        match = _BOUND.match(part.strip().strip("()").strip())
        if not match:
            return None
        if match.group(1) == ">=":
            low = match.group(2)
        else:
            high = match.group(2)
    return low, high


def _join_into(target: dict[str, str], texts: dict[str, str]) -> None:
    """Notes in the same place join line by line, per language (as the main text does)."""
    for language, text in texts.items():
        target[language] = f"{target.get(language, '')}\n{text}".strip()


def _choice_score(choice: dict[str, Any], value: str) -> int | None:
    """``tilik_score`` when given ("-" = none), else a numeric value is its own score."""
    given = str(choice.get("tilik_score", "")).strip()
    if given == "-":
        return None
    if given.lstrip("-").isdigit():
        return int(given)
    return int(value) if value.lstrip("-").isdigit() and len(value) < 9 else None


def _tilik_columns(q: dict[str, Any]) -> dict[str, Any]:
    """Tilik's scoring fields, written by xlsform_export into ``tilik_*`` columns."""
    out: dict[str, Any] = {}
    if q.get("tilik_construct"):
        out["construct"] = str(q["tilik_construct"])[:40]
    if str(q.get("tilik_reverse", "")).strip().lower() in TRUE_WORDS:
        out["reverse"] = True
    if q.get("tilik_unsur"):
        out["unsur"] = str(q["tilik_unsur"])[:2]
    if str(q.get("tilik_points", "")).strip().isdigit():
        out["points"] = int(str(q["tilik_points"]).strip())
    if q.get("tilik_text_by_rater"):
        try:
            wording = json.loads(str(q["tilik_text_by_rater"]))
        except ValueError:
            wording = None
        if isinstance(wording, dict):
            out["text_by_rater"] = {str(k): str(v) for k, v in wording.items()}
    return out


def _pyxform_problem(exc: Exception, fallback: str, sheet: str = "survey") -> Problem:
    """pyxform stops at its first error and words it in English; the common ones get Indonesian."""
    header = re.search(r"Duplicate column header: (\S+)", str(exc))
    if header:
        message = _("Judul kolom %(c)s muncul dua kali; hapus atau ganti nama salah satunya.")
        return Problem("survey", None, header.group(1), "", message % {"c": header.group(1)}, True)
    return Problem(sheet, None, "", "", fallback % {"e": exc}, True)


def _read(fileobj: IO[bytes]) -> tuple[Any, dict[str, Any]] | Problem:
    data = fileobj.read()
    try:
        book = get_xlsform(data)
    except (PyXFormReadError, PyXFormError, ValueError, KeyError, OSError) as exc:
        return _pyxform_problem(exc, _("Berkas bukan XLSForm (.xlsx/.xls) yang dapat dibaca: %(e)s"), sheet="")
    if not book.survey:
        return Problem("survey", None, "", "", _('Lembar "survey" tidak ditemukan atau kosong.'), True)
    try:
        survey = workbook_to_json(book, form_name="data", fallback_form_name=book.fallback_form_name)
    except PyXFormError as exc:
        return _pyxform_problem(exc, _("pyxform menolak formulir ini (pesan asli): %(e)s"))
    return book, survey


def xlsform_plan(fileobj: IO[bytes], *, code: str) -> XLSFormPlan:
    read = _read(fileobj)
    if isinstance(read, Problem):
        return XLSFormPlan(spec=None, problems=[read])
    book, survey = read
    mapper = _Mapper(book, survey)
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


def xlsform_to_spec(fileobj: IO[bytes], *, code: str, accept_changes: bool = False) -> dict[str, Any]:
    plan = xlsform_plan(fileobj, code=code)
    if plan.spec is None or plan.blocking or (plan.problems and not accept_changes):
        raise XLSFormError(plan.problems, plan)
    return plan.spec


def instrument_from_xlsform(*, fileobj: IO[bytes], code: str, by: Any, accept_changes: bool = False) -> Instrument:
    """Create the instrument in one transaction, or raise XLSFormError listing every problem."""
    spec = xlsform_to_spec(fileobj, code=code, accept_changes=accept_changes)
    return instrument_from_spec(spec=spec, by=by)
