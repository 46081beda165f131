"""Import an instrument from an XLSForm workbook (the ODK/KoboToolbox convention).

Supported: the ``survey`` and ``choices`` sheets; ``begin group``/``end group``
(sections); ``select_one`` (Likert when ``appearance`` contains ``likert`` and
there are 4-7 choices), ``select_multiple``, ``integer``, ``decimal``, ``text``
(``appearance: multiline`` = long text), ``date``, ``range`` 0-10 (rating);
``required``; ``hint``; labels ``label`` or ``label::Bahasa Indonesia (id)`` and
``label::English (en)``; ``relevant`` of the simple forms ``${q} = 'v'`` or
``selected(${q}, 'v')`` joined by ``or`` on the same question. Metadata
columns (start, end, today, deviceid) are skipped. Everything else (repeats,
calculations, constraints, media, geo, cascading choices) is refused with
the row number, rather than silently lost.
"""

from __future__ import annotations

import re
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tilik.surveys.models import Instrument
from tilik.surveys.services.library import instrument_from_spec

METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "audit",
}
SIMPLE = {"integer": "number", "decimal": "number", "date": "date"}
UNSUPPORTED_COLUMNS = {"constraint", "calculation", "choice_filter", "repeat_count", "trigger"}
_EQ = re.compile(r"^\$\{(\w+)\}\s*=\s*'([^']*)'$")
_SEL = re.compile(r"^selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)$")


class XLSFormError(ValidationError):
    pass


def _rows(sheet: Any) -> list[dict[str, str]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip().lower() if h is not None else "" for h in rows[0]]
    out = []
    for row in rows[1:]:
        record = {
            header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(row) if i < len(header)
        }
        out.append(record)
    return out


def _label(row: dict[str, str], lang: str) -> str:
    for key, value in row.items():
        if key.startswith("label::") and value and (f"({lang})" in key or key.endswith(lang)):
            return value
    return ""


def _main_label(row: dict[str, str]) -> str:
    return row.get("label", "") or _label(row, "id") or _label(row, "en")


def _relevant(expr: str, line: int) -> dict[str, Any]:
    parts = [p.strip() for p in re.split(r"\s+or\s+", expr.strip())]
    question, values = "", []
    for part in parts:
        match = _EQ.match(part) or _SEL.match(part)
        if not match or (question and match.group(1) != question):
            raise XLSFormError(
                _(
                    "Baris %(n)s: kolom relevant \"%(e)s\" tidak didukung; gunakan ${kode} = 'nilai' "
                    "atau selected(${kode}, 'nilai'), digabung dengan 'or'."
                )
                % {"n": line, "e": expr}
            )
        question = match.group(1)
        values.append(match.group(2))
    return {"question": question, "values": values}


def _question(
    row: dict[str, str], line: int, lists: dict[str, list[dict[str, Any]]]
) -> dict[str, Any] | None:
    qtype = row.get("type", "")
    name = row.get("name", "")
    head, _sep, list_name = qtype.partition(" ")
    if head in METADATA:
        return None
    for column in UNSUPPORTED_COLUMNS:
        if row.get(column):
            raise XLSFormError(
                _("Baris %(n)s: kolom %(c)s tidak didukung oleh Tilik.") % {"n": line, "c": column}
            )
    if not name:
        raise XLSFormError(_("Baris %(n)s: kolom name kosong.") % {"n": line})
    spec: dict[str, Any] = {
        "code": name,
        "text": _main_label(row) or name,
        "text_en": _label(row, "en"),
        "required": row.get("required", "").lower() in {"yes", "true", "1", "true()"},
        "help": row.get("hint", "")[:255],
    }
    if row.get("relevant"):
        spec["show_if"] = _relevant(row["relevant"], line)
    appearance = row.get("appearance", "").lower()
    if head in ("select_one", "select_multiple"):
        if list_name.strip() not in lists:
            raise XLSFormError(
                _('Baris %(n)s: daftar pilihan "%(l)s" tidak ada di lembar choices.')
                % {"n": line, "l": list_name}
            )
        if " or_other" in qtype:
            raise XLSFormError(_("Baris %(n)s: or_other tidak didukung.") % {"n": line})
        choices = lists[list_name.strip()]
        if head == "select_one" and "likert" in appearance and 4 <= len(choices) <= 7:
            spec.update(
                type="likert",
                scale_points=len(choices),
                labels=[(c["label"], c["label_en"]) for c in choices],
            )
        else:
            spec.update(type="single" if head == "select_one" else "multiple", choices=choices)
        return spec
    if head == "range":
        params = row.get("parameters", "").replace(" ", "")
        if params not in ("start=0;end=10", "start=0;end=10;step=1", ""):
            raise XLSFormError(_("Baris %(n)s: hanya range 0-10 yang didukung.") % {"n": line})
        spec["type"] = "rating"
        return spec
    if head == "text":
        spec["type"] = "long_text" if "multiline" in appearance else "short_text"
        return spec
    if head in SIMPLE:
        spec["type"] = SIMPLE[head]
        return spec
    raise XLSFormError(
        _(
            'Baris %(n)s: jenis "%(t)s" tidak didukung (didukung: select_one, select_multiple, '
            "integer, decimal, text, date, range 0-10, begin/end group)."
        )
        % {"n": line, "t": qtype}
    )


def xlsform_to_spec(fileobj: IO[bytes], *, code: str) -> dict[str, Any]:
    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise XLSFormError(_("Berkas bukan XLSX yang dapat dibaca: %(e)s") % {"e": exc}) from None
    if "survey" not in book.sheetnames:
        raise XLSFormError(_('Lembar "survey" tidak ditemukan.'))
    lists: dict[str, list[dict[str, Any]]] = {}
    if "choices" in book.sheetnames:
        for row in _rows(book["choices"]):
            list_name = row.get("list_name") or row.get("list name") or ""
            if not list_name:
                continue
            value = row.get("name", "")
            lists.setdefault(list_name, []).append(
                {
                    "value": value,
                    "label": _main_label(row) or value,
                    "label_en": _label(row, "en"),
                    "score": int(value) if value.lstrip("-").isdigit() else None,
                }
            )
    title = code
    if "settings" in book.sheetnames:
        settings_rows = _rows(book["settings"])
        if settings_rows and settings_rows[0].get("form_title"):
            title = settings_rows[0]["form_title"]
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line, row in enumerate(_rows(book["survey"]), start=2):
        qtype = row.get("type", "").strip()
        if not qtype:
            continue
        normalized = qtype.replace("_", " ")
        if normalized in ("begin group", "begin_group"):
            if current is not None and current["nested"]:
                raise XLSFormError(_("Baris %(n)s: grup bersarang tidak didukung.") % {"n": line})
            current = {
                "title": _main_label(row) or row.get("name", ""),
                "title_en": _label(row, "en"),
                "questions": [],
                "nested": True,
            }
            sections.append(current)
            continue
        if normalized == "end group":
            current = None
            continue
        if normalized.startswith("begin repeat") or normalized.startswith("end repeat"):
            raise XLSFormError(_("Baris %(n)s: repeat tidak didukung.") % {"n": line})
        if normalized == "note":
            if current is None:
                current = {
                    "title": _("Pertanyaan"),
                    "title_en": "Questions",
                    "questions": [],
                    "nested": False,
                    "intro": "",
                }
                sections.append(current)
            current["intro"] = (current.get("intro", "") + "\n" + _main_label(row)).strip()
            continue
        question = _question(row, line, lists)
        if question is None:
            continue
        if current is None:
            current = {"title": _("Pertanyaan"), "title_en": "Questions", "questions": [], "nested": False}
            sections.append(current)
        current["questions"].append(question)
    sections = [s for s in sections if s["questions"]]
    if not sections:
        raise XLSFormError(_("Formulir tidak berisi pertanyaan yang dapat diimpor."))
    return {"code": code, "title": title, "kind": "lainnya", "source": "xlsform", "sections": sections}


def instrument_from_xlsform(*, fileobj: IO[bytes], code: str, by: Any) -> Instrument:
    spec = xlsform_to_spec(fileobj, code=code)
    return instrument_from_spec(spec=spec, by=by)
