"""pyxform's survey JSON mapped onto Tilik's instrument spec (services.library), every problem collected.

Logic is kept as the expression the form wrote (tilik.surveys.expr evaluates it on the server and in the
browser): ``relevant`` on questions and groups, ``constraint`` with its message in every language,
``calculation`` (calculate questions), ``default``, ``choice_filter`` (the choices' extra columns go to
Choice.filters), ``repeat`` groups with ``repeat_count``. Expressions are checked after the walk, when every
name is known: each ``${name}`` must exist (one blocking problem per unknown name), and an expression the
engine cannot parse, or one naming a question Tilik did not import, is dropped with a problem that says
what happens instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tilik.surveys.services.xlsform_expressions import normalise, referenced, rename, syntax_error
from tilik.surveys.services.xlsform_files import csv_choices

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
SIMPLE = {
    "integer": "number",
    "decimal": "number",
    "date": "date",
    "time": "time",
    "datetime": "datetime",
    "acknowledge": "acknowledge",
    "trigger": "acknowledge",
}
AS_TEXT = {"geopoint", "geotrace", "geoshape", "barcode"}
MEDIA = {"image", "audio", "video", "file", "background-audio"}
SELECTS = {"select one": "single", "select all that apply": "multiple", "rank": "rank"}
# Keys of a pyxform choice dict that are not columns for choice_filter.
CHOICE_KEYS = {"name", "label", "media", "image", "audio", "video", "big-image", "sms_option", "list_name"}
TRUE_WORDS = {"ya", "yes", "true", "1", "true()"}
_SLUG = re.compile(r"[^\w-]+")
_ID_LANG = re.compile(r"(^|\W)(id|ind|indonesia|indonesian|bahasa indonesia|bahasa)(\W|$)", re.I)
_EN_LANG = re.compile(r"(^|\W)(en|eng|english|inggris)(\W|$)", re.I)
_BOUND = re.compile(r"^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$")
_DYNAMIC = re.compile(r"\$\{|\w\(")


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    name: str
    message: str
    blocking: bool = False


@dataclass
class _Pending:
    """An expression read from the form, written into ``holder[key]`` once its names are checked."""

    element: dict[str, Any]
    column: str
    expr: str
    holder: dict[str, Any]
    key: str
    section: dict[str, Any] | None = None


def _lang_role(language: str) -> str:
    if language == "default":
        return "default"
    if _ID_LANG.search(language):
        return "id"
    if _EN_LANG.search(language):
        return "en"
    return "other"


def bounds_message(low: str | None, high: str | None) -> str:
    """The constraint message Tilik writes for a number's bounds (the export; the import leaves it out)."""
    if low is not None and high is not None:
        return f"Isi angka {low} sampai {high}."
    return f"Isi angka paling kecil {low}." if low is not None else f"Isi angka paling besar {high}."


def _names(node: dict[str, Any], out: set[str]) -> set[str]:
    for child in node.get("children", []):
        if child.get("name"):
            out.add(str(child["name"]))
        _names(child, out)
    return out


class Mapper:
    """Walks pyxform's survey JSON once, then checks its expressions; problems are appended, never raised."""

    def __init__(self, book: Any, survey: dict[str, Any], attachments: dict[str, bytes] | None = None):
        self.survey = survey
        self.attachments = attachments or {}
        self.problems: list[Problem] = []
        self.rows = {r.get("name"): n for n, r in enumerate(book.survey or [], start=2) if r.get("name")}
        self.languages: list[str] = []
        self.reported_languages: set[str] = set()
        self.intro_other: dict[str, str] = {}
        self.codes: set[str] = set()
        self.name_codes: dict[str, str] = {}  # XLSForm name -> Tilik code (they differ when renamed)
        self.sections: list[dict[str, Any]] = []
        self.intro: list[str] = []
        self.pending: list[_Pending] = []

    def problem(self, element: dict[str, Any], column: str, message: str, **kw: Any) -> None:
        name = element.get("name", "")
        self.problems.append(Problem("survey", self.rows.get(name), column, name, message, **kw))

    # Labels ---------------------------------------------------------------------------------
    def texts(
        self, element: dict[str, Any] | None, key: str, english: bool = True, note: bool = True
    ) -> tuple[str, str, dict[str, str]]:
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
            if language not in self.languages and note:
                self.languages.append(language)
            first.setdefault(_lang_role(language), language)
        main_key = first.get("id") or first.get("default") or first.get("other") or first["en"]
        en_key = first.get("en", "") if first.get("en") != main_key else ""
        others = {lang: text for lang, text in value.items() if lang not in (main_key, en_key) and text}
        english_text = value.get(en_key, "") if en_key else ""
        if en_key and not english and english_text:
            others[en_key] = english_text
            english_text = ""
        if note:
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

    def expression(
        self, element: dict[str, Any], column: str, expr: Any, holder: dict[str, Any], key: str, **kw: Any
    ) -> None:
        text = normalise(expr)
        if text:
            self.pending.append(_Pending(element, column, text, holder, key, **kw))

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
        if element is not None:
            self.expression(element, "relevant", element.get("bind", {}).get("relevant"), section, "relevant")
            if element.get("type") == "repeat":
                section["repeat"] = True
                count = str(element.get("control", {}).get("jr:count", "") or "").strip()
                if count.isdigit():
                    section["repeat_count"] = count
                    section["repeat_max"] = max(10, min(int(count), 1000))
                else:
                    self.expression(element, "repeat_count", count, section, "repeat_count")
                if str(element.get("tilik_repeat_max", "")).strip().isdigit():  # Tilik's own export
                    section["repeat_max"] = int(str(element["tilik_repeat_max"]).strip())
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
                self._note_logic(child)
                self.intro.append(text)
                _join_into(self.intro_other, other)
                continue
            if current is None:
                current = self.section(None)
            self.element(child, current, [])
        self.resolve()

    def group(self, group: dict[str, Any], section: dict[str, Any], relevant: list[str]) -> None:
        for child in group.get("children", []):
            if child.get("type") in ("group", "repeat"):
                message = (
                    _('Repeat di dalam grup: pertanyaannya masuk bagian "%(s)s" dan diisi sekali (tidak berulang).')
                    if child.get("type") == "repeat"
                    else _('Grup bersarang: judulnya tidak disimpan, pertanyaannya masuk bagian "%(s)s".')
                )
                self.problem(child, "type", message % {"s": section["title"]})
                own = normalise(child.get("bind", {}).get("relevant"))
                self.group(child, section, [*relevant, own] if own else relevant)
            else:
                self.element(child, section, relevant)

    def _note_logic(self, note: dict[str, Any]) -> None:
        if note.get("bind", {}).get("relevant"):
            self.problem(note, "relevant", _("Catatan bersyarat: teksnya selalu ditampilkan."))

    def element(self, q: dict[str, Any], section: dict[str, Any], relevant: list[str]) -> None:
        qtype = q.get("type", "")
        bind = q.get("bind", {})
        if qtype in METADATA:
            return
        if qtype == "note":
            text, _en, other = self.texts(q, "label", english=False)
            self._note_logic(q)
            section["intro"] = f"{section['intro']}\n{text}".strip()
            if other:
                _join_into(section.setdefault("other_languages", {}).setdefault("intro", {}), other)
            return
        if bind.get("calculate") and qtype != "calculate":
            self.problem(
                q, "calculation", _("Perhitungan hanya didukung pada jenis calculate: rumus ini tidak diimpor.")
            )
        if qtype in MEDIA or qtype in ("hidden", "xml-external", "csv-external") or "external" in qtype:
            self.problem(q, "type", _('Jenis "%(t)s" tidak didukung: pertanyaan ini dilewati.') % {"t": qtype})
            return
        text, text_en, other_label = self.texts(q, "label")
        help_text, _help_en, other_hint = self.texts(q, "hint", english=False)
        if not text and qtype != "calculate":
            self.problem(q, "label", _("Label kosong: nama pertanyaan dipakai sebagai teks."))
        if len(help_text) > 255:
            self.problem(q, "hint", _("Petunjuk dipotong menjadi 255 karakter."))
        required = str(bind.get("required", "")).lower() in ("yes", "true", "true()", "1")
        spec: dict[str, Any] = {
            "code": self.code_for(q),
            "text": text or q.get("name", ""),
            "text_en": text_en,
            "required": required and qtype != "calculate",
            "help": help_text[:255],
        }
        kept: dict[str, dict[str, str]] = {
            key: texts for key, texts in (("label", other_label), ("hint", other_hint)) if texts
        }
        if kept:
            spec["other_languages"] = kept
        spec.update(_tilik_columns(q))
        raw_appearance = str(q.get("control", {}).get("appearance", "") or "")
        if not self.question_type(q, qtype, raw_appearance.lower(), spec):
            self.codes.discard(spec["code"])
            self.name_codes.pop(q.get("name", ""), None)
            return
        implied = {"likert": "likert", "long_text": "multiline"}.get(spec["type"])
        appearance = " ".join(a for a in raw_appearance.split() if a.lower() != implied)
        if appearance:
            spec["appearance"] = appearance[:80]
        self.logic(q, spec, section, relevant)
        section["questions"].append(spec)

    def logic(self, q: dict[str, Any], spec: dict[str, Any], section: dict[str, Any], relevant: list[str]) -> None:
        bind = q.get("bind", {})
        own = normalise(bind.get("relevant"))
        expressions = [*relevant, own] if own else relevant
        if expressions:
            joined = expressions[0] if len(expressions) == 1 else " and ".join(f"({e})" for e in expressions)
            self.expression(q, "relevant", joined, spec, "relevant")
        if spec["type"] == "calculate":
            self.expression(q, "calculation", bind.get("calculate"), spec, "calculation", section=section)
        constraint = normalise(bind.get("constraint"))
        bounds = range_bounds(constraint) if spec["type"] == "number" else None
        message, _en, other_message = self.texts(bind, "jr:constraintMsg", english=False, note=False)
        if bounds is not None:
            spec["min"], spec["max"] = bounds
            if message == bounds_message(*bounds):
                message = ""  # the message Tilik writes itself
        else:
            self.expression(q, "constraint", constraint, spec, "constraint")
        if len(message) > 255:
            self.problem(q, "constraint_message", _("Pesan batasan dipotong menjadi 255 karakter."))
        if message:
            spec["constraint_message"] = message[:255]
        if other_message:
            spec.setdefault("other_languages", {})["constraint_message"] = other_message
        if bind.get("jr:requiredMsg"):
            self.problem(
                q, "required_message", _("Pesan wajib diisi tidak dipakai; Tilik menampilkan pesannya sendiri.")
            )
        default = str(q.get("default", "") or "").strip()
        if default and _DYNAMIC.search(default):
            self.problem(
                q, "default", _('Nilai bawaan dinamis "%(v)s" tidak didukung; isian mulai kosong.') % {"v": default}
            )
        elif default:
            spec["default"] = default[:255]
        if q.get("choice_filter"):
            self.expression(q, "choice_filter", q["choice_filter"], spec, "choice_filter")

    def choices_of(self, q: dict[str, Any]) -> list[dict[str, Any]] | None:
        """pyxform's choices, or those of the attached file for select_one_from_file; None = skipped."""
        itemset = str(q.get("itemset", "") or "")
        if q.get("choices") is not None or "." not in itemset:
            return list(q.get("choices") or [])
        if not itemset.lower().endswith(".csv"):
            self.problem(
                q,
                "type",
                _("Pilihan dari berkas %(f)s tidak didukung (hanya .csv): pertanyaan ini dilewati.") % {"f": itemset},
            )
            return None
        data = self.attachments.get(itemset)
        if data is None:
            self.problem(
                q,
                "type",
                _(
                    "Berkas pilihan %(f)s belum dilampirkan. Unggah berkas itu bersama formulir "
                    "(perintah: tilik xlsform import FORMULIR.xlsx --attach %(f)s)."
                )
                % {"f": itemset},
                blocking=True,
            )
            return None
        choices, problems = csv_choices(data, file_name=itemset, parameters=q.get("parameters") or {})
        for p in problems:
            self.problems.append(Problem(itemset, p.row, p.column, q.get("name", ""), p.message, True))
        return None if problems else choices

    def question_type(self, q: dict[str, Any], qtype: str, appearance: str, spec: dict[str, Any]) -> bool:
        if qtype in SELECTS:
            raw = self.choices_of(q)
            if raw is None:
                return False
            choices: list[dict[str, Any]] = []
            for choice in raw:
                label, label_en, other = self.texts(choice, "label")
                value = str(choice.get("name", ""))
                if len(value) > 40 or len(label) > 200:
                    self.problem(q, "choices", _('Pilihan "%(v)s" terlalu panjang; dipotong.') % {"v": value})
                filters = {
                    str(k): str(v)
                    for k, v in choice.items()
                    if k not in CHOICE_KEYS and not str(k).startswith("tilik_") and v not in (None, "")
                }
                choices.append(
                    {
                        "value": value[:40],
                        "label": (label or value)[:200],
                        "label_en": label_en[:200],
                        "score": _choice_score(choice, value),
                        "correct": str(choice.get("tilik_correct", "")).strip().lower() in TRUE_WORDS,
                        "other_languages": {"label": other} if other else {},
                        "filters": filters,
                    }
                )
            plain = not q.get("choice_filter") and not any(c["filters"] for c in choices)
            if qtype == "select one" and "likert" in appearance.split() and 4 <= len(choices) <= 7 and plain:
                spec.update(
                    type="likert", scale_points=len(choices), labels=[(c["label"], c["label_en"]) for c in choices]
                )
                if any(c["other_languages"] for c in choices):
                    spec["label_languages"] = [c["other_languages"] for c in choices]
            elif len(choices) < 2:
                self.problem(q, "type", _("Pertanyaan pilihan dengan kurang dari dua pilihan: dilewati."))
                return False
            else:
                spec.update(type=SELECTS[qtype], choices=choices)
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
            spec["type"] = "long_text" if "multiline" in appearance.split() else "short_text"
            return True
        if qtype == "calculate":
            spec["type"] = "calculate"
            return True
        if qtype in SIMPLE:
            spec["type"] = SIMPLE[qtype]
            return True
        if qtype in AS_TEXT:
            spec["type"] = "short_text"
            self.problem(q, "type", _('Jenis "%(t)s" diimpor sebagai isian teks singkat.') % {"t": qtype})
            return True
        self.problem(q, "type", _('Jenis "%(t)s" tidak didukung: pertanyaan ini dilewati.') % {"t": qtype})
        return False

    # Expressions ----------------------------------------------------------------------------
    def resolve(self) -> None:
        """Check every expression once all names are known; write the good ones with Tilik codes."""
        known = _names(self.survey, set())
        failed: dict[int, list[tuple[str, bool]]] = {}
        changed = True
        while changed:  # a calculation dropped makes the expressions that use it fail too
            changed = False
            for i, pending in enumerate(self.pending):
                if i in failed:
                    continue
                reasons = self._reasons(pending, known)
                if reasons:
                    failed[i], changed = reasons, True
                    if pending.key == "calculation" and pending.section is not None:
                        pending.section["questions"].remove(pending.holder)
                        self.codes.discard(pending.holder["code"])
                        self.name_codes.pop(pending.element.get("name", ""), None)
        for i, pending in enumerate(self.pending):
            if i not in failed:
                pending.holder[pending.key] = rename(pending.expr, self.name_codes)
                continue
            for message, blocking in failed[i]:
                self.problem(pending.element, pending.column, message, blocking=blocking)
            if pending.key == "relevant":
                for q in pending.holder.get("questions", [pending.holder]):
                    q["required"] = False

    def _reasons(self, pending: _Pending, known: set[str]) -> list[tuple[str, bool]]:
        names = referenced(pending.expr)
        unknown = [n for n in names if n not in known]
        if unknown:
            message = _('"%(e)s" merujuk ${%(n)s}, yang tidak ada di formulir; perbaiki nama itu.')
            return [(message % {"e": pending.expr, "n": n}, True) for n in unknown]
        instead = self._instead(pending)
        error = syntax_error(pending.expr)
        if error:
            return [
                (
                    _('Ekspresi "%(e)s" tidak dapat dibaca (%(m)s); %(i)s')
                    % {"e": pending.expr, "m": error, "i": instead},
                    False,
                )
            ]
        missing = [n for n in names if n not in self.name_codes]
        if missing:
            message = _('Ekspresi "%(e)s" memakai %(n)s, yang tidak diimpor; %(i)s')
            return [(message % {"e": pending.expr, "n": ", ".join(f"${{{n}}}" for n in missing), "i": instead}, False)]
        return []

    def _instead(self, pending: _Pending) -> str:
        if pending.key == "relevant" and "questions" in pending.holder:
            return _("pertanyaan grup ini selalu ditampilkan dan tidak wajib.")
        return {
            "relevant": _("pertanyaan selalu ditampilkan dan tidak wajib."),
            "constraint": _("jawaban tidak dibatasi."),
            "calculation": _("kolom hitungan ini tidak diimpor."),
            "choice_filter": _("semua pilihan ditampilkan."),
            "repeat_count": _("responden menentukan sendiri jumlah isian."),
        }[pending.key]


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
