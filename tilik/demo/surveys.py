"""Synthetic surveys and tests for the demo: IKM at the 11 puskesmas, Level 1, pre/post test, Level 3 360°.

Runs after the base demo (it reads its units, programmes and enrolments) and
is deterministic for a seed. What it plants is in tilik.demo.ground_truth_surveys.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from tilik.core.rawsql import analyze_tables
from tilik.demo import ground_truth_surveys as gt
from tilik.demo import trust as trust_demo
from tilik.demo.ground_truth import REFERENCE_TODAY
from tilik.org.models import Unit
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Offering
from tilik.surveys.choices import Anonymity, Audience, RaterGroup, TestPhase
from tilik.surveys.models import Answer, Choice, Instrument, Question, Response, Wave
from tilik.surveys.services.library import instrument_load_template
from tilik.surveys.services.responses import participant_key_for, responses_import, token_uses_record
from tilik.surveys.services.waves import invitation_create, wave_close, wave_create, wave_publish

ACTOR = "demo"
TEMPLATES = {
    "skm_ikm": "skm-ikm",
    "skm_integritas_kepercayaan": "skm-integritas-kepercayaan",
    "level1_reaksi": "level1-reaksi",
    "tes_pelayanan_prima": "tes-pelayanan-prima",
    "level3_360": "level3-360",
    "alasan_tidak_ikut": "alasan-tidak-ikut",
}
PRAISE = [
    "Studi kasus dari puskesmas sangat membantu.",
    "Diskusi kelompok bermanfaat.",
    "Materinya praktis.",
    "",
]
SUGGEST = ["Internet di kelas sering putus.", "Tambah waktu praktik.", "Modul dibagikan lebih awal.", ""]


def _instrument(name: str) -> Instrument:
    found = Instrument.objects.filter(code=TEMPLATES[name]).first()
    return found or instrument_load_template(name=name, by=ACTOR)


def _moment(day: dt.date, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _wave(instrument: Instrument, *, title: str, opens: dt.date, closes: dt.date, **fields: Any) -> Wave:
    version = instrument.versions.latest("number")
    wave = wave_create(
        version=version,
        title=title,
        opens_at=_moment(opens),
        closes_at=_moment(closes, 23),
        by=ACTOR,
        **fields,
    )
    wave = wave_publish(wave=wave, by=ACTOR)
    if closes < REFERENCE_TODAY:
        wave = wave_close(wave=wave, by=ACTOR)
    return wave


def _stochastic(value: float, lo: int, hi: int, rng: random.Random) -> int:
    """Round up with probability equal to the fraction, so the mean is kept; then clip."""
    value = min(max(value, lo), hi)
    base = int(value)
    return min(hi, base + (1 if rng.random() < value - base else 0))


def _day_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    last = min(last, REFERENCE_TODAY - dt.timedelta(days=1))
    return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def _ikm(rng: random.Random, seed: int = 0) -> dict[str, Any]:
    # One public form per puskesmas (issue 21): the SKM with its optional integrity/trust page, answered
    # from a separate random stream (tilik.demo.trust) so the SKM answers are the same as without it.
    instrument = _instrument("skm_integritas_kepercayaan")
    units = list(Unit.objects.filter(code__startswith="pkm-", serves_public=True).order_by("code"))
    profile = {
        "USIA": ["20_29", "30_39", "40_49", "50_59", "60plus", "lt20"],
        "JK": ["L", "P", "P"],
        "PENDIDIKAN": ["smp", "sma", "sma", "d3", "s1", "s2"],
        "PEKERJAAN": ["swasta", "wirausaha", "pns", "pelajar", "lainnya"],
    }
    n = 0
    for unit in units:
        offset = rng.gauss(0, gt.IKM_UNIT_SD)
        trust_offset = trust_demo.unit_offset(seed, unit.code)
        for period, first_s, last_s in gt.IKM_PERIODS:
            first, last = dt.date.fromisoformat(first_s), dt.date.fromisoformat(last_s)
            effect_from = gt.PELAYANAN_PRIMA.effect_from_of(unit.code)  # None: never trained
            after = effect_from is not None and first >= effect_from
            closes = dt.date(first.year, 12, 31) if last >= REFERENCE_TODAY - dt.timedelta(days=1) else last
            wave = _wave(
                instrument,
                title=f"SKM {unit.name} {period}",
                opens=first,
                closes=closes,
                audience=Audience.PUBLIC,
                anonymity=Anonymity.ANONIM,
                unit=unit,
                period=period,
            )
            rows, dates = [], []
            trust_rng = trust_demo.trust_stream(seed, unit.code, period)
            for _i in range(gt.IKM_RESPONDENTS_PER_WAVE):
                person = rng.gauss(0, gt.IKM_RESPONDENT_SD)
                row: dict[str, Any] = {code: rng.choice(options) for code, options in profile.items()}
                for code, base in gt.IKM_BASELINE_NRR.items():
                    mean = base + offset + (gt.IKM_EFFECT if after and code in gt.IKM_EFFECT_UNSUR else 0.0)
                    row[code] = str(_stochastic(mean + person + rng.gauss(0, gt.IKM_ITEM_SD), 1, 4, rng))
                row.update(trust_demo.trust_answers(trust_rng, unit_offset=trust_offset, treated=after))
                rows.append(row)
                dates.append(_day_in(rng, first, last))
            n += responses_import(wave=wave, rows=rows, by=ACTOR, on=dates)
    return {"ikm_waves": len(units) * len(gt.IKM_PERIODS), "ikm_responses": n}


def _offerings(prefix: str) -> list[Offering]:
    return list(
        Offering.objects.filter(program__slug__startswith=prefix, end_date__lt=REFERENCE_TODAY)
        .select_related("program")
        .order_by("start_date")
    )


def _completers(offering: Offering) -> list[Any]:
    return [
        e.employee
        for e in Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.COMPLETED)
        .select_related("employee")
        .order_by("employee__nip")
    ]


def _level1(rng: random.Random) -> dict[str, Any]:
    instrument = _instrument("level1_reaksi")
    questions = list(
        Question.objects.filter(version=instrument.versions.order_by("-number").first()).order_by(
            "section__order", "order"
        )
    )
    reactions = {r.program: r for r in gt.REACTIONS}
    n_waves = n_responses = 0
    for prefix in gt.LEVEL1_PROGRAMS:
        target = reactions[prefix]
        for offering in _offerings(prefix):
            people = _completers(offering)
            if not people:
                continue
            wave = _wave(
                instrument,
                title=f"Reaksi peserta — {offering}",
                opens=offering.end_date,
                closes=offering.end_date + dt.timedelta(days=7),
                offering=offering,
            )
            n_waves += 1
            used, rows, dates = [], [], []
            for person in people:
                invitation, _token = invitation_create(
                    wave=wave, employee=person, by=ACTOR, on=offering.end_date
                )
                if rng.random() >= gt.LEVEL1_RESPONSE_RATE:
                    continue
                used.append(invitation)
                factors = {c: rng.gauss(0, 1) for c in ("penyelenggaraan", "materi", "pengajar", "sarana")}
                row: dict[str, Any] = {}
                for q in questions:
                    if q.qtype == "likert":
                        weak = q.construct == gt.WEAK_CONSTRUCT
                        loading, noise = (
                            (gt.WEAK_LOADING, gt.WEAK_NOISE) if weak else (gt.STRONG_LOADING, gt.STRONG_NOISE)
                        )
                        value = _stochastic(
                            getattr(target, q.construct)
                            + loading * factors[q.construct]
                            + rng.gauss(0, noise),
                            1,
                            4,
                            rng,
                        )
                        row[q.code] = str(5 - value if q.reverse_keyed else value)
                mean = sum(factors.values()) / 4
                row["NPS"] = max(0, min(10, round(7.5 + 1.5 * mean + rng.gauss(0, 1))))
                row["BAIK"], row["SARAN"] = rng.choice(PRAISE), rng.choice(SUGGEST)
                rows.append(row)
                dates.append(offering.end_date + dt.timedelta(days=rng.randrange(4)))
            token_uses_record(invitations=used, on=None)
            n_responses += responses_import(wave=wave, rows=rows, by=ACTOR, on=dates)
    return {"level1_waves": n_waves, "level1_responses": n_responses}


def pre_post_tests(
    rng: random.Random, *, instrument: Instrument, offerings: list[Offering], gain: Any, invite: bool
) -> int:
    """PRE/POST knowledge-test waves per offering with correlated pre/post scores (0-100); returns pairs.

    `gain` carries pre_mean, post_mean, sd and pre_post_correlation. `invite` records an invitation
    per person and phase (online tests); paper tests typed in afterwards have none.
    """
    questions = list(
        Question.objects.filter(version=instrument.versions.order_by("-number").first())
        .prefetch_related("choices")
        .order_by("order")
    )
    right = {q.code: next(c.value for c in q.choices.all() if c.is_correct) for q in questions}
    wrong = {q.code: [c.value for c in q.choices.all() if not c.is_correct] for q in questions}
    rho = gain.pre_post_correlation
    pairs = 0
    for offering in offerings:
        people = _completers(offering)
        if not people:
            continue
        waves = {
            phase: _wave(
                instrument,
                title=f"{phase.label} — {offering}",
                offering=offering,
                phase=phase,
                anonymity=Anonymity.RAHASIA,
                opens=day,
                closes=day + dt.timedelta(days=1),
            )
            for phase, day in ((TestPhase.PRE, offering.start_date), (TestPhase.POST, offering.end_date))
        }
        rows: dict[str, list[dict[str, Any]]] = {TestPhase.PRE: [], TestPhase.POST: []}
        keys = [participant_key_for(employee=p) for p in people]
        for person in people:
            z1 = rng.gauss(0, 1)
            z2 = rho * z1 + (1 - rho**2) ** 0.5 * rng.gauss(0, 1)
            for phase, score in ((TestPhase.PRE, gain.pre_mean + gain.sd * z1),
                                 (TestPhase.POST, gain.post_mean + gain.sd * z2)):
                n_right = _stochastic(score / 100 * len(questions), 0, len(questions), rng)
                correct = set(rng.sample(range(len(questions)), n_right))
                rows[phase].append(
                    {q.code: right[q.code] if i in correct else rng.choice(wrong[q.code])
                     for i, q in enumerate(questions)}
                )
                if invite:
                    invitation, _t = invitation_create(wave=waves[phase], employee=person, by=ACTOR)
                    token_uses_record(invitations=[invitation], on=waves[phase].opens_at.date())
        for phase, wave in waves.items():
            responses_import(wave=wave, rows=rows[phase], by=ACTOR, on=wave.opens_at.date(), participant_keys=keys)
        pairs += len(people)
    return pairs


def _level2(rng: random.Random) -> dict[str, Any]:
    instrument = _instrument("tes_pelayanan_prima")
    gains = {g.program: g for g in gt.LEARNING_GAINS}
    pairs = sum(
        pre_post_tests(rng, instrument=instrument, offerings=_offerings(prefix), gain=gains[prefix], invite=True)
        for prefix in gt.LEVEL2_PROGRAMS
    )
    return {"level2_pairs": pairs}


def _level3(rng: random.Random) -> dict[str, Any]:
    instrument = _instrument("level3_360")
    codes = list(
        Question.objects.filter(
            version=instrument.versions.order_by("-number").first(), qtype="likert"
        ).values_list("code", flat=True)
    )
    changes = {b.program: b for b in gt.BEHAVIOUR_CHANGES}
    n = 0
    for prefix in gt.LEVEL3_PROGRAMS:
        change = changes[prefix]
        for offering in _offerings(prefix):
            follow_up = offering.end_date + dt.timedelta(days=gt.LEVEL3_FOLLOW_UP_DAYS)
            people = _completers(offering)
            if not people or follow_up >= REFERENCE_TODAY:
                continue
            plans = [
                (
                    "sebelum",
                    offering.start_date - dt.timedelta(days=14),
                    [(RaterGroup.SUPERVISOR, change.before_mean)],
                ),
                (
                    "sesudah",
                    follow_up,
                    [
                        (RaterGroup.SELF, change.after_mean + gt.SELF_RATING_BIAS),
                        (RaterGroup.SUPERVISOR, change.after_mean),
                        (RaterGroup.PEER, change.after_mean + gt.PEER_RATING_BIAS),
                    ],
                ),
            ]
            for label, day, raters in plans:
                wave = _wave(
                    instrument,
                    title=f"Perilaku 360° ({label}) — {offering}",
                    offering=offering,
                    anonymity=Anonymity.RAHASIA,
                    opens=day,
                    closes=day + dt.timedelta(days=21),
                    rater_groups=[g for g, _m in raters],
                )
                rows, keys, groups, used = [], [], [], []
                for person in people:
                    key = participant_key_for(employee=person)
                    for group, mean in raters:
                        invitation, _t = invitation_create(
                            wave=wave,
                            subject=person,
                            rater_group=group,
                            by=ACTOR,
                            employee=person if group == RaterGroup.SELF else None,
                            name=f"{group.label}: {person.name}",
                        )
                        used.append(invitation)
                        level = rng.gauss(0, gt.RATING_SD)
                        rows.append(
                            {c: str(_stochastic(mean + level + rng.gauss(0, 0.3), 1, 5, rng)) for c in codes}
                        )
                        keys.append(key)
                        groups.append(group)
                token_uses_record(invitations=used, on=day)
                n += responses_import(
                    wave=wave, rows=rows, by=ACTOR, on=day, participant_keys=keys, rater_groups=groups
                )
    return {"level3_responses": n}


@transaction.atomic
def build_survey_demo(*, seed: int, rng: random.Random | None = None) -> dict[str, Any]:
    """Create the survey demo on top of the base demo; returns counts and the planted values."""
    rng = rng or random.Random(f"{seed}:surveys")
    _instrument("alasan_tidak_ikut")
    summary: dict[str, Any] = {}
    summary.update(_ikm(rng, seed))
    summary.update(_level1(rng))
    summary.update(_level2(rng))
    summary.update(_level3(rng))
    summary["planted"] = gt.planted_survey_summary()
    analyze_tables(Response, Answer, Question, Choice)
    return summary
