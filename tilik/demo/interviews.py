"""Synthetic interviews with unit leaders, coded by two coders (runs after the base demo).

Deterministic for a seed. The planted findings are in tilik.demo.ground_truth_interviews.
Everything is written through the interviews services, so the audit log shows it too.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from tilik.core.models import Role
from tilik.demo import ground_truth_interviews as gti
from tilik.demo.ground_truth import PELAYANAN_PRIMA
from tilik.interviews import services, services_codes, services_coding
from tilik.interviews.models import Code, Suggestion
from tilik.org.models import Unit
from tilik.programs.models import Program

ACTOR = "demo"

# (sentence, planted codes). {unit} is the unit's short name.
QUESTIONS = {
    "change": "Apa yang berubah dalam cara kerja pegawai setelah pelatihan?",
    "service": "Apakah ada pengaruhnya pada pelayanan kepada masyarakat?",
    "budget": "Bagaimana anggaran memengaruhi pelatihan dan tindak lanjutnya?",
    "motivation": "Bagaimana antusiasme pegawai untuk ikut pelatihan?",
    "needs": "Pelatihan apa yang dibutuhkan berikutnya, dan apa saran Bapak/Ibu?",
}
APPLIED = [
    (
        "Pegawai yang ikut pelatihan sudah menerapkan cara menyapa dan menjelaskan prosedur.",
        {"Keterampilan diterapkan"},
    ),
    (
        "Beberapa staf mempraktikkan materi tentang standar pelayanan di ruang layanan {unit}.",
        {"Keterampilan diterapkan"},
    ),
    (
        "Yang paling terasa, mereka sekarang memakai daftar periksa sebelum membuka layanan.",
        {"Keterampilan diterapkan"},
    ),
]
BARRIERS = [
    (
        "Sebagian materi belum bisa diterapkan karena aplikasinya belum tersedia di kantor.",
        {"Hambatan penerapan"},
    ),
    (
        "Ada yang sulit diterapkan karena atasan di bidang lain belum memahami materinya.",
        {"Hambatan penerapan"},
    ),
]
FASTER_REGISTRATION = [
    (
        "Sejak petugas loket ikut Pelayanan Prima, pendaftaran pasien jauh lebih cepat.",
        {"Pendaftaran dan antrean", "Kerja lebih cepat"},
    ),
    (
        "Dulu antrean pendaftaran bisa sampai setengah jam, sekarang rata-rata lebih singkat.",
        {"Pendaftaran dan antrean", "Kerja lebih cepat"},
    ),
    (
        "Petugas registrasi sekarang menyiapkan berkas sebelum pasien datang, jadi tidak lama lagi menunggu.",
        {"Pendaftaran dan antrean", "Kerja lebih cepat"},
    ),
]
SLOW_REGISTRATION = [
    ("Antrean di loket pendaftaran masih panjang pada pagi hari.", {"Pendaftaran dan antrean"}),
    (
        "Pasien masih mengeluh soal antrean pendaftaran, terutama hari Senin.",
        {"Pendaftaran dan antrean", "Keluhan masyarakat"},
    ),
]
OPD_SERVICE = [
    (
        "Waktu penyelesaian berkas di {unit} sekarang lebih cepat karena alurnya disederhanakan.",
        {"Kerja lebih cepat"},
    ),
    ("Pengaduan masyarakat yang masuk ke {unit} berkurang dibanding tahun lalu.", {"Keluhan masyarakat"}),
    ("Dampaknya ke masyarakat belum terlihat jelas, karena layanan kami lebih banyak ke internal.", set()),
]
TRUST = [
    (
        "Masyarakat memberi apresiasi di media sosial, dan itu membangun kepercayaan pada pemerintah.",
        {"Kepercayaan dan citra"},
    ),
    ("Citra unit kami membaik, warga lebih puas ketika dilayani dengan ramah.", {"Kepercayaan dan citra"}),
]
BUDGET = [
    (
        "Anggaran pelatihan kami dipotong karena refocusing, jadi hanya dua orang yang bisa dikirim.",
        {"Kendala anggaran"},
    ),
    ("Dana untuk tindak lanjut pelatihan tidak ada di DPA tahun ini.", {"Kendala anggaran"}),
    (
        "Pagu kegiatan terlalu kecil, biaya perjalanan peserta dari pinggiran juga jadi beban.",
        {"Kendala anggaran"},
    ),
]
BUDGET_OK: list[tuple[str, set[str]]] = [
    ("Soal dana tidak terlalu menjadi masalah, karena pelatihannya dibiayai BKPSDM.", set()),
    ("Kalau urusan itu, kami cukup terbantu oleh BKPSDM.", set()),
]
MOTIVATION = [
    ("Pegawai muda sangat antusias dan termotivasi ikut pelatihan.", {"Motivasi tinggi"}),
    ("Semangat staf naik setelah ada pengakuan dari pimpinan.", {"Motivasi tinggi"}),
]
WORKLOAD = [
    (
        "Masalahnya beban kerja tinggi, petugas tidak bisa meninggalkan layanan lebih dari sehari.",
        {"Beban kerja dan jadwal"},
    ),
    (
        "Jadwal pelatihan sering bentrok dengan jadwal pelayanan, apalagi kami kekurangan pegawai.",
        {"Beban kerja dan jadwal"},
    ),
]
NEEDS = [
    ("Kami perlu pelatihan lanjutan tentang aplikasi antrean daring.", {"Kebutuhan pelatihan"}),
    ("Ada kebutuhan pelatihan komunikasi untuk menghadapi warga yang marah.", {"Kebutuhan pelatihan"}),
    ("Staf administrasi perlu dilatih pengelolaan data pelayanan.", {"Kebutuhan pelatihan"}),
]
ADVICE = [
    ("Saran saya, sebaiknya pelatihan dilakukan di unit kerja supaya layanan tidak berhenti.", {"Saran"}),
    ("Kami mengusulkan ada pendampingan tiga bulan setelah kelas selesai.", {"Saran"}),
    ("Sebaiknya materi disesuaikan dengan kondisi puskesmas dan kantor kecamatan.", {"Saran"}),
]
FILLER: list[tuple[str, set[str]]] = [
    ("Terima kasih, itu saja dari saya.", set()),
    ("Ya, betul begitu.", set()),
    ("Saya kira demikian gambarannya.", set()),
]


def _pick(
    rng: random.Random, bank: list[tuple[str, set[str]]], k: int, unit: Unit
) -> list[tuple[str, set[str]]]:
    return [(text.format(unit=unit.short_name or unit.name), codes) for text, codes in rng.sample(bank, k)]


def _answers(
    rng: random.Random, unit: Unit, *, puskesmas: bool, treated: bool, budget: bool
) -> list[tuple[str, list[tuple[str, set[str]]]]]:
    """The interview as (question, answer sentences with planted codes) pairs."""
    change = _pick(rng, APPLIED, rng.choice([1, 2]), unit)
    if rng.random() < 0.4:
        change += _pick(rng, BARRIERS, 1, unit)
    if puskesmas:
        service = (
            _pick(rng, FASTER_REGISTRATION, 2, unit) if treated else _pick(rng, SLOW_REGISTRATION, 1, unit)
        )
    else:
        service = _pick(rng, OPD_SERVICE, 1, unit)
    if rng.random() < 0.5:
        service += _pick(rng, TRUST, 1, unit)
    money = _pick(rng, BUDGET, 2, unit) if budget else _pick(rng, BUDGET_OK, 1, unit)
    motivation = _pick(rng, MOTIVATION, 1, unit) + (
        _pick(rng, WORKLOAD, 1, unit) if rng.random() < 0.6 else []
    )
    needs = _pick(rng, NEEDS, 1, unit) + _pick(rng, ADVICE, 1, unit) + _pick(rng, FILLER, 1, unit)
    return [
        (QUESTIONS["change"], change),
        (QUESTIONS["service"], service),
        (QUESTIONS["budget"], money),
        (QUESTIONS["motivation"], motivation),
        (QUESTIONS["needs"], needs),
    ]


def _transcript(
    qa: list[tuple[str, list[tuple[str, set[str]]]]], speaker: str
) -> tuple[str, list[tuple[int, int, set[str]]]]:
    """Text of the transcript and the planted (start, end, codes) of every answer sentence."""
    parts: list[str] = []
    planted: list[tuple[int, int, set[str]]] = []
    pos = 0
    for question, answer in qa:
        line = f"Pewawancara: {question}\n{speaker}: "
        parts.append(line)
        pos += len(line)
        for i, (sentence, codes) in enumerate(answer):
            if i:
                parts.append(" ")
                pos += 1
            parts.append(sentence)
            planted.append((pos, pos + len(sentence), codes))
            pos += len(sentence)
        parts.append("\n")
        pos += 1
    return "".join(parts).rstrip("\n"), planted


def _second_coder(by: Any) -> Any:
    from tilik.core.services import user_create_with_role
    from tilik.demo.accounts import DEMO_PASSWORD

    existing = get_user_model().objects.filter(username=gti.SECOND_CODER).first()
    if existing is not None:
        return existing
    return user_create_with_role(
        username=gti.SECOND_CODER,
        role=Role.CODER,  # least privilege: reads and codes the transcripts assigned to it, nothing else
        by=by,
        password=DEMO_PASSWORD,
        email=f"{gti.SECOND_CODER}@demo.tilik.invalid",
    )


def _code(
    codes: dict[str, Code], planted: set[str], rng: random.Random, *, recall: float, confusion: float
) -> list[Code]:
    chosen = []
    for name in sorted(planted):
        if rng.random() >= recall:
            continue
        code = codes[name]
        if confusion and rng.random() < confusion and code.parent_id is not None:
            siblings = [c for c in codes.values() if c.parent_id == code.parent_id and c.pk != code.pk]
            code = rng.choice(siblings) if siblings else code
        chosen.append(code)
    return list(dict.fromkeys(chosen))


@transaction.atomic
def build_interview_demo(*, seed: int) -> dict[str, Any]:
    """Create ~22 interviews, their transcripts, a starter codebook and two coders' coding."""
    rng = random.Random(f"{seed}:interviews")  # noqa: S311 - synthetic data, not security
    units = {u.code: u for u in Unit.objects.filter(code__in=gti.PUSKESMAS + gti.OPD)}
    missing = sorted(set(gti.PUSKESMAS + gti.OPD) - set(units))
    if missing:
        raise ValueError(f"build the base demo first; units missing: {', '.join(missing)}")
    coder_a = get_user_model().objects.get(username=gti.FIRST_CODER)
    coder_b = _second_coder(ACTOR)
    program = Program.objects.filter(slug__startswith="pelayanan-prima").order_by("fiscal_year").first()
    codebook = services_codes.codebook_create(
        by=ACTOR,
        name=gti.CODEBOOK_NAME,
        program=program,
        starter=True,
        description="Buku kode demo dari tema panduan wawancara.",
    )
    codes = {c.name: c for c in codebook.codes.all()}
    first, last = gti.INTERVIEW_DATES
    span = (last - first).days
    planted_by_transcript: dict[int, list[tuple[int, int, set[str]]]] = {}
    summary: dict[str, Any] = {"interviews": 0, "segments": 0, "budget_units": [], "faster_registration": []}
    for number, unit_code in enumerate(gti.PUSKESMAS + gti.OPD, start=1):
        unit = units[unit_code]
        puskesmas = unit_code in gti.PUSKESMAS
        treated = unit_code in gti.TREATED_PUSKESMAS
        budget = unit_code in gti.BUDGET_COMPLAINT_UNITS or rng.random() < gti.BUDGET_ELSEWHERE_P
        role = "kepala_puskesmas" if puskesmas else "pimpinan_opd"
        speaker = "Kepala puskesmas" if puskesmas else "Pimpinan"
        held_on = first + dt.timedelta(days=rng.randrange(span + 1))
        trained_from = PELAYANAN_PRIMA.effect_from_of(unit_code) if treated else None
        if trained_from is not None:  # a trained puskesmas is interviewed after its staff's training
            held_on = max(held_on, trained_from)
        interview = services.interview_create(
            by=ACTOR,
            code=f"W-{number:02d}",
            role=role,
            unit=unit,
            held_on=held_on,
            interviewer=coder_a,
            guide="pimpinan",
            consent=True,
            consent_note="Persetujuan lisan, direkam di awal wawancara (data sintetis).",
            programs=[program] if program is not None and puskesmas else [],
        )
        text, planted = _transcript(
            _answers(rng, unit, puskesmas=puskesmas, treated=treated, budget=budget), speaker
        )
        transcript = services.transcript_set(interview=interview, by=ACTOR, text=text)
        services.interview_coders_set(interview=interview, coders=[coder_b], by=ACTOR)
        planted_by_transcript[transcript.pk] = planted
        for start, end, labels in planted:
            for coder, recall, confusion in (
                (coder_a, gti.CODER_A_RECALL, 0.0),
                (coder_b, gti.CODER_B_RECALL, gti.CODER_B_CONFUSION),
            ):
                applied = _code(codes, labels, rng, recall=recall, confusion=confusion)
                if not labels and coder is coder_b and rng.random() < gti.CODER_B_EXTRA:
                    applied = [codes["Saran"]]
                if applied:
                    segment = services_coding.segment_create(
                        by=coder,
                        transcript=transcript,
                        codebook=codebook,
                        start=start,
                        end=end,
                        codes=applied,
                    )
                    summary["segments"] += 1
                    if coder is coder_a and "Kendala anggaran" in labels and rng.random() < 0.3:
                        services_coding.segment_update(segment=segment, by=coder, starred=True)
        summary["interviews"] += 1
        if budget:
            summary["budget_units"].append(unit_code)
        if treated:
            summary["faster_registration"].append(unit_code)
    summary["suggestions"] = _decide_suggestions(codebook, coder_a, planted_by_transcript)
    summary["codebook"] = codebook.pk
    return summary


def _decide_suggestions(
    codebook: Any, coder: Any, planted: dict[int, list[tuple[int, int, set[str]]]]
) -> int:
    """Make keyword suggestions; the first coder accepts those whose sentence carries the code in the
    planted labels and rejects the others (so the precision shown is the keywords' true precision)."""
    created = services_coding.suggestions_generate(codebook=codebook, by=ACTOR)
    pending = list(
        Suggestion.objects.filter(code__codebook=codebook, status=Suggestion.Status.PENDING)
        .select_related("code", "transcript")
        .order_by("transcript__interview__code", "start")[: gti.SUGGESTIONS_DECIDED]
    )
    for suggestion in pending:
        labels = next(
            (
                codes
                for start, end, codes in planted[suggestion.transcript_id]
                if start == suggestion.start and end == suggestion.end
            ),
            set(),
        )
        if suggestion.code.name in labels:
            services_coding.suggestion_accept(suggestion=suggestion, by=coder)
        else:
            services_coding.suggestion_reject(suggestion=suggestion, by=coder)
    return created
