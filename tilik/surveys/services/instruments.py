"""Writes for instruments: create from a spec, versioning, sections, questions and choices.

A version that has responses is frozen: every edit service first copies it
into a new version (``version_for_edit``) and edits the copy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.surveys.choices import CHOICE_TYPES, LIKERT_LABELS, InstrumentKind, QuestionType
from tilik.surveys.models import Choice, Instrument, InstrumentVersion, Question, Response, Section

QUESTION_FIELDS = {
    "other_languages",
    "code",
    "qtype",
    "text",
    "text_en",
    "text_by_rater",
    "help_text",
    "required",
    "scale_points",
    "construct",
    "reverse_keyed",
    "ikm_unsur",
    "min_value",
    "max_value",
    "points",
    "order",
}
# XLSForm logic (ODK XPath, tilik.surveys.expr) and the widget's appearance, stored as text.
QUESTION_LOGIC_FIELDS = (
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "default",
    "choice_filter",
    "appearance",
)
QUESTION_FIELDS |= set(QUESTION_LOGIC_FIELDS)
SECTION_LOGIC_FIELDS = ("relevant", "repeat", "repeat_count", "repeat_max")
# Question types whose answer is one or more of its own choices (rank: all of them, in order).
WITH_CHOICES = {*CHOICE_TYPES, QuestionType.RANK}


def version_is_frozen(version: InstrumentVersion) -> bool:
    return Response.objects.filter(version=version).exists()


@transaction.atomic
def instrument_create(
    *,
    code: str,
    title: str,
    by: Any,
    kind: str = InstrumentKind.LAINNYA,
    title_en: str = "",
    description: str = "",
    intro: str = "",
    other_languages: dict[str, Any] | None = None,
) -> Instrument:
    instrument = Instrument(
        other_languages=other_languages or {},
        code=code,
        title=title,
        title_en=title_en,
        kind=kind,
        description=description,
        intro=intro,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    instrument.full_clean()
    instrument.save()
    version = InstrumentVersion(instrument=instrument, number=1)
    version.full_clean()
    version.save()
    audit_record(actor=by, action="instrument.create", target=instrument)
    return instrument


@transaction.atomic
def version_copy(*, version: InstrumentVersion, by: Any, note: str = "") -> InstrumentVersion:
    """A new version of the instrument with the same sections, questions and choices."""
    top = InstrumentVersion.objects.filter(instrument=version.instrument).aggregate(m=Max("number"))["m"] or 0
    new = InstrumentVersion(instrument=version.instrument, number=top + 1, note=note)
    new.full_clean()
    new.save()
    section_map: dict[int, Section] = {}
    for section in version.sections.all():
        old_pk = section.pk
        section.pk = None
        section.version = new
        section.save()
        section_map[old_pk] = section
    question_map: dict[int, Question] = {}
    for question in version.questions.prefetch_related("choices").order_by("id"):
        old_pk, choices = question.pk, list(question.choices.all())
        question.pk = None
        question.version = new
        question.section = section_map[question.section_id]
        question.save()
        question_map[old_pk] = question
        for choice in choices:
            choice.pk = None
            choice.question = question
            choice.save()
    for question in question_map.values():
        if question.show_if_question_id:
            question.show_if_question = question_map[question.show_if_question_id]
            question.save(update_fields=["show_if_question"])
    audit_record(actor=by, action="instrument.version", target=version.instrument, number=new.number)
    return new


def version_for_edit(*, version: InstrumentVersion, by: Any) -> InstrumentVersion:
    """The version itself, or a fresh copy when responses already refer to it.

    Either way its revision is raised, so cached form structures (selectors.structure) are rebuilt.
    """
    if not version_is_frozen(version):
        InstrumentVersion.objects.filter(pk=version.pk).update(revision=F("revision") + 1)
        return version
    return version_copy(
        version=version, by=by, note=_("Dibuat otomatis saat mengubah versi yang sudah berisi respons.")
    )


def _counterpart_section(section: Section, version: InstrumentVersion) -> Section:
    if section.version_id == version.pk:
        return section
    return version.sections.get(order=section.order, title=section.title)


@transaction.atomic
def section_create(
    *,
    version: InstrumentVersion,
    title: str,
    by: Any,
    title_en: str = "",
    intro: str = "",
    order: int | None = None,
    other_languages: dict[str, Any] | None = None,
    **logic: Any,
) -> Section:
    unknown = set(logic) - set(SECTION_LOGIC_FIELDS)
    if unknown:
        raise TypeError(f"unknown section fields: {sorted(unknown)}")
    version = version_for_edit(version=version, by=by)
    if order is None:
        order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section(
        version=version,
        title=title,
        title_en=title_en,
        intro=intro,
        order=order,
        other_languages=other_languages or {},
        **logic,
    )
    section.full_clean()
    section.save()
    audit_record(actor=by, action="section.create", target=section)
    return section


@transaction.atomic
def section_update(*, section: Section, by: Any, **fields: Any) -> Section:
    version = version_for_edit(version=section.version, by=by)
    section = _counterpart_section(section, version)
    for key in set(fields) & {"title", "title_en", "intro", "order"}:
        setattr(section, key, fields[key])
    section.full_clean()
    section.save()
    audit_record(actor=by, action="section.update", target=section)
    return section


def _likert_choices(points: int, labels: list[tuple[str, str]] | None = None) -> list[dict[str, Any]]:
    labels = labels or LIKERT_LABELS[points]
    return [
        {"value": str(i), "label": lab, "label_en": lab_en, "score": i}
        for i, (lab, lab_en) in enumerate(labels, start=1)
    ]


def _validate_question(question: Question, choices: list[dict[str, Any]]) -> None:
    errors: dict[str, str] = {}
    if question.qtype == QuestionType.LIKERT and len(choices) != question.scale_points:
        errors["scale_points"] = _("Jumlah label harus sama dengan jumlah titik skala.")
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE) and len(choices) < 2:
        errors["qtype"] = _("Pertanyaan pilihan membutuhkan sedikitnya dua pilihan jawaban.")
    if question.qtype == QuestionType.RANK and len(choices) < 2:
        errors["qtype"] = _("Pertanyaan peringkat membutuhkan sedikitnya dua pilihan jawaban.")
    if question.qtype not in WITH_CHOICES and choices:
        errors["qtype"] = _("Jenis pertanyaan ini tidak memakai pilihan jawaban.")
    if question.min_value is not None and question.max_value is not None and question.min_value > question.max_value:
        errors["max_value"] = _("Nilai maksimum harus lebih besar dari nilai minimum.")
    condition = question.show_if_question
    if condition is not None and condition.version_id != question.version_id:
        errors["show_if_question"] = _("Syarat tampil harus merujuk pertanyaan pada versi yang sama.")
    values = [str(c["value"]) for c in choices]
    if len(set(values)) != len(values):
        errors["qtype"] = _("Kode pilihan jawaban tidak boleh berulang.")
    if errors:
        raise ValidationError(errors)


def _write_choices(question: Question, choices: list[dict[str, Any]]) -> None:
    question.choices.all().delete()
    for order, spec in enumerate(choices, start=1):
        choice = Choice(
            question=question,
            order=order,
            value=str(spec["value"]),
            label=spec["label"],
            label_en=spec.get("label_en", ""),
            score=spec.get("score"),
            is_correct=bool(spec.get("correct", False)),
            other_languages=spec.get("other_languages") or {},
            filters=spec.get("filters") or {},
        )
        choice.full_clean(exclude=["question"])
        choice.save()


@transaction.atomic
def question_create(
    *,
    section: Section,
    code: str,
    qtype: str,
    text: str,
    by: Any,
    choices: list[dict[str, Any]] | None = None,
    show_if_code: str = "",
    show_if_values: list[str] | None = None,
    **fields: Any,
) -> Question:
    unknown = set(fields) - QUESTION_FIELDS
    if unknown:
        raise TypeError(f"unknown question fields: {sorted(unknown)}")
    version = version_for_edit(version=section.version, by=by)
    section = _counterpart_section(section, version)
    if qtype == QuestionType.LIKERT:
        fields.setdefault("scale_points", 5)
        choices = choices or _likert_choices(int(fields["scale_points"]))
    if qtype == QuestionType.RATING:
        fields["min_value"] = Decimal(0) if fields.get("min_value") is None else fields["min_value"]
        fields["max_value"] = Decimal(10) if fields.get("max_value") is None else fields["max_value"]
    if "order" not in fields:
        fields["order"] = (version.questions.filter(section=section).aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question(version=version, section=section, code=code, qtype=qtype, text=text, **fields)
    if show_if_code:
        question.show_if_question = version.questions.filter(code=show_if_code).first()
        if question.show_if_question is None:
            raise ValidationError(
                {"show_if_question": _("Pertanyaan syarat %(code)s tidak ditemukan.") % {"code": show_if_code}}
            )
        question.show_if_values = [str(v) for v in (show_if_values or [])]
    question.full_clean()
    _validate_question(question, choices or [])
    question.save()
    _write_choices(question, choices or [])
    audit_record(actor=by, action="question.create", target=question)
    return question


@transaction.atomic
def question_update(
    *, question: Question, by: Any, choices: list[dict[str, Any]] | None = None, **fields: Any
) -> Question:
    unknown = set(fields) - QUESTION_FIELDS
    if unknown:
        raise TypeError(f"unknown question fields: {sorted(unknown)}")
    version = version_for_edit(version=question.version, by=by)
    if version.pk != question.version_id:
        question = version.questions.get(code=question.code)
    for key, value in fields.items():
        setattr(question, key, value)
    if question.qtype == QuestionType.LIKERT and choices is None and "scale_points" in fields:
        choices = _likert_choices(int(question.scale_points or 5))
    current = (
        choices
        if choices is not None
        else [
            {
                "value": c.value,
                "label": c.label,
                "label_en": c.label_en,
                "score": c.score,
                "correct": c.is_correct,
                "other_languages": c.other_languages,
                "filters": c.filters,
            }
            for c in question.choices.all()
        ]
    )
    question.full_clean()
    _validate_question(question, current)
    question.save()
    if choices is not None:
        _write_choices(question, choices)
    audit_record(actor=by, action="question.update", target=question, fields=sorted(fields))
    return question


@transaction.atomic
def question_delete(*, question: Question, by: Any) -> InstrumentVersion:
    version = version_for_edit(version=question.version, by=by)
    target = version.questions.get(code=question.code)
    audit_record(actor=by, action="question.delete", target=target)
    target.delete()
    return version


@transaction.atomic
def question_set_show_if(*, question: Question, condition: Question | None, values: list[str], by: Any) -> Question:
    version = version_for_edit(version=question.version, by=by)
    if version.pk != question.version_id:
        question = version.questions.get(code=question.code)
        condition = version.questions.get(code=condition.code) if condition is not None else None
    if condition is not None and (condition.pk == question.pk or condition.version_id != version.pk):
        raise ValidationError({"show_if_code": _("Syarat tampil harus merujuk pertanyaan lain pada versi ini.")})
    question.show_if_question = condition
    question.show_if_values = [str(v) for v in values] if condition is not None else []
    question.full_clean()
    question.save(update_fields=["show_if_question", "show_if_values"])
    audit_record(actor=by, action="question.show_if", target=question)
    return question
