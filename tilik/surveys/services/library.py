"""Load an instrument from a plain spec (shipped JSON templates and the XLSForm importer both give one).

Spec: {"code", "title", "title_en", "kind", "description" (internal), "intro" (shown to respondents),
       "sections": [{"title", "title_en", "intro",
                     "questions": [{"code", "type", "text", "text_en", "required", "scale_points", "labels",
                                    "construct", "reverse", "unsur", "points", "min", "max", "help",
                                    "text_by_rater", "show_if": {"question", "values"},
                                    "relevant", "constraint", "constraint_message", "calculation", "default",
                                    "choice_filter", "appearance",
                                    "choices": [{"value", "label", "label_en", "score", "correct", "filters"}]}]}]}
Sections may carry "relevant", "repeat", "repeat_count", "repeat_max" (XLSForm groups).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.surveys.models import Instrument
from tilik.surveys.services.instruments import (
    QUESTION_LOGIC_FIELDS,
    SECTION_LOGIC_FIELDS,
    _likert_choices,
    instrument_create,
    question_create,
    section_create,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def shipped_templates() -> dict[str, Path]:
    return {path.stem: path for path in sorted(DATA_DIR.glob("*.json"))}


def _question_kwargs(spec: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "text_en": spec.get("text_en", ""),
        "required": bool(spec.get("required", True)),
        "construct": spec.get("construct", ""),
        "reverse_keyed": bool(spec.get("reverse", False)),
        "ikm_unsur": spec.get("unsur", ""),
        "points": int(spec.get("points", 0)),
        "help_text": spec.get("help", ""),
        "text_by_rater": spec.get("text_by_rater", {}),
        "other_languages": spec.get("other_languages", {}),
    }
    for key in QUESTION_LOGIC_FIELDS:
        if spec.get(key):
            kwargs[key] = str(spec[key])
    if spec.get("scale_points"):
        kwargs["scale_points"] = int(spec["scale_points"])
    for key, field in (("min", "min_value"), ("max", "max_value")):
        if spec.get(key) is not None:
            kwargs[field] = Decimal(str(spec[key]))
    return kwargs


@transaction.atomic
def instrument_from_spec(*, spec: dict[str, Any], by: Any, code: str | None = None) -> Instrument:
    code = code or spec["code"]
    if Instrument.objects.filter(code=code).exists():
        raise ValidationError(_("Instrumen dengan kode %(code)s sudah ada.") % {"code": code})
    instrument = instrument_create(
        code=code,
        title=spec["title"],
        title_en=spec.get("title_en", ""),
        kind=spec.get("kind", "lainnya"),
        description=spec.get("description", ""),
        intro=spec.get("intro", ""),
        other_languages=spec.get("other_languages", {}),
        by=by,
    )
    version = instrument.versions.get()
    for s_order, s_spec in enumerate(spec["sections"], start=1):
        section = section_create(
            version=version,
            title=s_spec["title"],
            title_en=s_spec.get("title_en", ""),
            intro=s_spec.get("intro", ""),
            other_languages=s_spec.get("other_languages", {}),
            order=s_order,
            by=by,
            **{key: s_spec[key] for key in SECTION_LOGIC_FIELDS if s_spec.get(key) not in (None, "")},
        )
        for q_order, q_spec in enumerate(s_spec["questions"], start=1):
            choices = q_spec.get("choices")
            if q_spec["type"] == "likert" and q_spec.get("labels"):
                labels = [(str(pair[0]), str(pair[1])) for pair in q_spec["labels"]]
                choices = _likert_choices(int(q_spec["scale_points"]), labels)
                for choice, other in zip(choices, q_spec.get("label_languages") or [], strict=False):
                    choice["other_languages"] = other
            show_if = q_spec.get("show_if") or {}
            question_create(
                section=section,
                code=q_spec["code"],
                qtype=q_spec["type"],
                text=q_spec["text"],
                choices=choices,
                show_if_code=show_if.get("question", ""),
                show_if_values=show_if.get("values"),
                order=q_order,
                by=by,
                **_question_kwargs(q_spec),
            )
    audit_record(actor=by, action="instrument.import", target=instrument, source=spec.get("source", "spec"))
    return instrument


def instrument_load_template(*, name: str, by: Any, code: str | None = None) -> Instrument:
    """Create an instrument from one of the shipped templates (tilik/surveys/data/<name>.json)."""
    path = shipped_templates().get(name)
    if path is None:
        raise ValidationError(_("Templat %(name)s tidak ada.") % {"name": name})
    spec = json.loads(path.read_text(encoding="utf-8"))
    return instrument_from_spec(spec=spec, by=by, code=code)
