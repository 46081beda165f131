"""The respondent form, built from an instrument version's questions.

Every field is optional at field level; ``clean`` applies the required flag
only to questions that are shown (show-if is evaluated on the server, so the
form works without JavaScript; tilik/static JS only hides what does not apply).

Building ~30 form fields (labels, choices) took longer than validating them, so the
fields are built once per version, rater group and language and shared, read-only,
by every form of that version in the process (instead of Django's per-form deepcopy).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tilik.surveys.choices import QuestionType
from tilik.surveys.models import InstrumentVersion, Question
from tilik.surveys.selectors.structure import VersionStructure, version_structure

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def localized(obj: Any, field: str) -> str:
    """The English text when the interface is in English and one exists, else the Indonesian."""
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, field))


def field_name(question: Question) -> str:
    return f"q_{question.code}"


def _field_for(question: Question, rater_group: str) -> forms.Field:
    label = question.text_for(rater_group) if rater_group and question.text_by_rater else localized(question, "text")
    common: dict[str, Any] = {"label": label, "required": False, "help_text": question.help_text}
    qtype = question.qtype
    if qtype in (QuestionType.LIKERT, QuestionType.SINGLE):
        choices = [(c.value, localized(c, "label")) for c in question.choices.all()]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if qtype == QuestionType.MULTIPLE:
        choices = [(c.value, localized(c, "label")) for c in question.choices.all()]
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if qtype == QuestionType.RATING:
        lo = int(question.min_value if question.min_value is not None else 0)
        hi = int(question.max_value if question.max_value is not None else 10)
        return forms.TypedChoiceField(
            choices=[(str(i), str(i)) for i in range(lo, hi + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if qtype == QuestionType.NUMBER:
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=14,
            decimal_places=4,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    if qtype == QuestionType.DATE:
        return forms.DateField(
            input_formats=DATE_FORMATS,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **common,
        )
    if qtype == QuestionType.LONG_TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    return forms.CharField(max_length=500, **common)


_FIELDS: OrderedDict[tuple[object, ...], dict[str, forms.Field]] = OrderedDict()
_FIELDS_LOCK = threading.Lock()
_FIELDS_SIZE = 128


def _shared_fields(version: InstrumentVersion, structure: VersionStructure, rater_group: str) -> dict[str, forms.Field]:
    """The form fields of a version, built once per (version, revision, rater group, language)."""
    key = (version.pk, version.revision, version.created_at, rater_group, get_language())
    with _FIELDS_LOCK:
        found = _FIELDS.get(key)
        if found is not None:
            _FIELDS.move_to_end(key)
            return found
    fields: dict[str, forms.Field] = {}
    for question in structure.questions:
        field = _field_for(question, rater_group)
        field.question = question  # type: ignore[attr-defined]
        fields[field_name(question)] = field
    with _FIELDS_LOCK:
        _FIELDS[key] = fields
        while len(_FIELDS) > _FIELDS_SIZE:
            _FIELDS.popitem(last=False)
    return fields


class RespondentForm(forms.Form):
    required_message = gettext_lazy("Pertanyaan ini wajib diisi.")

    def __init__(self, *args: Any, version: InstrumentVersion, rater_group: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        structure = version_structure(version)
        self.structure = structure
        self.questions = list(structure.questions)
        self.sections = list(structure.sections)
        # A new dict, shared Field instances: nothing here or in the templates mutates a field.
        self.fields = dict(_shared_fields(version, structure, rater_group))

    def _clean_fields(self) -> None:
        # Django's loop builds a BoundField per field first (a tenth of a submission's web CPU); these
        # fields are never disabled, have no prefix and no clean_<name> methods, so value and clean
        # are all it would do.
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, name)
            try:
                self.cleaned_data[name] = field.clean(value)
            except ValidationError as error:
                self.add_error(name, error)

    def is_shown(self, question: Question, values: dict[str, Any]) -> bool:
        condition = question.show_if_question
        if condition is None:
            return True
        answer = values.get(condition.code)
        if condition.show_if_question_id and not self.is_shown(condition, values):
            return False
        picked = (
            [str(a) for a in answer] if isinstance(answer, list) else [str(answer)] if answer not in (None, "") else []
        )
        return bool(set(picked) & {str(v) for v in question.show_if_values})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = {q.code: cleaned.get(field_name(q)) for q in self.questions}
        for question in self.questions:
            name = field_name(question)
            if not self.is_shown(question, values):
                cleaned[name] = None
                values[question.code] = None
                continue
            value = cleaned.get(name)
            if question.required and (value is None or value == "" or value == []) and name not in self.errors:
                self.add_error(name, self.required_message)
        return cleaned

    def answers(self) -> dict[str, Any]:
        """Cleaned answers keyed by question code (hidden questions dropped)."""
        out: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if isinstance(value, Decimal):
                value = value.normalize()
            out[question.code] = value
        return out

    def grouped(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(section, bound fields) in order, for the template."""
        by_section: dict[int, list[forms.BoundField]] = {s.pk: [] for s in self.sections}
        for question in self.questions:
            by_section.setdefault(question.section_id, []).append(self[field_name(question)])
        return [(s, by_section[s.pk]) for s in self.sections if by_section[s.pk]]


def _typed(value: object) -> str:
    # NUL cannot be stored by PostgreSQL (text or jsonb); the form rejects it on submission anyway.
    return str(value).replace("\x00", "")[:5000]


def raw_draft(data: Any, form: RespondentForm) -> dict[str, Any]:
    """The typed (unvalidated) values of a POST, to keep as a draft."""
    out: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            values = [_typed(v) for v in data.getlist(name)]
            if values:
                out[name] = values
        elif data.get(name, "") != "":
            out[name] = _typed(data.get(name))
    return out


def error_summary(form: RespondentForm) -> str:
    n = len(form.errors)
    return _("Ada %(n)s isian yang perlu diperbaiki. Jawaban Anda yang lain tetap tersimpan di formulir.") % {"n": n}
