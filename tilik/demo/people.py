"""Synthetic ASN: posts per unit, rank consistent with education and service, valid NIPs, unit history."""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tilik.demo import ground_truth as gt
from tilik.demo.names import email_local, person_name
from tilik.demo.units import UNIT_SPECS, UnitSpec, opd_code
from tilik.org.choices import PNS_GOLONGAN, Education, EmploymentType, JabatanCategory, Sex, UnitType
from tilik.org.models import Employee, Unit
from tilik.org.services_bulk import MembershipRow, employees_bulk_create, memberships_bulk_create

JC = JabatanCategory
E = Education
EMAIL_DOMAIN = "demo.tilik.invalid"

# Entry golongan (index into PNS_GOLONGAN) by education; PPPK golongan by education.
ENTRY_GOLONGAN: dict[str, int] = {
    E.SD: 0,
    E.SMP: 2,
    E.SMA: 4,
    E.D1: 4,
    E.D2: 5,
    E.D3: 6,
    E.D4: 8,
    E.S1: 8,
    E.S2: 9,
    E.S3: 10,
}
PPPK_GOLONGAN: dict[str, str] = {
    E.SD: "I",
    E.SMP: "III",
    E.SMA: "V",
    E.D1: "V",
    E.D2: "VI",
    E.D3: "VII",
    E.D4: "IX",
    E.S1: "IX",
    E.S2: "X",
    E.S3: "XI",
}
# Age range at appointment by education (min, max).
ENTRY_AGE: dict[str, tuple[int, int]] = {
    E.SD: (18, 30),
    E.SMP: (18, 30),
    E.SMA: (18, 32),
    E.D1: (19, 32),
    E.D2: (20, 32),
    E.D3: (21, 33),
    E.D4: (22, 35),
    E.S1: (22, 35),
    E.S2: (25, 40),
    E.S3: (30, 45),
}
# Golongan index range per jabatan category and fungsional track.
GOLONGAN_RANGE: dict[str, tuple[int, int]] = {
    JC.JPT_PRATAMA: (13, 15),
    JC.ADMINISTRATOR: (11, 14),
    JC.PENGAWAS: (10, 12),
    JC.PELAKSANA: (0, 11),
    "ahli": (8, 14),
    "terampil": (4, 11),
}
HIGHER_EDUCATION = {E.D4, E.S1, E.S2, E.S3}
MANAGERIAL_HEADS = {JC.JPT_PRATAMA, JC.ADMINISTRATOR}  # never among the leavers
# Highest golongan index a PNS reaches with this education outside managerial posts.
EDUCATION_CAP: dict[str, int] = {E.SD: 5, E.SMP: 6, E.SMA: 9, E.D3: 10}
JENJANG_LABEL = {
    "ahli_pertama": "Ahli Pertama",
    "ahli_muda": "Ahli Muda",
    "ahli_madya": "Ahli Madya",
    "pemula": "Pemula",
    "terampil": "Terampil",
    "mahir": "Mahir",
    "penyelia": "Penyelia",
}


@dataclass(frozen=True)
class Post:
    """A kind of job: category, title, fungsional track ('ahli', 'terampil' or 'both'), education mix."""

    category: str
    title: str
    education: tuple[tuple[str, float], ...]
    track: str = ""
    female: float | None = None
    pppk: float = 0.0
    min_age: int = 22
    prefix: str = ""


def _pel(title: str, education: tuple[tuple[str, float], ...], pppk: float = 0.2) -> Post:
    return Post(JC.PELAKSANA, title, education, pppk=pppk)


def _fung(
    title: str,
    track: str,
    education: tuple[tuple[str, float], ...],
    pppk: float = 0.12,
    female: float | None = None,
    prefix: str = "",
) -> Post:
    return Post(JC.FUNGSIONAL, title, education, track=track, pppk=pppk, female=female, prefix=prefix)


ADMINISTRASI = _pel("Pengadministrasi Perkantoran", ((E.SMA, 0.8), (E.D3, 0.2)))
OPERATOR = _pel("Operator Layanan Operasional", ((E.SMA, 0.85), (E.SMP, 0.1), (E.SD, 0.05)))
PENGELOLA = _pel("Pengelola Layanan Operasional", ((E.D3, 0.6), (E.SMA, 0.4)))
PENATA = _pel("Penata Layanan Operasional", ((E.S1, 0.9), (E.D4, 0.1)))
PENGOLAH_DATA = _pel("Pengolah Data dan Informasi", ((E.D3, 0.5), (E.S1, 0.5)))
KEUANGAN = _pel("Pengadministrasi Keuangan", ((E.S1, 0.5), (E.D3, 0.4), (E.SMA, 0.1)))
_GENERAL = ((E.S1, 0.8), (E.S2, 0.15), (E.D4, 0.05))
_MIXED = ((E.S1, 0.55), (E.D3, 0.35), (E.SMA, 0.1))
OFFICE_FUNGSIONAL = (
    _fung("Analis Kebijakan", "ahli", _GENERAL),
    _fung("Perencana", "ahli", _GENERAL),
    _fung("Pranata Komputer", "both", _MIXED),
    _fung("Arsiparis", "both", _MIXED),
    _fung("Analis Sumber Daya Manusia Aparatur", "ahli", _GENERAL),
    _fung("Pranata Hubungan Masyarakat", "ahli", _GENERAL),
    _fung("Analis Keuangan Pusat dan Daerah", "ahli", _GENERAL),
    _fung("Pengelola Pengadaan Barang/Jasa", "ahli", _GENERAL),
)
_D3_HEALTH = ((E.D3, 0.7), (E.S1, 0.25), (E.D4, 0.05))
HEALTH = {
    "dokter": _fung("Dokter", "ahli", ((E.S1, 0.85), (E.S2, 0.15)), pppk=0.2, prefix="dr. "),
    "dokter_gigi": _fung("Dokter Gigi", "ahli", ((E.S1, 1.0),), pppk=0.2, prefix="drg. "),
    "perawat": _fung("Perawat", "both", ((E.D3, 0.55), (E.S1, 0.45)), pppk=0.3, female=0.7),
    "bidan": _fung("Bidan", "both", ((E.D3, 0.7), (E.D4, 0.3)), pppk=0.3, female=1.0),
    "apoteker": _fung("Apoteker", "ahli", ((E.S1, 1.0),), pppk=0.3, female=0.75),
    "farmasi": _fung("Asisten Apoteker", "terampil", ((E.D3, 1.0),), pppk=0.3, female=0.8),
    "nutrisionis": _fung("Nutrisionis", "both", _D3_HEALTH, pppk=0.3, female=0.85),
    "sanitarian": _fung("Sanitarian", "both", _D3_HEALTH, pppk=0.3),
    "lab": _fung("Pranata Laboratorium Kesehatan", "both", _D3_HEALTH, pppk=0.3, female=0.75),
    "rekam_medis": _fung("Perekam Medis", "terampil", ((E.D3, 1.0),), pppk=0.3, female=0.7),
    "promkes": _fung("Penyuluh Kesehatan Masyarakat", "ahli", ((E.S1, 0.9), (E.S2, 0.1)), pppk=0.2),
    "epidemiolog": _fung("Epidemiolog Kesehatan", "ahli", _GENERAL, pppk=0.1),
    "adminkes": _fung("Administrator Kesehatan", "ahli", ((E.S1, 0.6), (E.S2, 0.4)), pppk=0.1),
}

# Staffing mix of the non-structural staff, per unit profile: (post, weight).
PROFILES: dict[str, tuple[tuple[Post, float], ...]] = {
    "kantor": (
        (ADMINISTRASI, 14),
        (PENGELOLA, 10),
        (PENATA, 14),
        (PENGOLAH_DATA, 8),
        (KEUANGAN, 6),
        (OPERATOR, 6),
        *((post, 5) for post in OFFICE_FUNGSIONAL),
    ),
    "inspektorat": (
        (ADMINISTRASI, 10),
        (PENATA, 8),
        (KEUANGAN, 4),
        (_fung("Auditor", "both", ((E.S1, 0.75), (E.S2, 0.15), (E.D3, 0.1))), 45),
        (_fung("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "ahli", _GENERAL), 25),
    ),
    "dinkes": (
        (ADMINISTRASI, 10),
        (PENATA, 10),
        (KEUANGAN, 5),
        (HEALTH["adminkes"], 12),
        (HEALTH["epidemiolog"], 6),
        (HEALTH["promkes"], 8),
        (HEALTH["sanitarian"], 5),
        (HEALTH["nutrisionis"], 4),
        (HEALTH["dokter"], 4),
        (OFFICE_FUNGSIONAL[1], 6),
    ),
    "puskesmas": (
        (HEALTH["perawat"], 22),
        (HEALTH["bidan"], 20),
        (HEALTH["dokter"], 8),
        (HEALTH["dokter_gigi"], 3),
        (HEALTH["apoteker"], 3),
        (HEALTH["farmasi"], 5),
        (HEALTH["nutrisionis"], 4),
        (HEALTH["sanitarian"], 4),
        (HEALTH["lab"], 5),
        (HEALTH["rekam_medis"], 6),
        (HEALTH["promkes"], 4),
        (ADMINISTRASI, 6),
        (PENGELOLA, 4),
        (KEUANGAN, 2),
    ),
    "rsud": (
        (HEALTH["perawat"], 45),
        (HEALTH["bidan"], 8),
        (HEALTH["dokter"], 10),
        (HEALTH["dokter_gigi"], 1),
        (HEALTH["apoteker"], 3),
        (HEALTH["farmasi"], 5),
        (HEALTH["nutrisionis"], 2),
        (HEALTH["lab"], 5),
        (HEALTH["rekam_medis"], 5),
        (ADMINISTRASI, 6),
        (PENGELOLA, 5),
        (KEUANGAN, 3),
        (OPERATOR, 4),
    ),
    "pendidikan": (
        (ADMINISTRASI, 18),
        (PENGELOLA, 12),
        (PENATA, 12),
        (KEUANGAN, 5),
        (OPERATOR, 8),
        (_fung("Pengawas Sekolah", "ahli", ((E.S1, 0.5), (E.S2, 0.5)), pppk=0.0), 20),
        (_fung("Penilik", "ahli", _GENERAL), 8),
        (_fung("Pamong Belajar", "ahli", _GENERAL), 6),
    ),
    "kominfo": (
        (ADMINISTRASI, 8),
        (PENATA, 8),
        (KEUANGAN, 3),
        (_fung("Pranata Komputer", "both", _MIXED), 25),
        (_fung("Penata Kelola Sistem dan Teknologi Informasi", "ahli", _GENERAL), 10),
        (_fung("Statistisi", "ahli", _GENERAL), 10),
        (_fung("Pranata Hubungan Masyarakat", "ahli", _GENERAL), 10),
    ),
    "perhubungan": (
        (OPERATOR, 45),
        (ADMINISTRASI, 10),
        (PENGELOLA, 10),
        (PENATA, 5),
        (KEUANGAN, 3),
        (_fung("Penguji Kendaraan Bermotor", "both", ((E.D3, 0.5), (E.SMA, 0.2), (E.S1, 0.3))), 15),
        (_fung("Analis Lalu Lintas", "ahli", _GENERAL), 6),
    ),
    "lapangan": (
        (OPERATOR, 40),
        (ADMINISTRASI, 10),
        (PENGELOLA, 12),
        (PENATA, 8),
        (KEUANGAN, 3),
        (_fung("Teknik Jalan dan Jembatan", "ahli", _GENERAL), 6),
        (_fung("Pengendali Dampak Lingkungan", "ahli", _GENERAL), 6),
    ),
    "damkar": (
        (ADMINISTRASI, 8),
        (PENGELOLA, 6),
        (KEUANGAN, 2),
        (_fung("Pemadam Kebakaran", "terampil", ((E.SMA, 0.8), (E.D3, 0.2)), pppk=0.2), 60),
        (_fung("Analis Kebakaran", "ahli", _GENERAL), 8),
    ),
    "satpol": (
        (ADMINISTRASI, 8),
        (PENGELOLA, 6),
        (KEUANGAN, 2),
        (OPERATOR, 10),
        (_fung("Polisi Pamong Praja", "both", ((E.SMA, 0.55), (E.D3, 0.15), (E.S1, 0.3)), pppk=0.2), 65),
    ),
    "kecamatan": (
        (ADMINISTRASI, 20),
        (PENGELOLA, 15),
        (PENATA, 18),
        (OPERATOR, 10),
        (KEUANGAN, 5),
        (PENGOLAH_DATA, 8),
        (_fung("Analis Kebijakan", "ahli", _GENERAL), 6),
    ),
}
# Female share by profile (a post's own share, e.g. Bidan, wins).
FEMALE_SHARE = {
    "puskesmas": 0.75,
    "rsud": 0.75,
    "dinkes": 0.65,
    "perhubungan": 0.15,
    "damkar": 0.12,
    "satpol": 0.18,
    "lapangan": 0.3,
}

_STRUCT_EDU: dict[str, tuple[tuple[str, float], ...]] = {
    JC.JPT_PRATAMA: ((E.S2, 0.8), (E.S1, 0.15), (E.S3, 0.05)),
    JC.ADMINISTRATOR: ((E.S2, 0.6), (E.S1, 0.4)),
    JC.PENGAWAS: ((E.S1, 0.8), (E.S2, 0.1), (E.D3, 0.1)),
}
_STRUCT_MIN_AGE: dict[str, int] = {JC.JPT_PRATAMA: 45, JC.ADMINISTRATOR: 40, JC.PENGAWAS: 33}
_PENGAWAS_TITLES = (
    "Kepala Subbagian Umum dan Kepegawaian",
    "Kepala Subbagian Keuangan",
    "Kepala Subbagian Perencanaan",
    "Kepala Seksi Pelayanan",
    "Kepala Seksi Pemerintahan",
    "Kepala Seksi Pengendalian",
)


def _structural(category: str, title: str) -> Post:
    return Post(category, title, _STRUCT_EDU[category], min_age=_STRUCT_MIN_AGE[category])


def _head_title(spec: UnitSpec) -> tuple[str, str]:
    if spec.code == "setda":
        return JC.JPT_PRATAMA, "Sekretaris Daerah"
    if spec.code == "setwan":
        return JC.JPT_PRATAMA, "Sekretaris DPRD"
    if spec.unit_type == UnitType.INSPEKTORAT:
        return JC.JPT_PRATAMA, "Inspektur"
    if spec.unit_type == UnitType.KECAMATAN:
        return JC.ADMINISTRATOR, f"Camat {spec.name.removeprefix('Kecamatan ')}"
    if spec.unit_type == UnitType.RSUD:
        return JC.JPT_PRATAMA, f"Direktur {spec.name}"
    if spec.unit_type == UnitType.BIDANG:
        return JC.ADMINISTRATOR, f"Kepala {spec.name}"
    return JC.JPT_PRATAMA, f"Kepala {spec.name}"


def _posts_for_unit(spec: UnitSpec, size: int, rng: random.Random) -> list[tuple[Post, str]]:
    """(post, position title override) for every seat in the unit: structural seats first."""
    posts: list[tuple[Post, str]] = []
    if spec.unit_type == UnitType.PUSKESMAS:
        posts.append((HEALTH["dokter"], f"Kepala {spec.name}"))
        if size >= 20:
            posts.append((_structural(JC.PENGAWAS, "Kepala Subbagian Tata Usaha"), ""))
    else:
        category, title = _head_title(spec)
        posts.append((_structural(category, title), ""))
        if spec.unit_type != UnitType.BIDANG and size >= 10:
            second = (
                "Sekretaris Camat"
                if spec.unit_type == UnitType.KECAMATAN
                else ("Wakil Direktur" if spec.unit_type == UnitType.RSUD else "Sekretaris")
            )
            posts.append((_structural(JC.ADMINISTRATOR, second), ""))
        divisor = 12 if spec.unit_type in (UnitType.BIDANG, UnitType.KECAMATAN) else 25
        for _i in range(round(size / divisor)):
            posts.append((_structural(JC.PENGAWAS, rng.choice(_PENGAWAS_TITLES)), ""))
    posts = posts[:size]
    mix = PROFILES[spec.profile]
    weights = [w for _post, w in mix]
    while len(posts) < size:
        posts.append((rng.choices([p for p, _w in mix], weights=weights)[0], ""))
    return posts


def scaled_headcounts(employees: int) -> dict[str, int]:
    """Unit headcounts scaled to ``employees`` (largest remainder, so they sum exactly)."""
    base = {s.code: s.headcount for s in UNIT_SPECS if s.headcount > 0}
    total = sum(base.values())
    raw = {code: employees * n / total for code, n in base.items()}
    counts = {code: math.floor(x) for code, x in raw.items()}
    rest = employees - sum(counts.values())
    for code in sorted(raw, key=lambda c: (-(raw[c] - counts[c]), c))[:rest]:
        counts[code] += 1
    return counts


@dataclass
class Person:
    """The generator's record of one ASN (the Employee row is built from it)."""

    index: int
    employment_type: str
    sex: str
    name: str
    birth_date: dt.date
    tmt: dt.date
    education: str
    golongan: str
    category: str
    jenjang: str
    title: str
    active: bool
    history: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    nip: str = ""
    employee: Employee | None = None

    def unit_on(self, day: dt.date) -> str | None:
        for code, start, end in self.history:
            if start <= day and (end is None or day <= end):
                return code
        return None

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def record(self) -> Employee:
        """The saved Employee (after ``save_people``)."""
        if self.employee is None:
            raise RuntimeError("save_people() has not stored this person yet")
        return self.employee

    @property
    def current_unit(self) -> str:
        return self.history[-1][0]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _age(rng: random.Random, min_age: int) -> int:
    bands = [(lo, hi) for (lo, hi) in gt.WORKFORCE.age_band_weights if hi >= min_age]
    lo, hi = rng.choices(bands, weights=[gt.WORKFORCE.age_band_weights[b] for b in bands])[0]
    return rng.randint(max(lo, min_age), min(hi, gt.WORKFORCE.age_max))


def _make_person(
    index: int, post: Post, title: str, spec: UnitSpec, rng: random.Random, today: dt.date
) -> Person:
    wf = gt.WORKFORCE
    education = _pick(rng, post.education)
    pppk = post.category in (JC.FUNGSIONAL, JC.PELAKSANA) and rng.random() < post.pppk
    entry_min, entry_max = ENTRY_AGE[education]
    years_to_today = (today - gt.LAST_TMT).days / 365.25
    min_age = max(wf.age_min, post.min_age, math.ceil(entry_min + (2 if pppk else 0) + years_to_today))
    age = _age(rng, min_age)
    birth = _years_before(today, age) - dt.timedelta(days=rng.randint(1, 364))
    female_share = post.female if post.female is not None else FEMALE_SHARE.get(spec.profile, wf.female_share)
    female = rng.random() < female_share
    # Appointment (TMT CPNS, or TMT PPPK from 2019) after the 18th (PPPK: 20th) birthday, before LAST_TMT.
    earliest = dt.date(birth.year + entry_min + (2 if pppk else 0), birth.month, 1)
    if pppk:
        earliest = max(earliest, dt.date(2019, 2, 1))
    latest = min(gt.LAST_TMT, dt.date(birth.year + entry_max, birth.month, 1))
    latest = max(latest, earliest)
    months = (latest.year - earliest.year) * 12 + latest.month - earliest.month
    offset = rng.randint(0, months)
    tmt = dt.date(
        earliest.year + (earliest.month - 1 + offset) // 12, (earliest.month - 1 + offset) % 12 + 1, 1
    )
    service_years = (today - tmt).days / 365.25

    track = post.track
    if track == "both":
        track = "ahli" if education in HIGHER_EDUCATION else "terampil"
    if pppk:
        golongan = f"PPPK {PPPK_GOLONGAN[education]}"
        jenjang = {"ahli": "ahli_pertama", "terampil": "terampil" if education == E.D3 else "pemula"}.get(
            track, ""
        )
    else:
        lo, hi = GOLONGAN_RANGE[track or post.category]
        idx = ENTRY_GOLONGAN[education] + int(service_years // 4) - (1 if rng.random() < 0.3 else 0)
        cap = EDUCATION_CAP.get(education, len(PNS_GOLONGAN) - 1)
        idx = max(lo, min(hi, idx, max(cap, lo)))
        golongan = PNS_GOLONGAN[idx]
        jenjang = _jenjang(track, idx)
    if post.category == JC.FUNGSIONAL:
        label = f"{post.title} {JENJANG_LABEL[jenjang]}"
        title = f"{label} ({title})" if title else label
    name = person_name(rng, female=female)
    return Person(
        index=index,
        employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
        sex=Sex.FEMALE if female else Sex.MALE,
        name=f"{post.prefix}{name}",
        birth_date=birth,
        tmt=tmt,
        education=education,
        golongan=golongan,
        category=post.category,
        jenjang=jenjang,
        title=title or post.title,
        active=True,
    )


def _jenjang(track: str, idx: int) -> str:
    if track == "ahli":
        return "ahli_pertama" if idx <= 9 else "ahli_muda" if idx <= 11 else "ahli_madya"
    if track == "terampil":
        return "pemula" if idx <= 4 else "terampil" if idx <= 7 else "mahir" if idx <= 9 else "penyelia"
    return ""


def generate_people(*, employees: int, rng: random.Random, today: dt.date) -> list[Person]:
    """Everyone, with unit history (transfers, a few leavers) and a unique valid NIP."""
    wf = gt.WORKFORCE
    headcounts = scaled_headcounts(employees)
    people: list[Person] = []
    for spec in UNIT_SPECS:
        for post, title in _posts_for_unit(spec, headcounts.get(spec.code, 0), rng):
            person = _make_person(len(people), post, title, spec, rng, today)
            person.history = [(spec.code, person.tmt, None)]
            people.append(person)

    # Leavers (never the head of a unit), then transfers within the last ``transfer_window_years``.
    unit_codes = [code for code in headcounts if headcounts[code] > 0]
    cum = []
    running = 0
    for code in unit_codes:
        running += headcounts[code]
        cum.append(running)
    window_start = _years_before(today, wf.transfer_window_years)
    several_opd = len({opd_code(code) for code in unit_codes}) > 1
    for person in people:
        code, start, _end = person.history[0]
        if person.category not in MANAGERIAL_HEADS and rng.random() < wf.inactive_share:
            new_year = dt.date(today.year, 1, 1)
            left = new_year + dt.timedelta(days=rng.randint(0, max(0, (today - new_year).days - 1)))
            person.active = False
            person.history = [(code, start, left)]
            continue
        if several_opd and rng.random() < wf.transfer_share:
            first = max(window_start, start + dt.timedelta(days=60))
            last = today - dt.timedelta(days=30)
            if first >= last:
                continue
            moved = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            previous = code
            while opd_code(previous) == opd_code(code):
                previous = unit_codes[bisect.bisect_right(cum, rng.randrange(running))]
            person.history = [(previous, start, moved - dt.timedelta(days=1)), (code, moved, None)]

    # NIP: birth date + TMT + sex digit + a sequence from 001 per prefix (PPPK numbers use the same layout).
    sequence: dict[str, int] = defaultdict(int)
    for person in people:
        prefix = f"{person.birth_date:%Y%m%d}{person.tmt:%Y%m}{'1' if person.sex == Sex.MALE else '2'}"
        sequence[prefix] += 1
        person.nip = f"{prefix}{sequence[prefix]:03d}"
    return people


def save_people(*, people: list[Person], units: dict[str, Unit], by: Any, today: dt.date) -> None:
    """Write employees and their unit history through the bulk services; sets ``person.employee``."""
    rows = []
    for person in people:
        rows.append(
            {
                "nip": person.nip,
                "name": person.name,
                "golongan": person.golongan,
                "jabatan_category": person.category,
                "education": person.education,
                "employment_type": person.employment_type,
                "sex": person.sex if person.employment_type == EmploymentType.PPPK else None,
                "jenjang": person.jenjang,
                "position_title": person.title[:200],
                "email": f"{email_local(person.name, person.index)}@{EMAIL_DOMAIN}",
                "active": person.active,
            }
        )
    created = employees_bulk_create(rows=rows, by=by, today=today)
    for person, employee in zip(people, created, strict=True):
        person.employee = employee
    memberships = [
        MembershipRow(employee=person.employee, unit=units[code], start_date=start, end_date=end)
        for person in people
        if person.employee is not None
        for code, start, end in person.history
    ]
    memberships_bulk_create(rows=memberships, by=by)
