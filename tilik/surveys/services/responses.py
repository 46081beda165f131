"""Writes for responses: token and public submissions, drafts, consent, the public rate limit.

Submissions are not written to the audit log: an audit row (actor, time,
target) would be exactly the link between a person and an anonymous answer
that the anonim mode forbids. The token's use is recorded in TokenUse, whose
primary key is the invitation, so a second submission fails on the database.

Voluntary surveys (every public survey; an invited wave with a consent text)
store a consent record in the same transaction, before the answers: refused or
failed, nothing is stored. For anonim waves the record names no one.

A submission is the hot path (bench/survey_submissions.py): the answer rows are
built from the version's cached answer plan (selectors.structure), the values
were validated by the form, and the token survey writes one row lock, the token
use, the response, its answers in one insert and the draft delete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tilik.core.privacy.consent import consent_give
from tilik.org.models import Employee
from tilik.surveys.choices import Anonymity, Audience, QuestionType, WaveStatus
from tilik.surveys.models import (
    Answer,
    Draft,
    Invitation,
    ParticipantKey,
    PublicRateCounter,
    Response,
    TokenUse,
    Wave,
)
from tilik.surveys.selectors.structure import QuestionPlan, version_structure
from tilik.surveys.tokens import token_hash

# The actor label of respondents' consent events: respondents have no account, and a
# logged-in user's name on an anonymous survey's consent would say who answered it.
RESPONDENT = "responden"
CONSENT_MISSING = gettext_lazy("Centang persetujuan untuk mengirim jawaban.")


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


def consent_required(wave: Wave) -> bool:
    """Public surveys always ask for consent; an invited wave does when it has a consent text."""
    return wave.audience == Audience.PUBLIC or bool(wave.consent_text.strip())


def consent_text_for(wave: Wave) -> str:
    """The consent text the respondent sees (and that the consent record keeps, word for word)."""
    if wave.consent_text.strip():
        return wave.consent_text.strip()
    return _(
        "Survei ini sukarela dan anonim. Kami tidak menyimpan nama, nomor telepon, atau alamat internet "
        "Anda bersama jawaban. Jawaban hanya dipakai untuk menghitung Indeks Kepuasan Masyarakat dan "
        "memperbaiki layanan."
    )


def consent_purpose(wave: Wave) -> str:
    return f"survei:gelombang:{wave.pk}"


def _check_consent(wave: Wave, consent: bool) -> None:
    if consent_required(wave) and not consent:
        raise ValidationError({"consent": CONSENT_MISSING})


def _record_consent(wave: Wave, invitation: Invitation | None = None) -> None:
    """Store the consent of a voluntary survey (call _check_consent first, before any write)."""
    if not consent_required(wave):
        return
    employee, subject_key = None, ""
    if invitation is not None and wave.anonymity == Anonymity.RAHASIA:
        # Confidential: the consent is the respondent's own, findable for withdrawal.
        employee = invitation.employee
        subject_key = "" if employee is not None else f"undangan:{invitation.pk}"
    consent_give(
        purpose=consent_purpose(wave),
        text=consent_text_for(wave),
        by=RESPONDENT,
        employee=employee,
        subject_key=subject_key,
    )


@transaction.atomic
def participant_key_for(*, employee: Employee) -> str:
    found = ParticipantKey.objects.filter(employee=employee).values_list("key", flat=True).first()
    if found:
        return found
    key = ParticipantKey(employee=employee, key=secrets.token_hex(8))
    key.save()
    return key.key


def _rows_from_plan(
    response: Response, answers: dict[str, Any], plan: Sequence[QuestionPlan]
) -> tuple[list[Answer], Decimal]:
    """Answer rows for cleaned values keyed by question code, and the score on the answer key.

    The values come from the respondent form (or an import that checked them): choice
    values are known to exist, numbers and dates are in range.
    """
    rows: list[Answer] = []
    score = Decimal(0)
    # Ids, not objects: bulk_create then skips re-checking a related object per row.
    for q in plan:
        value = answers.get(q.code)
        if value is None or value == "" or value == []:
            continue
        if q.qtype == QuestionType.MULTIPLE:
            for v in dict.fromkeys(str(v) for v in value):  # a value sent twice is one answer
                rows.append(Answer(response_id=response.pk, question_id=q.pk, choice_id=q.choices[v].pk))
        elif q.qtype in (QuestionType.LIKERT, QuestionType.SINGLE):
            choice = q.choices[str(value)]
            rows.append(Answer(response_id=response.pk, question_id=q.pk, choice_id=choice.pk, number=choice.number))
            if q.points and choice.correct:
                score += q.points
        elif q.qtype in (QuestionType.NUMBER, QuestionType.RATING):
            rows.append(Answer(response_id=response.pk, question_id=q.pk, number=Decimal(str(value))))
        elif q.qtype == QuestionType.DATE:
            rows.append(Answer(response_id=response.pk, question_id=q.pk, date=value))
        else:
            rows.append(Answer(response_id=response.pk, question_id=q.pk, text=str(value)[:10000]))
    return rows, score


def _answer_rows(response: Response, answers: dict[str, Any]) -> tuple[list[Answer], Decimal | None, Decimal | None]:
    """Answer rows of one response, its score and maximum score (None without an answer key)."""
    structure = version_structure(response.version)
    rows, score = _rows_from_plan(response, answers, structure.plan)
    keyed = structure.max_score is not None
    return rows, (score if keyed else None), structure.max_score


def _store(response: Response, answers: dict[str, Any]) -> Response:
    rows, response.score, response.max_score = _answer_rows(response, answers)
    # No full_clean(): every field is set here from loaded objects and form-validated values.
    response.save(force_insert=True)
    Answer.objects.bulk_create(rows)
    return response


def _lock(invitation: Invitation) -> bool:
    """Lock the invitation's row alone (no ordering joins: they would lock the wave's row as well)."""
    rows = Invitation.objects.select_for_update(of=("self",)).filter(pk=invitation.pk).order_by()
    return bool(list(rows.values_list("pk", flat=True)))


def submit_token(
    *,
    token: str = "",
    invitation: Invitation | None = None,
    answers: dict[str, Any],
    today: dt.date | None = None,
    consent: bool = False,
) -> Response:
    """Store a token survey's response once. Raises SurveyUnavailable; never stores twice.

    Pass the ``invitation`` when it is loaded already (with its wave and version, as
    the respondent view does); otherwise it is found by ``token``.
    """
    with transaction.atomic():
        if invitation is None:
            try:
                invitation = (
                    Invitation.objects.select_for_update(of=("self",))
                    .select_related("wave__version")
                    .get(token_hash=token_hash(token))
                )
            except Invitation.DoesNotExist:
                raise SurveyUnavailable("invalid") from None
        # Serialises with draft_save, which takes the same lock, so no draft outlives the
        # submission. (Concurrent submissions of one token are stopped by TokenUse below.)
        elif not _lock(invitation):
            raise SurveyUnavailable("invalid")
        wave = invitation.wave
        check_open(wave)
        _check_consent(wave, consent)
        anonymous = wave.anonymity == Anonymity.ANONIM
        day = today or timezone.localdate()
        # The token's use first: its primary key lets exactly one submission through; a concurrent
        # second one waits here for the first to commit, then fails before doing any other work.
        try:
            TokenUse.objects.create(invitation=invitation, used_on=None if anonymous else day)
        except IntegrityError:
            raise SurveyUnavailable("used") from None  # leaving the block rolls the transaction back
        _record_consent(wave, invitation)
        response = Response(wave=wave, version=wave.version, submitted_on=day, rater_group=invitation.rater_group)
        if not anonymous:
            person = invitation.subject or invitation.employee
            response.participant_key = participant_key_for(employee=person) if person else ""
            response.unit = invitation.unit
        _store(response, answers)
        Draft.objects.filter(invitation=invitation).delete()
        return response


@transaction.atomic
def submit_public(
    *,
    wave: Wave,
    answers: dict[str, Any],
    today: dt.date | None = None,
    consent: bool = False,
) -> Response:
    check_open(wave)
    _check_consent(wave, consent)
    _record_consent(wave)
    response = Response(wave=wave, version=wave.version, submitted_on=today or timezone.localdate(), unit=wave.unit)
    return _store(response, answers)


@transaction.atomic
def draft_save(*, invitation: Invitation, data: dict[str, Any], consent: bool = False) -> Draft:
    """Keep partly filled answers; a voluntary survey records the consent first, as a submission does."""
    check_open(invitation.wave)
    _check_consent(invitation.wave, consent)
    # The invitation's row lock orders this against a submission (see submit_token).
    if not _lock(invitation):
        raise SurveyUnavailable("invalid")
    if TokenUse.objects.filter(invitation=invitation).exists():
        raise SurveyUnavailable("used")
    _record_consent(invitation.wave, invitation)
    draft, _created = Draft.objects.update_or_create(invitation=invitation, defaults={"data": data})
    return draft


def _rate_key(wave: Wave, address: str, day: dt.date) -> str:
    # The salt changes daily, so yesterday's keys cannot be recomputed from an address list.
    return salted_hmac(f"tilik.surveys.rate.{day.isoformat()}", f"{wave.pk}:{address}", algorithm="sha256").hexdigest()


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
        built, score, max_score = _answer_rows(response, answers)
        response.score, response.max_score = score, max_score
        responses.append(response)
        answer_rows.extend(built)
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(answer_rows, batch_size=2000)
    audit_record(actor=by, action="wave.import_responses", target=wave, n=len(responses))
    return len(responses)


@transaction.atomic
def token_uses_record(*, invitations: list[Invitation], on: dt.date | None, by: Any = "sistem") -> int:
    """Mark invitations as used (responses imported separately, e.g. from paper)."""
    from tilik.core.audit import audit_record

    uses = [
        TokenUse(invitation=inv, used_on=on if inv.wave.anonymity != Anonymity.ANONIM else None) for inv in invitations
    ]
    TokenUse.objects.bulk_create(uses, ignore_conflicts=True)
    # Counts per wave only: naming the invitations would tie a respondent to the time of this call.
    waves = sorted({inv.wave_id for inv in invitations})
    audit_record(actor=by, action="wave.token_uses", waves=waves, n=len(uses))
    return len(uses)
