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
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tilik.core import rawsql
from tilik.core.privacy.consent import consent_give
from tilik.org.models import Employee
from tilik.surveys.choices import Anonymity, Audience, QuestionType, WaveStatus
from tilik.surveys.models import (
    Answer,
    Draft,
    InstrumentVersion,
    Invitation,
    ParticipantKey,
    PublicRateCounter,
    Response,
    TokenUse,
    Wave,
)
from tilik.surveys.selectors.structure import QuestionPlan, version_structure
from tilik.surveys.selectors.waves import invitation_by_token
from tilik.surveys.services.submission_pg import ANSWER_FIELDS, RESPONSE_FIELDS, submit_in_one_statement

PUBLIC_RESPONSE_FIELDS = (*RESPONSE_FIELDS, "device_key")
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
    # Says what services.bursts keeps: a hashed device code with the answers; a hashed address only for the
    # burst window, pruned at the next submission or by the nightly `tilik purge` (docs/keamanan.md).
    return _(
        "Survei ini sukarela dan anonim. Kami tidak menyimpan nama atau nomor telepon Anda. Untuk mencegah "
        "pengisian berulang, Tilik menyimpan kode acak dari perangkat Anda bersama jawaban, dan kode acak dari "
        "alamat internet Anda untuk sementara (paling lama satu hari); kode itu tidak dapat diubah kembali "
        "menjadi alamat atau perangkat. Jawaban hanya dipakai untuk menghitung Indeks Kepuasan Masyarakat dan "
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


def numeric_decimal(text: str) -> Decimal | None:
    """A calculation's value as a number to store beside its text, when it is a finite number that fits."""
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 10:
        return None
    return number.quantize(Decimal("0.0001"))


def _value_rows(q: QuestionPlan, value: Any, index: int) -> tuple[list[tuple[Any, ...]], Decimal]:
    """The answer rows of one question in one iteration (``index``, 0 outside repeat groups), and its score."""
    if value is None or value == "" or value == []:
        return [], Decimal(0)
    if q.qtype == QuestionType.MULTIPLE:
        # a value sent twice is one answer
        return [(q.pk, q.choices[v].pk, None, "", None, index) for v in dict.fromkeys(str(v) for v in value)], Decimal(
            0
        )
    if q.qtype == QuestionType.RANK:
        # One row per choice, its place (1 = first) as the number; the ODK answer is the values in that order.
        return [(q.pk, q.choices[str(v)].pk, Decimal(i), "", None, index) for i, v in enumerate(value, 1)], Decimal(0)
    if q.qtype in (QuestionType.LIKERT, QuestionType.SINGLE):
        choice = q.choices[str(value)]
        score = Decimal(q.points) if q.points and choice.correct else Decimal(0)
        return [(q.pk, choice.pk, choice.number, "", None, index)], score
    if q.qtype in (QuestionType.NUMBER, QuestionType.RATING):
        return [(q.pk, None, Decimal(str(value)), "", None, index)], Decimal(0)
    if q.qtype == QuestionType.DATE:
        return [(q.pk, None, None, "", value, index)], Decimal(0)
    if q.qtype == QuestionType.CALCULATE:
        # The text as computed, and the number too when it is one (results summarise numbers).
        text = str(value)[:10000]
        return [(q.pk, None, numeric_decimal(text), text, None, index)], Decimal(0)
    return [(q.pk, None, None, str(value)[:10000], None, index)], Decimal(0)


def _answer_values(answers: dict[str, Any], plan: Sequence[QuestionPlan]) -> tuple[list[tuple[Any, ...]], Decimal]:
    """Answer rows in ANSWER_COLUMNS order (no id, no response) for cleaned values keyed by question
    code, and the score on the answer key. A question in a repeat group has ``{iteration: value}``
    (iterations from 1), stored with Answer.repeat_index.

    The values come from the respondent form (or an import that checked them): choice
    values are known to exist, numbers and dates are in range.
    """
    rows: list[tuple[Any, ...]] = []
    score = Decimal(0)
    for q in plan:
        value = answers.get(q.code)
        iterations = value.items() if isinstance(value, dict) else [(0, value)]
        for index, one in iterations:
            found, points = _value_rows(q, one, int(index))
            rows.extend(found)
            score += points
    return rows, score


def _answer_values_of(
    response: Response, answers: dict[str, Any], version: InstrumentVersion | None = None
) -> list[tuple[Any, ...]]:
    """Answer values (ANSWER_COLUMNS) of one response; sets its id, score and maximum score (None
    without an answer key)."""
    structure = version_structure(version or response.version)
    response.id = response.id or uuid.uuid4()
    values, score = _answer_values(answers, structure.plan)
    keyed = structure.max_score is not None
    response.score, response.max_score = (score if keyed else None), structure.max_score
    return values


def _answer_rows(
    response: Response, answers: dict[str, Any], version: InstrumentVersion | None = None
) -> list[tuple[Any, ...]]:
    """Whole answer rows (ANSWER_FIELDS) of one response, ids drawn here."""
    return [(uuid.uuid4(), response.id, *values) for values in _answer_values_of(response, answers, version)]


def _stored(response: Response) -> Response:
    """Mark a response written by fixed SQL as saved, as save() would."""
    response._state.adding, response._state.db = False, connection.alias
    return response


def _response_row(response: Response) -> tuple[Any, ...]:
    return tuple(getattr(response, name) for name in RESPONSE_FIELDS)


def _store(
    response: Response,
    answers: dict[str, Any],
    cur: Any = None,
    version: InstrumentVersion | None = None,
    fields: tuple[str, ...] = RESPONSE_FIELDS,
) -> Response:
    # Fixed SQL (tilik.core.rawsql), no model instance per answer: every value is set here from
    # loaded objects and form-validated values (no full_clean()).
    if cur is None:
        with rawsql.cursor() as own:
            return _store(response, answers, own, version, fields)
    rows = _answer_rows(response, answers, version)
    rawsql.insert_rows(Response, fields, [tuple(getattr(response, name) for name in fields)], cur)
    rawsql.insert_rows(Answer, ANSWER_FIELDS, rows, cur)
    return _stored(response)


@cache
def _lock_sql() -> str:
    q = connection.ops.quote_name
    lock = " FOR UPDATE OF i" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT i.id, EXISTS (SELECT 1 FROM {q(Draft._meta.db_table)} d WHERE d.invitation_id = i.id) "  # noqa: S608
        f"FROM {q(Invitation._meta.db_table)} i WHERE i.id = %s{lock}"
    )


def _lock(invitation: Invitation, cur: Any) -> bool | None:
    """Lock the invitation's row alone; whether it has a draft (None: the invitation is gone).

    The draft is read under the lock, which draft_save takes too: the answer holds until commit.
    """
    cur.execute(_lock_sql(), [invitation.pk])
    row = cur.fetchone()
    return None if row is None else bool(row[1])


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
    if invitation is None:
        invitation = invitation_by_token(token)
        if invitation is None:
            raise SurveyUnavailable("invalid")
    wave = invitation.wave
    if connection.vendor == "postgresql" and wave.anonymity == Anonymity.ANONIM and not consent_required(wave):
        return _submit_plain_anonymous(invitation, answers, today)
    with transaction.atomic(), rawsql.cursor() as cur:
        # Serialises with draft_save, which takes the same lock, so no draft outlives the
        # submission. (Concurrent submissions of one token are stopped by TokenUse below.)
        has_draft = _lock(invitation, cur)
        if has_draft is None:
            raise SurveyUnavailable("invalid")
        check_open(wave)
        _check_consent(wave, consent)
        anonymous = wave.anonymity == Anonymity.ANONIM
        day = today or timezone.localdate()
        # The token's use first: its primary key lets exactly one submission through; a concurrent
        # second one waits for the first to commit (the row lock above), then fails here before any other work.
        try:
            rawsql.insert_row(TokenUse, cur, invitation_id=invitation.pk, used_on=None if anonymous else day)
        except IntegrityError:
            raise SurveyUnavailable("used") from None  # leaving the block rolls the transaction back
        _record_consent(wave, invitation)
        # Ids, not related objects: no descriptor work, and the unit is not loaded.
        response = Response(
            wave_id=wave.pk, version_id=wave.version_id, submitted_on=day, rater_group=invitation.rater_group
        )
        if not anonymous:
            person = invitation.subject or invitation.employee
            response.participant_key = participant_key_for(employee=person) if person else ""
            response.unit_id = invitation.unit_id
        _store(response, answers, cur, wave.version)
        if has_draft:
            Draft.objects.filter(invitation=invitation).delete()
        return response


def _submit_plain_anonymous(invitation: Invitation, answers: dict[str, Any], today: dt.date | None) -> Response:
    """An anonymous survey without consent text on PostgreSQL: the same rows in one statement."""
    wave = invitation.wave
    check_open(wave)
    response = Response(
        wave_id=wave.pk,
        version_id=wave.version_id,
        submitted_on=today or timezone.localdate(),
        rater_group=invitation.rater_group,
    )
    values = _answer_values_of(response, answers, wave.version)
    try:
        found = submit_in_one_statement(
            invitation_id=invitation.pk,
            used_on=None,  # anonim: not even the date of use
            response=_response_row(response),
            answers=values,
        )
    except IntegrityError:
        raise SurveyUnavailable("used") from None
    if not found:
        raise SurveyUnavailable("invalid")
    return _stored(response)


@transaction.atomic
def submit_public(
    *,
    wave: Wave,
    answers: dict[str, Any],
    today: dt.date | None = None,
    consent: bool = False,
    device: str = "",
    address: str = "",
) -> Response:
    """Store a public (QR) response. ``device`` is the browser's device token (may be empty), ``address``
    the client address: neither is stored as given; both feed the burst rule (services.bursts)."""
    from tilik.surveys.services.bursts import burst_track, device_key

    check_open(wave)
    _check_consent(wave, consent)
    _record_consent(wave)
    response = Response(
        wave=wave,
        version=wave.version,
        submitted_on=today or timezone.localdate(),
        unit=wave.unit,
        device_key=device_key(wave, device),
    )
    _store(response, answers, fields=PUBLIC_RESPONSE_FIELDS)
    burst_track(wave=wave, response=response, address=address, answers=answers)
    return response


@transaction.atomic
def draft_save(*, invitation: Invitation, data: dict[str, Any], consent: bool = False) -> Draft:
    """Keep partly filled answers; a voluntary survey records the consent first, as a submission does."""
    check_open(invitation.wave)
    _check_consent(invitation.wave, consent)
    # The invitation's row lock orders this against a submission (see submit_token).
    with rawsql.cursor() as cur:
        if _lock(invitation, cur) is None:
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
def public_rate_hit(
    *, wave: Wave, address: str, limit: int, day_limit: int = 0, now: dt.datetime | None = None
) -> bool:
    """Count one submission attempt from an address to this wave; False when the hourly (or daily) limit is
    reached. Refused attempts count too, so the first refusal per hour (per day) is recorded once in the
    audit log as ``wave.public_rate_limited`` with the wave and the limit, never the address: the evaluator
    sees that a burst came from one address, without a cookie, and without linking anyone to an answer."""
    from tilik.core.audit import audit_record

    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    PublicRateCounter.objects.filter(hour__lt=now - dt.timedelta(days=1)).delete()
    key = _rate_key(wave, hashlib.sha256(address.encode()).hexdigest(), now.date())
    counter, _created = PublicRateCounter.objects.get_or_create(key=key, hour=hour)
    counter = PublicRateCounter.objects.select_for_update().get(pk=counter.pk)
    # The key's salt is the date, so its rows are today's: their sum is today's count.
    today = PublicRateCounter.objects.filter(key=key).aggregate(n=Sum("count"))["n"] or 0
    refused = ""
    if day_limit > 0 and today >= day_limit:
        refused = "hari" if today == day_limit else "-"
    elif counter.count >= limit:
        refused = "jam" if counter.count == limit else "-"
    PublicRateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    if refused in ("jam", "hari"):
        audit_record(
            actor="anonim",
            action="wave.public_rate_limited",
            target=wave,
            window=refused,
            limit=day_limit if refused == "hari" else limit,
        )
    return not refused


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
    responses: list[tuple[Any, ...]] = []
    answer_rows: list[tuple[Any, ...]] = []
    for i, answers in enumerate(rows):
        response = Response(
            wave=wave,
            version=wave.version,
            submitted_on=on[i] if isinstance(on, list) else on,
            unit=wave.unit,
            rater_group=(rater_groups[i] if rater_groups else ""),
            participant_key="" if anonymous or not participant_keys else participant_keys[i],
        )
        answer_rows.extend(_answer_rows(response, answers))
        responses.append(_response_row(response))
    rawsql.insert_rows(Response, RESPONSE_FIELDS, responses)
    rawsql.insert_rows(Answer, ANSWER_FIELDS, answer_rows)
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
