"""The showcase year's Levels 2-4 and interviews (planted values in tilik.demo.ground_truth_showcase).

Built after the survey, interview and participation demos and before the evaluation runs, so the runs
include the two plans added here. Deterministic for a seed; everything goes through services.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from tilik.demo import ground_truth_showcase as gts
from tilik.demo.ground_truth import REFERENCE_TODAY
from tilik.demo.interviews import _code, _second_coder, _transcript
from tilik.demo.showcase_tests import knowledge_test_spec
from tilik.demo.surveys import _completers, _stochastic, _wave, pre_post_tests
from tilik.evaluations.services import evaluation_plan_create
from tilik.interviews import services, services_codes, services_coding
from tilik.org.models import Employee, Unit, UnitMembership
from tilik.performance.models import Indicator, Measurement
from tilik.performance.services import measurements_bulk_create
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Offering, Program
from tilik.surveys.choices import Anonymity, RaterGroup
from tilik.surveys.models import Instrument, Question
from tilik.surveys.services.library import instrument_from_spec
from tilik.surveys.services.responses import participant_key_for, responses_import

ACTOR = "demo"
YEAR = gts.SHOWCASE_YEAR


def _rng(seed: int, stream: str) -> random.Random:
    return random.Random(f"tilik-demo:{seed}:showcase:{stream}")  # noqa: S311 - synthetic data


def _program(prefix: str) -> Program:
    return Program.objects.get(slug__startswith=prefix, fiscal_year=YEAR)


def _offerings(prefix: str, *, ended_before: dt.date) -> list[Offering]:
    return list(
        Offering.objects.filter(program=_program(prefix), end_date__lt=ended_before)
        .select_related("program")
        .order_by("start_date")
    )


# --- Level 2 ---


def _level2(rng: random.Random) -> dict[str, Any]:
    pairs = 0
    for prefix in gts.LEVEL2_PROGRAMS:
        spec = knowledge_test_spec(prefix)
        instrument = Instrument.objects.filter(code=spec["code"]).first() or instrument_from_spec(spec=spec, by=ACTOR)
        # Paper tests in class, typed in afterwards: no invitations.
        pairs += pre_post_tests(
            rng,
            instrument=instrument,
            offerings=_offerings(prefix, ended_before=REFERENCE_TODAY),
            gain=gts.LEVEL2_GAINS[prefix],
            invite=False,
        )
    return {"level2_pairs": pairs}


# --- Level 3: 360° before and after, alumni and comparison staff, the same rater types both times ---


def _opd_of_current() -> dict[int, int]:
    """employee id -> id of the depth-1 OPD of their current unit."""
    paths = dict(Unit.objects.values_list("id", "path"))
    out = {}
    for emp, unit_id in UnitMembership.objects.filter(end_date__isnull=True).values_list("employee_id", "unit_id"):
        ids = [int(x) for x in paths[unit_id].strip("/").split("/") if x]
        out[emp] = ids[1] if len(ids) > 1 else ids[0]
    return out


def _comparison(
    alumni: list[Employee], prefix: str, opd: dict[int, int], used: set[int], rng: random.Random
) -> list[Employee]:
    """COMPARISONS_PER_ALUMNUS untrained active staff of each alumnus' OPD (never enrolled in the programme)."""
    enrolled = set(
        Enrollment.objects.filter(offering__program__slug__startswith=prefix).values_list("employee_id", flat=True)
    )
    pool: dict[int, list[int]] = {}
    for emp, o in sorted(opd.items()):
        if emp not in enrolled and emp not in used:
            pool.setdefault(o, []).append(emp)
    chosen: list[int] = []
    for person in alumni:
        candidates = [e for e in pool.get(opd.get(person.pk, -1), []) if e not in used]
        for _i in range(gts.COMPARISONS_PER_ALUMNUS):
            if not candidates:
                break
            pick = candidates.pop(rng.randrange(len(candidates)))
            used.add(pick)
            chosen.append(pick)
    by_id = Employee.objects.in_bulk(chosen)
    return [by_id[e] for e in chosen]


RATERS = (
    (RaterGroup.SELF, gts.SELF_BIAS),
    (RaterGroup.SUPERVISOR, 0.0),
    (RaterGroup.PEER, gts.PEER_BIAS),
)


def _level3(rng: random.Random) -> dict[str, Any]:
    instrument = Instrument.objects.get(code="level3-360")
    codes = list(
        Question.objects.filter(version=instrument.versions.order_by("-number").first(), qtype="likert")
        .order_by("order")
        .values_list("code", flat=True)
    )
    opd = _opd_of_current()
    n = ratees = 0
    for prefix in gts.LEVEL3_PROGRAMS:
        change = gts.LEVEL3_CHANGES[prefix]
        used: set[int] = set()
        cutoff = REFERENCE_TODAY - dt.timedelta(days=gts.LEVEL3_FOLLOW_UP_DAYS)
        for offering in _offerings(prefix, ended_before=cutoff):
            alumni = _completers(offering)
            if not alumni:
                continue
            others = _comparison(alumni, prefix, opd, used, rng)
            people = [(p, change.after_mean - change.before_mean) for p in alumni]
            people += [(p, change.comparison_change) for p in others]
            level = {p.pk: rng.gauss(0, gts.RATEE_SD) for p, _c in people}
            ratees += len(people)
            for label, day, shift in (
                ("sebelum", offering.start_date - dt.timedelta(days=gts.LEVEL3_BEFORE_DAYS), False),
                ("sesudah", offering.end_date + dt.timedelta(days=gts.LEVEL3_FOLLOW_UP_DAYS), True),
            ):
                wave = _wave(
                    instrument,
                    title=f"Perilaku 360° ({label}) — {offering}",
                    offering=offering,
                    anonymity=Anonymity.RAHASIA,
                    opens=day,
                    closes=day + dt.timedelta(days=21),
                    rater_groups=[g for g, _b in RATERS],
                )
                # Paper forms handed out by the unit and typed in (responses_import): no invitations, which
                # keeps the demo build short; the ratings carry the ratee's key and the rater type.
                rows, keys, groups = [], [], []
                for person, delta in people:
                    key = participant_key_for(employee=person)
                    for group, bias in RATERS:
                        mean = change.before_mean + (delta if shift else 0.0) + bias + level[person.pk]
                        occasion = rng.gauss(0, gts.OCCASION_SD)
                        rows.append(
                            {c: str(_stochastic(mean + occasion + rng.gauss(0, gts.ITEM_SD), 1, 5, rng)) for c in codes}
                        )
                        keys.append(key)
                        groups.append(group)
                n += responses_import(
                    wave=wave, rows=rows, by=ACTOR, on=day, participant_keys=keys, rater_groups=groups
                )
    return {"level3_responses": n, "level3_ratees": ratees}


# --- Level 4: the pengawas' rating hasil kerja (2026) and two evaluation plans ---


def _quarters(first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        out.append(day)
        day = dt.date(day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1, 1)
    return out


def _rating_hasil(rng: random.Random) -> int:
    plan = gts.SMALL_PLAN
    indicator = Indicator.objects.get(code=plan.indicator)
    trained_from: dict[int, dt.date] = {}
    for emp, end in Enrollment.objects.filter(
        offering__program=_program(plan.program), status=EnrollmentStatus.COMPLETED
    ).values_list("employee_id", "offering__end_date"):
        q = dt.date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
        trained_from[emp] = dt.date(q.year + (q.month + 2) // 12, (q.month + 2) % 12 + 1, 1)
    pengawas = sorted(
        set(
            UnitMembership.objects.filter(end_date__isnull=True, employee__jabatan_category="pengawas").values_list(
                "employee_id", flat=True
            )
        )
        | set(trained_from)
    )
    bump = plan.step_up_probability()
    rows = []
    for emp in pengawas:
        for quarter in _quarters(plan.first_quarter, plan.last_quarter):
            value = rng.choices((1, 2, 3), weights=plan.shares)[0]
            if emp in trained_from and quarter >= trained_from[emp] and value < 3 and rng.random() < bump:
                value += 1
            rows.append(
                Measurement(
                    indicator=indicator,
                    employee_id=emp,
                    frequency="quarterly",
                    period_start=quarter,
                    value=float(value),
                )
            )
    measurements_bulk_create(measurements=rows, by=ACTOR)
    return len(rows)


def _plans() -> list[str]:
    null, small = gts.NULL_PLAN, gts.SMALL_PLAN
    out = []
    for plan, programs in (
        (null, Program.objects.filter(slug__startswith=null.program)),
        (small, Program.objects.filter(slug__startswith=small.program, fiscal_year=YEAR)),
    ):
        indicator = Indicator.objects.get(code=plan.indicator)
        created = evaluation_plan_create(
            name=plan.name,
            programs=programs,
            indicators=[indicator],
            design="event_study",
            frequency="quarterly",
            pre_start=plan.pre_start,
            pre_end=plan.pre_end,
            post_start=plan.post_start,
            post_end=plan.post_end,
            leads=plan.leads,
            lags=plan.lags,
            notes=plan.notes,
            primary_indicator=indicator,
            min_meaningful_effect=plan.mme,
            by=ACTOR,
        )
        out.append(created.name)
    return out


# --- interviews with the alumni's supervisors ---

APPLIED_MW = [
    ("Sejak ikut pelatihan, staf saya menyusun rencana mingguan dan jarang lagi menunda laporan.",
     {"Keterampilan diterapkan", "Kerja lebih cepat"}),
    ("Laporan bulanan sekarang masuk sebelum tenggat, tidak lagi di hari terakhir.", {"Kerja lebih cepat"}),
    ("Dia memakai daftar prioritas setiap pagi, dan rapat tim jadi lebih singkat.", {"Keterampilan diterapkan"}),
]
BARRIER_LD = [
    ("Materinya bagus, tetapi aplikasi antrean daring belum dipasang di loket kami, jadi belum bisa dipakai.",
     {"Hambatan penerapan"}),
    ("Tanda tangan elektronik belum diaktifkan untuk unit kami, jadi berkas tetap ditandatangani manual.",
     {"Hambatan penerapan"}),
    ("Setelah pelatihan tidak ada yang menugaskan mereka membantu warga memakai layanan daring.",
     {"Hambatan penerapan"}),
]
LEARNED_LD = [
    ("Mereka paham cara kerja layanan daring, terlihat dari cara mereka menjelaskan kepada rekan.",
     {"Keterampilan diterapkan"}),
]
COMMON = [
    ("Beban kerja di unit tinggi, sehingga waktu untuk mencoba hal baru terbatas.", {"Beban kerja dan jadwal"}),
    ("Saran saya, ada pendampingan setelah kelas selesai.", {"Saran"}),
    ("Kami perlu pelatihan lanjutan yang langsung memakai aplikasi kantor.", {"Kebutuhan pelatihan"}),
    ("Ya, kira-kira begitu gambarannya.", set()),
]
QUESTIONS = (
    "Apa yang berubah dalam cara kerja staf Bapak/Ibu setelah pelatihan?",
    "Apa yang menghambat atau membantu penerapannya?",
    "Apa saran Bapak/Ibu untuk pelatihan berikutnya?",
)


def _interviews(seed: int) -> dict[str, Any]:
    rng = _rng(seed, "interviews")
    coder_a = get_user_model().objects.get(username="evaluator")
    coder_b = _second_coder(ACTOR)
    programs = [_program(p) for p in gts.INTERVIEW_PROGRAMS]
    codebook = services_codes.codebook_create(
        by=ACTOR,
        name=gts.INTERVIEW_CODEBOOK,
        program=programs[1],
        starter=True,
        description="Buku kode demo untuk wawancara atasan alumni tahun 2026.",
    )
    codes = {c.name: c for c in codebook.codes.all()}
    opd = _opd_of_current()
    first, last = gts.INTERVIEW_DATES
    count = segments = starred = 0
    for prefix, program in zip(gts.INTERVIEW_PROGRAMS, programs, strict=True):
        alumni = [e.employee_id for e in Enrollment.objects.filter(program_filter(program)).order_by("employee__nip")]
        units = []
        for emp in alumni:
            o = opd.get(emp)
            if o is not None and o not in units:
                units.append(o)
        rng.shuffle(units)
        for unit_id in units[: gts.INTERVIEWS_PER_PROGRAM]:
            count += 1
            unit = Unit.objects.get(pk=unit_id)
            transfer = _pick(rng, APPLIED_MW, 2) if prefix == "manajemen-waktu" else (
                _pick(rng, BARRIER_LD, 2) + _pick(rng, LEARNED_LD, 1)
            )
            qa = [(QUESTIONS[0], transfer[:1]), (QUESTIONS[1], transfer[1:] + _pick(rng, COMMON[:1], 1)),
                  (QUESTIONS[2], _pick(rng, COMMON[1:], 2))]
            interview = services.interview_create(
                by=ACTOR,
                code=f"W26-{count:02d}",
                role="atasan_langsung",
                unit=unit,
                held_on=first + dt.timedelta(days=rng.randrange((last - first).days + 1)),
                interviewer=coder_a,
                guide="atasan_langsung",
                consent=True,
                consent_note="Persetujuan lisan, direkam di awal wawancara (data sintetis).",
                programs=[program],
            )
            text, planted = _transcript(qa, "Atasan langsung")
            transcript = services.transcript_set(interview=interview, by=ACTOR, text=text)
            for i, (start, end, labels) in enumerate(planted):
                for coder, recall, confusion in ((coder_a, 0.95, 0.0), (coder_b, 0.85, 0.05)):
                    applied = _code(codes, labels, rng, recall=recall, confusion=confusion)
                    if not applied:
                        continue
                    segment = services_coding.segment_create(
                        by=coder, transcript=transcript, codebook=codebook, start=start, end=end, codes=applied
                    )
                    segments += 1
                    if coder is coder_a and i == 0:  # the first transfer sentence: the quote for the report
                        services_coding.segment_update(segment=segment, by=coder, starred=True)
                        starred += 1
    return {"interviews": count, "segments": segments, "starred_quotes": starred}


def program_filter(program: Program) -> Any:
    from django.db.models import Q

    return Q(offering__program=program, status=EnrollmentStatus.COMPLETED)


def _pick(rng: random.Random, bank: list[tuple[str, set[str]]], k: int) -> list[tuple[str, set[str]]]:
    return rng.sample(bank, min(k, len(bank)))


@transaction.atomic
def build_showcase_demo(*, seed: int) -> dict[str, Any]:
    """Levels 2-3, interviews and two evaluation plans for the showcase year (see ground_truth_showcase)."""
    summary: dict[str, Any] = {}
    summary.update(_level2(_rng(seed, "level2")))
    summary.update(_level3(_rng(seed, "level3")))
    summary["measurements"] = _rating_hasil(_rng(seed, "rating"))
    summary["plans"] = _plans()
    summary.update(_interviews(seed))
    summary["planted"] = gts.planted_showcase_summary()
    return summary
