"""Writes for responses: token and public submissions, drafts, the public rate limit.

Submissions are not written to the audit log: an audit row (actor, time,
target) would be exactly the link between a person and an anonymous answer
that the anonim mode forbids. The token's use is recorded in TokenUse, whose
primary key is the invitation, so a second submission fails on the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tilik.org.models import Employee
from tilik.surveys.choices import Anonymity, QuestionType, WaveStatus
from tilik.surveys.models import (
    Answer,
    Draft,
    Invitation,
    ParticipantKey,
    PublicRateCounter,
    Question,
    Response,
    TokenUse,
    Wave,
)
from tilik.surveys.tokens import token_hash


class SurveyUnavailable(Exception):  # noqa: N818 - a reason, not an error in the code
    """The survey cannot be answered: reason is 'invalid', 'used', 'closed' or 'not_open'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def wave_state(wave: Wave, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if wave.status == WaveStatus.CLOSED or now >= wave.closes_at:
        return "closed"
    if wave.status != WaveStatus.PUBLISHED or now < wave.opens_at:
        return "not_open"
    return "open"


def check_open(wave: Wave) -> None:
    state = wave_state(wave)
    if state != "open":
        raise SurveyUnavailable(state)


@transaction.atomic
def participant_key_for(*, employee: Employee) -> str:
    found = ParticipantKey.objects.filter(employee=employee).values_list("key", flat=True).first()
    if found:
        return found
    key = ParticipantKey(employee=employee, key=secrets.token_hex(8))
    key.save()
    return key.key


def _answer_rows(
    response: Response,
    answers: dict[str, Any],
    questions: list[Question] | None = None,
) -> tuple[list[Answer], Decimal | None, Decimal | None]:
    """Answer rows for the cleaned values keyed by question code; also the test score.

    ``questions`` (with their choices prefetched) may be passed by a caller that has
    loaded them already, e.g. the respondent form; they must be the response's version.
    """
    rows: list[Answer] = []
    score = max_score = Decimal(0)
    has_key = False
    if questions is None or any(q.version_id != response.version_id for q in questions):
        questions = list(Question.objects.filter(version=response.version).prefetch_related("choices"))
    for question in questions:
        choices = {c.value: c for c in question.choices.all()}
        if question.points and any(c.is_correct for c in choices.values()):
            has_key = True
            max_score += question.points
        value = answers.get(question.code)
        if value is None or value == "" or value == []:
            continue
        if question.qtype == QuestionType.MULTIPLE:
            for v in value:
                rows.append(Answer(response=response, question=question, choice=choices[str(v)]))
        elif question.qtype in (QuestionType.LIKERT, QuestionType.SINGLE):
            choice = choices[str(value)]
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    choice=choice,
                    number=Decimal(choice.score) if choice.score is not None else None,
                )
            )
            if question.points and choice.is_correct:
                score += question.points
        elif question.qtype in (QuestionType.NUMBER, QuestionType.RATING):
            rows.append(Answer(response=response, question=question, number=Decimal(str(value))))
        elif question.qtype == QuestionType.DATE:
            rows.append(Answer(response=response, question=question, date=value))
        else:
            rows.append(Answer(response=response, question=question, text=str(value)[:10000]))
    return rows, (score if has_key else None), (max_score if has_key else None)


def _store(response: Response, answers: dict[str, Any], questions: list[Question] | None) -> Response:
    rows, score, max_score = _answer_rows(response, answers, questions)
    response.score, response.max_score = score, max_score
    # The foreign keys are objects loaded in this transaction; skip re-checking that they exist.
    response.full_clean(
        exclude=["wave", "version", "unit"], validate_unique=False, validate_constraints=False
    )
    response.save(force_insert=True)
    Answer.objects.bulk_create(rows)
    return response


def submit_token(
    *,
    token: str,
    answers: dict[str, Any],
    today: dt.date | None = None,
    questions: list[Question] | None = None,
) -> Response:
    """Store a token survey's response once. Raises SurveyUnavailable; never stores twice."""
    try:
        with transaction.atomic():
            try:
                invitation = (
                    Invitation.objects.select_for_update(of=("self",))
                    .select_related("wave__version")
                    .get(token_hash=token_hash(token))
                )
            except Invitation.DoesNotExist:
                raise SurveyUnavailable("invalid") from None
            wave = invitation.wave
            check_open(wave)
            if TokenUse.objects.filter(invitation=invitation).exists():
                raise SurveyUnavailable("used")
            day = today or timezone.localdate()
            anonymous = wave.anonymity == Anonymity.ANONIM
            response = Response(
                wave=wave, version=wave.version, submitted_on=day, rater_group=invitation.rater_group
            )
            if not anonymous:
                person = invitation.subject or invitation.employee
                response.participant_key = participant_key_for(employee=person) if person else ""
                response.unit = invitation.unit
            _store(response, answers, questions)
            TokenUse.objects.create(invitation=invitation, used_on=None if anonymous else day)
            Draft.objects.filter(invitation=invitation).delete()
            return response
    except IntegrityError:
        # A concurrent submission of the same token won the race (TokenUse primary key).
        raise SurveyUnavailable("used") from None


@transaction.atomic
def submit_public(
    *,
    wave: Wave,
    answers: dict[str, Any],
    today: dt.date | None = None,
    questions: list[Question] | None = None,
) -> Response:
    check_open(wave)
    response = Response(
        wave=wave, version=wave.version, submitted_on=today or timezone.localdate(), unit=wave.unit
    )
    return _store(response, answers, questions)


@transaction.atomic
def draft_save(*, invitation: Invitation, data: dict[str, Any]) -> Draft:
    check_open(invitation.wave)
    if TokenUse.objects.filter(invitation=invitation).exists():
        raise SurveyUnavailable("used")
    draft, _created = Draft.objects.update_or_create(invitation=invitation, defaults={"data": data})
    return draft


def _rate_key(wave: Wave, address: str, day: dt.date) -> str:
    # The salt changes daily, so yesterday's keys cannot be recomputed from an address list.
    return salted_hmac(
        f"tilik.surveys.rate.{day.isoformat()}", f"{wave.pk}:{address}", algorithm="sha256"
    ).hexdigest()


@transaction.atomic
def public_rate_hit(*, wave: Wave, address: str, limit: int, now: dt.datetime | None = None) -> bool:
    """Count one submission attempt from an address; False when the hourly limit is reached."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    PublicRateCounter.objects.filter(hour__lt=now - dt.timedelta(days=1)).delete()
    key = _rate_key(wave, hashlib.sha256(address.encode()).hexdigest(), now.date())
    counter, _created = PublicRateCounter.objects.get_or_create(key=key, hour=hour)
    counter = PublicRateCounter.objects.select_for_update().get(pk=counter.pk)
    if counter.count >= limit:
        return False
    PublicRateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return True


@transaction.atomic
def responses_import(
    *,
    wave: Wave,
    rows: list[dict[str, Any]],
    by: Any,
    on: dt.date | list[dt.date],
    participant_keys: Sequence[str] | None = None,
    rater_groups: Sequence[str] | None = None,
) -> int:
    """Store many responses at once (paper forms typed in later, the demo generator).

    The wave's window is not checked: the data were collected on paper or in the
    past. ``on`` is the date of every response, or one date per row (dates only, never times).
    """
    from tilik.core.audit import audit_record

    questions = list(Question.objects.filter(version=wave.version).prefetch_related("choices"))
    anonymous = wave.anonymity == Anonymity.ANONIM
    responses: list[Response] = []
    answer_rows: list[Answer] = []
    for i, answers in enumerate(rows):
        response = Response(
            wave=wave,
            version=wave.version,
            submitted_on=on[i] if isinstance(on, list) else on,
            unit=wave.unit,
            rater_group=(rater_groups[i] if rater_groups else ""),
            participant_key="" if anonymous or not participant_keys else participant_keys[i],
        )
        built, score, max_score = _answer_rows(response, answers, questions)
        response.score, response.max_score = score, max_score
        responses.append(response)
        answer_rows.extend(built)
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(answer_rows, batch_size=2000)
    audit_record(actor=by, action="wave.import_responses", target=wave, n=len(responses))
    return len(responses)


@transaction.atomic
def token_uses_record(*, invitations: list[Invitation], on: dt.date | None) -> int:
    """Mark invitations as used (responses imported separately, e.g. from paper)."""
    uses = [
        TokenUse(invitation=inv, used_on=on if inv.wave.anonymity != Anonymity.ANONIM else None)
        for inv in invitations
    ]
    TokenUse.objects.bulk_create(uses, ignore_conflicts=True)
    return len(uses)
