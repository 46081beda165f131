"""Write an instrument version as an XLSForm workbook (survey, choices, settings) that pyxform converts.

Each section becomes a field-list group (one page, as Tilik shows it), its intro a note; the instrument's
intro is a note before the first group. Labels and hints carry both of Tilik's languages
(``label::Bahasa Indonesia (id)``, ``label::English (en)``; ``default_language`` names the first).
Logic: each expression as its column (``relevant`` of questions and groups, the builder's show-if compiled
to ``selected()``; ``constraint`` with ``constraint_message`` in every language, a number's bounds as
``constraint``; ``calculation``, ``default``, ``choice_filter`` with the choices' filter columns beside
their labels; repeat sections as ``begin_repeat`` with ``repeat_count``). Choices read from a
``select_one_from_file`` CSV are written inline in the choices sheet, so the file needs no attachment.
What XLSForm has no column for — Tilik's scoring fields (construct, reverse keying, IKM unsur, test points,
choice scores and answer keys, 360° rater wording) — goes into ``tilik_*`` columns, which pyxform carries
through untouched and ODK ignores; services.xlsform reads them back, so export → import gives the same
instrument.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from openpyxl import Workbook

from tilik.surveys.selectors.instrument_spec import version_spec
from tilik.surveys.services.xlsform_expressions import rename
from tilik.surveys.services.xlsform_mapper import bounds_message

ID = "Bahasa Indonesia (id)"
EN = "English (en)"
SURVEY_COLUMNS = [
    "type",
    "name",
    f"label::{ID}",
    f"label::{EN}",
    f"hint::{ID}",
    "required",
    "relevant",
    "constraint",
    f"constraint_message::{ID}",
    "calculation",
    "default",
    "choice_filter",
    "repeat_count",
    "appearance",
    "parameters",
    "tilik_code",
    "tilik_construct",
    "tilik_reverse",
    "tilik_unsur",
    "tilik_points",
    "tilik_text_by_rater",
    "tilik_repeat_max",
]
CHOICE_COLUMNS = ["list_name", "name", f"label::{ID}", f"label::{EN}", "tilik_score", "tilik_correct"]
SETTINGS_COLUMNS = ["form_title", "form_id", "default_language", "tilik_title_en", "tilik_kind", "tilik_description"]
TYPES = {
    "single": "select_one",
    "multiple": "select_multiple",
    "likert": "select_one",
    "number": "decimal",
    "short_text": "text",
    "long_text": "text",
    "date": "date",
    "rating": "range",
    "time": "time",
    "datetime": "datetime",
    "acknowledge": "acknowledge",
    "rank": "rank",
    "calculate": "calculate",
}
WITH_LIST = ("single", "multiple", "likert", "rank")
# An XML name: what pyxform accepts as a question name.
_XML_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def _name(code: str) -> str:
    return code if _XML_NAME.match(code) else f"q_{code}"


def _constraint(q: dict[str, Any]) -> tuple[str, str]:
    """The constraint and its message: the question's own, or a number's bounds."""
    low, high = q.get("min"), q.get("max")
    parts = [f". >= {low}" if low is not None else "", f". <= {high}" if high is not None else ""]
    parts = [p for p in parts if p] if q["type"] == "number" else []
    own = q.get("constraint") or ""
    if parts and own:
        return " and ".join([*parts, f"({own})"]), q.get("constraint_message") or ""
    if parts:
        return " and ".join(parts), q.get("constraint_message") or bounds_message(low, high)
    return own, q.get("constraint_message") or ""


def _question_row(q: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    kind = q["type"]
    xls_type = TYPES[kind]
    implied = {"likert": "likert", "long_text": "multiline"}.get(kind, "")
    row: dict[str, Any] = {
        "type": f"{xls_type} {_name(q['code'])}" if kind in WITH_LIST else xls_type,
        "name": _name(q["code"]),
        f"label::{ID}": "" if kind == "calculate" and q["text"] == q["code"] else q["text"],
        f"label::{EN}": q.get("text_en", ""),
        f"hint::{ID}": q.get("help", ""),
        "required": "yes" if q.get("required") else "",
        "relevant": rename(q.get("relevant") or "", names),
        "calculation": rename(q.get("calculation") or "", names),
        "default": q.get("default") or "",
        "choice_filter": rename(q.get("choice_filter") or "", names),
        "appearance": " ".join(a for a in (implied, q.get("appearance") or "") if a),
        "tilik_code": q["code"] if _name(q["code"]) != q["code"] else "",
        "tilik_construct": q.get("construct", ""),
        "tilik_reverse": "ya" if q.get("reverse") else "",
        "tilik_unsur": q.get("unsur", ""),
        "tilik_points": q.get("points") or "",
        "tilik_text_by_rater": json.dumps(q["text_by_rater"], ensure_ascii=False) if q.get("text_by_rater") else "",
    }
    _other(row, q.get("other_languages"), ("label", "hint", "constraint_message"))
    if kind == "rating":
        row["parameters"] = "start=0 end=10 step=1"
    constraint, message = _constraint(q)
    row["constraint"], row[f"constraint_message::{ID}"] = rename(constraint, names), message
    return row


def _choice_rows(q: dict[str, Any]) -> list[dict[str, Any]]:
    list_name = _name(q["code"])
    if q["type"] == "likert":
        others = q.get("label_languages") or []
        rows = [
            {"list_name": list_name, "name": str(i), f"label::{ID}": label, f"label::{EN}": label_en}
            for i, (label, label_en) in enumerate(q.get("labels") or [], start=1)
        ]
        for row, other in zip(rows, others, strict=False):
            _other(row, other, ("label",))
        return rows
    rows = []
    for c in q.get("choices") or []:
        value = str(c["value"])
        implied = int(value) if value.lstrip("-").isdigit() and len(value) < 9 else None
        # The import takes a numeric value as the score; write the score only where it differs
        # ("-" = no score although the value is a number).
        score = "" if c.get("score") == implied else ("-" if c.get("score") is None else c["score"])
        rows.append(
            {
                "list_name": list_name,
                "name": value,
                f"label::{ID}": c["label"],
                f"label::{EN}": c.get("label_en", ""),
                "tilik_score": score,
                "tilik_correct": "ya" if c.get("correct") else "",
                **(c.get("filters") or {}),
            }
        )
        _other(rows[-1], c.get("other_languages"), ("label",))
    return rows


def spec_to_rows(spec: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    survey: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    names = {q["code"]: _name(q["code"]) for s in spec["sections"] for q in s["questions"]}
    if spec.get("intro"):
        note = {"type": "note", "name": "pengantar", f"label::{ID}": spec["intro"]}
        survey.append(_other(note, {"label": (spec.get("other_languages") or {}).get("intro", {})}, ("label",)))
    for number, section in enumerate(spec["sections"], start=1):
        group = f"bagian_{number}"
        other = section.get("other_languages") or {}
        repeat = bool(section.get("repeat"))
        begin = {
            "type": "begin_repeat" if repeat else "begin_group",
            "name": group,
            f"label::{ID}": section["title"],
            f"label::{EN}": section.get("title_en", ""),
            "appearance": "field-list",
            "relevant": rename(section.get("relevant") or "", names),
            "repeat_count": rename(section.get("repeat_count") or "", names) if repeat else "",
            "tilik_repeat_max": section.get("repeat_max") if repeat and section.get("repeat_max") != 10 else "",
        }
        survey.append(_other(begin, {"label": other.get("title", {})}, ("label",)))
        if section.get("intro"):
            note = {"type": "note", "name": f"{group}_pengantar", f"label::{ID}": section["intro"]}
            survey.append(_other(note, {"label": other.get("intro", {})}, ("label",)))
        for q in section["questions"]:
            survey.append(_question_row(q, names))
            choices.extend(_choice_rows(q))
        survey.append({"type": "end_repeat" if repeat else "end_group", "name": group})
    return survey, choices


def _other(row: dict[str, Any], other: dict[str, Any] | None, keys: tuple[str, ...]) -> dict[str, Any]:
    """Add ``label::<language>`` / ``hint::<language>`` cells for the languages kept in other_languages."""
    for key in keys:
        for language, text in ((other or {}).get(key) or {}).items():
            row[f"{key}::{language}"] = text
    return row


def _columns(base: list[str], rows: list[dict[str, Any]], keys: tuple[str, ...] | None) -> list[str]:
    """The base columns, then the language columns of ``keys`` (every other column when None)."""
    extra = [c for row in rows for c in row if (keys is None or c.split("::")[0] in keys) and c not in base]
    return [*base, *dict.fromkeys(extra)]


def spec_to_xlsform(spec: dict[str, Any]) -> bytes:
    survey, choices = spec_to_rows(spec)
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    columns = _columns(SURVEY_COLUMNS, survey, ("label", "hint", "constraint_message"))
    sheet.append(columns)
    for row in survey:
        sheet.append([row.get(c, "") for c in columns])
    sheet_choices = book.create_sheet("choices")
    choice_columns = _columns(CHOICE_COLUMNS, choices, None)  # labels in more languages, filter columns
    sheet_choices.append(choice_columns)
    for row in choices:
        sheet_choices.append([row.get(c, "") for c in choice_columns])
    settings = book.create_sheet("settings")
    settings.append(SETTINGS_COLUMNS)
    settings.append(
        [spec["title"], spec["code"], ID, spec.get("title_en", ""), spec.get("kind", ""), spec.get("description", "")]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def version_xlsform(version: Any) -> bytes:
    return spec_to_xlsform(version_spec(version))
