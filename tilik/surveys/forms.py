"""The respondent form, built from an instrument version's questions.

Every field is optional at field level; ``clean`` applies the required flag, constraints and choice
filters only to questions that are shown. XLSForm logic (relevance of questions and groups,
calculations, choice filters, repeat groups) is evaluated on the server by tilik.surveys.form_logic,
so the form works without JavaScript; static/surveys/form_logic.js evaluates the same expressions in
the browser to show and hide as the respondent answers. Answers of questions that are not shown are
discarded.

Building ~30 form fields (labels, choices) took longer than validating them, so the
fields are built once per version, rater group and language and shared, read-only,
by every form of that version in the process (instead of Django's per-form deepcopy).
A question in a repeat group shares its one field among its iterations (``q_<code>__<i>``).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tilik.surveys.choices import QuestionType
from tilik.surveys.form_logic import (
    Evaluator,
    FormState,
    choice_row,
    context_for,
    evaluate_form,
    odk_string,
    repeat_field,
    slot_name,
)
from tilik.surveys.models import InstrumentVersion, Question, Section
from tilik.surveys.selectors.logic import relevance_of
from tilik.surveys.selectors.structure import VersionStructure, version_structure

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
# An XLSForm language name that is English ("English (en)", "en", "Inggris"), as the importer reads it.
ENGLISH = re.compile(r"(^|\W)(en|eng|english|inggris)(\W|$)", re.I)


def localized(obj: Any, field: str) -> str:
    """The English text when the interface is in English and one exists, else the Indonesian."""
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, field))


def field_name(question: Question) -> str:
    return f"q_{question.code}"


def constraint_message(question: Question) -> str:
    """The author's message for a failed constraint (English from other_languages when shown in English)."""
    if (get_language() or "id").startswith("en"):
        others = (question.other_languages or {}).get("constraint_message") or {}
        for language, text in others.items() if isinstance(others, dict) else ():
            if text and ENGLISH.search(str(language)):
                return str(text)
    return question.constraint_message or _("Jawaban ini tidak memenuhi syarat pertanyaan.")


class RankWidget(forms.Widget):
    """One number select per choice (``<name>__r_<value>``): ranking works without JavaScript."""

    def __init__(self, values: list[str]) -> None:
        super().__init__()
        self.values = values

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {v: str(data.get(f"{name}__r_{v}", "") or "") for v in self.values}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}__r_{v}" in data for v in self.values)


class RankField(forms.Field):
    """Answer: the choice values in rank order; every choice ranked once, 1..n, or none at all."""

    def __init__(self, *, values: list[str], **kwargs: Any) -> None:
        super().__init__(widget=RankWidget(values), **kwargs)
        self.values = values

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):  # a default or a draft given in rank order
            value = {v: str(i + 1) for i, v in enumerate(value)}
        given = {v: r for v, r in (value or {}).items() if r not in ("", None)}
        if not given:
            return []
        n = len(self.values)
        ranks = sorted(given.items(), key=lambda kv: kv[1])
        if len(given) != n or sorted(given.values()) != sorted(str(i) for i in range(1, n + 1)):
            raise ValidationError(
                _("Beri setiap pilihan satu peringkat yang berbeda, dari 1 sampai %(n)s.") % {"n": n}, code="rank"
            )
        return [v for v, _r in sorted(ranks, key=lambda kv: int(kv[1]))]


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
    if qtype == QuestionType.RANK:
        rank = RankField(values=[c.value for c in question.choices.all()], **common)
        rank.choices = [(c.value, localized(c, "label")) for c in question.choices.all()]  # type: ignore[attr-defined]
        return rank
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
    if qtype == QuestionType.TIME:
        return forms.TimeField(
            input_formats=TIME_FORMATS, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **common
        )
    if qtype == QuestionType.DATETIME:
        return forms.DateTimeField(
            input_formats=DATETIME_FORMATS,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            **common,
        )
    if qtype == QuestionType.ACKNOWLEDGE:
        return forms.BooleanField(**common)
    if qtype == QuestionType.CALCULATE:
        return forms.CharField(widget=forms.HiddenInput, **common)
    if qtype == QuestionType.LONG_TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    return forms.CharField(max_length=500, **common)


_FIELDS: OrderedDict[tuple[object, ...], dict[str, forms.Field]] = OrderedDict()
_FIELDS_LOCK = threading.Lock()
_FIELDS_SIZE = 128


def _shared_fields(version: InstrumentVersion, structure: VersionStructure, rater_group: str) -> dict[str, forms.Field]:
    """The form fields of a version by question code, built once per (version, revision, rater group, language)."""
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
        fields[question.code] = field
    with _FIELDS_LOCK:
        _FIELDS[key] = fields
        while len(_FIELDS) > _FIELDS_SIZE:
            _FIELDS.popitem(last=False)
    return fields


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _default_initial(question: Question) -> Any:
    text = question.default.strip()
    if question.qtype in (QuestionType.MULTIPLE, QuestionType.RANK):
        return text.split()
    if question.qtype == QuestionType.ACKNOWLEDGE:
        return text.upper() in ("OK", "TRUE", "1")
    return text


@dataclass
class Item:
    """One question in one iteration, as the template shows it."""

    bound: forms.BoundField
    question: Question
    index: int
    hidden: bool
    relevant: str
    offered: set[str] | None
    form: RespondentForm = dc_field(repr=False)

    @property
    def appearance(self) -> set[str]:
        """The XLSForm appearance words that change the widget: minimal (a drop-down list for a single
        choice), multiline (a text area for short text), likert (a single choice as a scale)."""
        words = set((self.question.appearance or "").lower().split())
        qtype = self.question.qtype
        shown = set()
        if "minimal" in words and qtype == QuestionType.SINGLE:
            shown.add("minimal")
        if "multiline" in words and qtype == QuestionType.SHORT_TEXT:
            shown.add("multiline")
        if "likert" in words and qtype == QuestionType.SINGLE:
            shown.add("likert")
        return shown

    @property
    def constraint_message(self) -> str:
        return constraint_message(self.question)

    @property
    def value(self) -> str:
        """The slot's value as the server evaluated it (a calculation's result)."""
        return self.form.state.values.get(self.bound.html_name, "")

    @property
    def options(self) -> list[dict[str, Any]]:
        """Radio/checkbox options with their choice rows (choice_filter) and whether they are offered now."""
        q = self.question
        rows = {c.value: c for c in q.choices.all()}
        out = []
        for opt in self.bound:
            value = str(opt.data["value"])
            choice = rows.get(value)
            out.append(
                {
                    "opt": opt,
                    "hidden": self.offered is not None and value not in self.offered,
                    "choice": json.dumps(choice_row(choice), ensure_ascii=False) if choice is not None else "",
                }
            )
        return out

    @property
    def ranks(self) -> list[dict[str, Any]]:
        """Rank rows: choice label, select name and the rank now chosen."""
        name = self.bound.html_name
        given = self.form.source_value(self.question, self.index)
        picked = {v: str(i + 1) for i, v in enumerate(given)} if isinstance(given, list) else dict(given or {})
        n = len(self.bound.field.choices)  # type: ignore[attr-defined]
        return [
            {
                "value": value,
                "name": f"{name}__r_{value}",
                "id": f"id_{name}__r_{value}",
                "label": label,
                "picked": picked.get(value, ""),
                "numbers": [str(i) for i in range(1, n + 1)],
            }
            for value, label in self.bound.field.choices  # type: ignore[attr-defined]
        ]


@dataclass
class Block:
    section: Section
    hidden: bool
    iterations: list[tuple[int, list[Item]]]
    count: int = 0
    can_add: bool = False
    can_remove: bool = False

    @property
    def count_field(self) -> str:
        return repeat_field(self.section)


class RespondentForm(forms.Form):
    required_message = gettext_lazy("Pertanyaan ini wajib diisi.")
    not_offered_message = gettext_lazy("Pilihan ini tidak tersedia untuk jawaban Anda sebelumnya.")

    def __init__(self, *args: Any, version: InstrumentVersion, rater_group: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.rater_group = rater_group
        structure = version_structure(version)
        self.structure = structure
        self.questions = list(structure.questions)
        self.sections = list(structure.sections)
        self.by_code = _shared_fields(version, structure, rater_group)
        self.evaluator = Evaluator()
        if not self.is_bound and not self.initial:
            self.initial = {field_name(q): _default_initial(q) for q in self.questions if q.default.strip()}
        self.source: Mapping[str, Any] = self.data if self.is_bound else self.initial
        self.state = self._evaluate(self._raw_value)
        if not self.is_bound:
            self._drop_unoffered()
        # A new dict, shared Field instances: nothing here or in the templates mutates a field.
        self.fields = {}
        for q in self.questions:
            for index in self.state.slots(q):
                self.fields[slot_name(q, index)] = self.by_code[q.code]

    # -- reading answers -----------------------------------------------------------------
    def _asked_counts(self) -> dict[int, int | None]:
        return {s.pk: _as_int(self.source.get(repeat_field(s))) for s in self.sections if s.repeat}

    def _evaluate(self, raw: Any) -> FormState:
        if not self.has_logic:  # nothing to evaluate: every question shown once, no calculation
            return FormState(counts={}, values={}, relevant={}, offered={})
        return evaluate_form(self.questions, self.sections, raw, self._asked_counts(), self.evaluator)

    def source_value(self, question: Question, index: int) -> Any:
        """The typed (not yet validated) value of a slot, from the POST or the initial data."""
        f = self.by_code[question.code]
        name = slot_name(question, index)
        if not self.is_bound and name in self.source:
            return self.source[name]
        return f.widget.value_from_datadict(self.source, self.files, name)

    def _raw_value(self, question: Question, index: int) -> str:
        if question.qtype == QuestionType.CALCULATE:
            return ""
        try:
            return odk_string(question, self.by_code[question.code].clean(self.source_value(question, index)))
        except ValidationError:
            return ""

    def _drop_unoffered(self) -> None:
        """A re-rendered page does not keep a choice its filter no longer offers (it would be hidden, yet
        checked, and refused on submission)."""
        initial = dict(self.initial)
        for name, offered in self.state.offered.items():
            given = initial.get(name)
            if isinstance(given, list):
                initial[name] = [v for v in given if v in offered]
            elif given not in (None, "") and str(given) not in offered:
                del initial[name]
        self.initial = self.source = initial

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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}

        def raw(question: Question, index: int) -> str:
            return (
                ""
                if question.qtype == QuestionType.CALCULATE
                else odk_string(question, cleaned.get(slot_name(question, index)))
            )

        state = self._evaluate(raw)
        self.state = state
        for question in self.questions:
            for index in state.slots(question):
                name = slot_name(question, index)
                if not state.relevant.get(name, True):
                    cleaned[name] = None
                    self.errors.pop(name, None)  # a hidden question's input is discarded, errors too
                    continue
                if question.qtype == QuestionType.CALCULATE:
                    cleaned[name] = state.values.get(name, "")
                    continue
                if name in self.errors:
                    continue
                value = cleaned.get(name)
                text = odk_string(question, value)
                if question.required and text == "":
                    self.add_error(name, self.required_message)
                    continue
                offered = state.offered.get(name)
                if offered is not None and any(v not in offered for v in text.split()):
                    self.add_error(name, self.not_offered_message)
                    continue
                if text and question.constraint.strip():
                    ctx = context_for(state, self.questions, question, index)
                    if not self.evaluator.truth(question.constraint, ctx, current=text):
                        self.add_error(name, constraint_message(question))
        return cleaned

    def answers(self) -> dict[str, Any]:
        """Cleaned answers keyed by question code (hidden questions None); a question in a repeat group
        gives ``{iteration: value}``."""
        out: dict[str, Any] = {}
        for question in self.questions:
            slots = self.state.slots(question)
            if question.section.repeat:
                out[question.code] = {i: self._answer(question, i) for i in slots}
            else:
                out[question.code] = self._answer(question, 0)
        return out

    def _answer(self, question: Question, index: int) -> Any:
        value = self.cleaned_data.get(slot_name(question, index))
        if isinstance(value, Decimal):
            return value.normalize()
        if question.qtype in (QuestionType.TIME, QuestionType.DATETIME, QuestionType.ACKNOWLEDGE):
            return odk_string(question, value) or None
        return value

    # -- rendering -------------------------------------------------------------------------
    @cached_property
    def has_logic(self) -> bool:
        """Whether any question or section has logic (the page then loads form_logic.js and offers a refresh)."""
        return any(s.repeat or s.relevant.strip() for s in self.sections) or any(
            relevance_of(q) or q.constraint.strip() or q.calculation.strip() or q.choice_filter.strip()
            for q in self.questions
        )

    def grouped(self) -> list[Block]:
        """Sections with their questions per iteration, for the template."""
        top = context_for(self.state, self.questions, self.questions[0], 0) if self.questions else {}
        by_section: dict[int, list[Question]] = {}
        for q in self.questions:
            by_section.setdefault(q.section_id, []).append(q)
        blocks = []
        for section in self.sections:
            questions = by_section.get(section.pk, [])
            if not questions:
                continue
            hidden = bool(section.relevant.strip()) and not self.evaluator.truth(section.relevant, top)
            if section.repeat:
                count = self.state.counts.get(section.pk, 0)
                indexes = list(range(1, count + 1))
            else:
                count, indexes = 0, [0]
            iterations = [(i, [self._item(q, i) for q in questions]) for i in indexes]
            free = section.repeat and not section.repeat_count.strip()
            blocks.append(
                Block(
                    section=section,
                    hidden=hidden,
                    iterations=iterations,
                    count=count,
                    can_add=free and count < section.repeat_max,
                    can_remove=free and count > 1,
                )
            )
        return blocks

    def _item(self, question: Question, index: int) -> Item:
        name = slot_name(question, index)
        offered = self.state.offered.get(name)
        return Item(
            bound=self[name],
            question=question,
            index=index,
            hidden=not self.state.relevant.get(name, True),
            relevant=" and ".join(f"({e})" for e in relevance_of(question)),
            offered=set(offered) if offered is not None else None,
            form=self,
        )


def _typed(value: object) -> str:
    # NUL cannot be stored by PostgreSQL (text or jsonb); the form rejects it on submission anyway.
    return str(value).replace("\x00", "")[:5000]


def raw_draft(data: Any, form: RespondentForm, adjust: Mapping[int, int] | None = None) -> dict[str, Any]:
    """The typed (unvalidated) values of a POST, to keep as a draft or to re-render the page.

    ``adjust`` adds (or with a negative number removes) iterations of repeat groups by section pk.
    """
    out: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            values = [_typed(v) for v in data.getlist(name)]
            if values:
                out[name] = values
        elif isinstance(field, RankField):
            for value in field.values:
                key = f"{name}__r_{value}"
                if data.get(key, "") != "":
                    out[key] = _typed(data.get(key))
        elif data.get(name, "") != "":
            out[name] = _typed(data.get(name))
    for section in form.sections:
        if section.repeat:
            n = form.state.counts.get(section.pk, 1) + (adjust or {}).get(section.pk, 0)
            out[repeat_field(section)] = str(max(1, min(n, section.repeat_max)))
    return out


def error_summary(form: RespondentForm) -> str:
    n = len(form.errors)
    return _("Ada %(n)s isian yang perlu diperbaiki. Jawaban Anda yang lain tetap tersimpan di formulir.") % {"n": n}
