"""The demo's programme catalogue: what BKPSDM Kota Denpasar offered in 2024–2026, and unit costs.

Seats are per fiscal year at the default size (3,000 ASN) and scale with the number of employees.
Planted budget and participation patterns live in tilik.demo.ground_truth, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tilik.programs.choices import CompetencyType, Method

BKPSDM = "BKPSDM Kota Denpasar"
BPSDM_BALI = "BPSDM Provinsi Bali"
LAN = "Lembaga Administrasi Negara (LAN)"
ANRI = "Arsip Nasional Republik Indonesia (ANRI)"


@dataclass(frozen=True)
class YearPlan:
    """One fiscal year of a programme: seats (at 3,000 ASN), start months, and optionally another audience."""

    seats: int
    months: tuple[int, int] = (2, 10)
    audience: str | None = None
    """Another audience this year; "puskesmas_cohorts" runs one angkatan per cohort of
    tilik.demo.ground_truth.PELAYANAN_PRIMA trained in that year, at the cohort's month."""
    future_start: tuple[int, int] | None = None
    """(month, day) of a single angkatan that starts after REFERENCE_TODAY (the open invitation round)."""


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    name: str
    objective: str
    competency_type: str
    method: str
    jp: int
    provider: str
    target_group: str
    audience: str
    capacity: int
    years: Mapping[int, YearPlan]
    places: tuple[str, ...]
    organiser: str = "bkpsdm"
    rented_venue: bool = False

    @property
    def class_days(self) -> int:
        """Days in the classroom (e-learning has none; blended teaches half its JP in class)."""
        if self.method == Method.E_LEARNING:
            return 0
        jp = self.jp if self.method == Method.KLASIKAL else (self.jp + 1) // 2
        return max(1, -(-jp // 8))

    @property
    def span_days(self) -> int:
        """Calendar days from the first to the last day of an angkatan."""
        if self.method == Method.E_LEARNING:
            return 18
        if self.method == Method.BLENDED:
            return 7 + self.class_days
        return self.class_days


def _years(**plans: YearPlan) -> Mapping[int, YearPlan]:
    return MappingProxyType({int(k.removeprefix("y")): v for k, v in plans.items()})


AULA = "Aula BKPSDM Kota Denpasar"
GRAHA = "Ruang Rapat Praja Utama, Kantor Wali Kota Denpasar"
DARING = "Daring (LMS BKPSDM Kota Denpasar)"

PROGRAMS: tuple[ProgramTemplate, ...] = (
    ProgramTemplate(
        "manajemen-waktu",
        "Manajemen Waktu",
        "Peserta mampu menyusun prioritas kerja, merencanakan jadwal mingguan dan mengurangi penundaan "
        "sehingga target SKP tercapai tepat waktu.",
        CompetencyType.MANAJERIAL,
        Method.KLASIKAL,
        16,
        BKPSDM,
        "Pelaksana dan pejabat fungsional semua perangkat daerah",
        "pelaksana_fungsional",
        30,
        _years(y2024=YearPlan(120), y2025=YearPlan(120), y2026=YearPlan(90)),
        (AULA, GRAHA),
    ),
    ProgramTemplate(
        "literasi-digital",
        "Literasi Digital untuk Layanan Publik",
        "Peserta mampu memakai layanan daring (antrean online, tanda tangan elektronik, aplikasi "
        "pengaduan) dan membantu masyarakat memakainya di unit pelayanan.",
        CompetencyType.TEKNIS,
        Method.BLENDED,
        24,
        BKPSDM,
        "ASN di unit pelayanan publik (kecamatan, Disdukcapil, DPMPTSP, puskesmas, RSUD)",
        "layanan_publik",
        30,
        _years(y2025=YearPlan(150), y2026=YearPlan(150)),
        ("Lab Komputer Diskominfos Kota Denpasar",),
        organiser="bkpsdm",
    ),
    ProgramTemplate(
        "pelayanan-prima",
        "Pelayanan Prima di Puskesmas",
        "Petugas puskesmas menerapkan standar pelayanan prima di loket pendaftaran dan ruang layanan: "
        "alur antrean, komunikasi efektif, dan penanganan keluhan pasien.",
        CompetencyType.TEKNIS,
        Method.KLASIKAL,
        20,
        BKPSDM,
        "Petugas pendaftaran dan pelayanan puskesmas",
        "puskesmas",
        30,
        _years(
            y2025=YearPlan(90, audience="puskesmas_cohorts"),
            y2026=YearPlan(60, audience="puskesmas_control", future_start=(12, 7)),
        ),
        ("Aula Dinas Kesehatan Kota Denpasar",),
        organiser="dinkes",
    ),
    ProgramTemplate(
        "kepemimpinan-pengawas",
        "Kepemimpinan Pengawas",
        "Pejabat pengawas mampu memimpin tim kerja, menyusun rencana aksi perubahan dan mengendalikan "
        "pelaksanaan kegiatan di unitnya.",
        CompetencyType.MANAJERIAL,
        Method.BLENDED,
        40,
        BPSDM_BALI,
        "Pejabat pengawas",
        "pengawas",
        30,
        _years(y2024=YearPlan(30), y2025=YearPlan(30), y2026=YearPlan(30)),
        ("Kampus BPSDM Provinsi Bali",),
    ),
    ProgramTemplate(
        "penyusunan-skp",
        "Penyusunan SKP",
        "Peserta mampu menyusun Sasaran Kinerja Pegawai (SKP) sesuai PermenPAN-RB 6/2022 dan mengisi "
        "e-Kinerja dengan indikator yang terukur.",
        CompetencyType.TEKNIS,
        Method.E_LEARNING,
        12,
        BKPSDM,
        "Seluruh ASN",
        "semua",
        50,
        _years(y2024=YearPlan(200), y2025=YearPlan(150)),
        (DARING,),
    ),
    ProgramTemplate(
        "berakhlak",
        "Pelayanan Publik Berbasis BerAKHLAK",
        "Peserta menerapkan nilai dasar BerAKHLAK (Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, "
        "Loyal, Adaptif, Kolaboratif) dalam melayani masyarakat.",
        CompetencyType.SOSIAL_KULTURAL,
        Method.KLASIKAL,
        16,
        BKPSDM,
        "ASN garda depan pelayanan publik",
        "layanan_publik",
        30,
        _years(y2024=YearPlan(90), y2025=YearPlan(90), y2026=YearPlan(60)),
        ("Hotel mitra di Denpasar",),
        rented_venue=True,
    ),
    ProgramTemplate(
        "keuangan-daerah",
        "Pengelolaan Keuangan Daerah",
        "Pengelola keuangan mampu menatausahakan anggaran, menyusun SPJ dan laporan keuangan sesuai "
        "Permendagri 77/2020 dengan SIPD.",
        CompetencyType.TEKNIS,
        Method.KLASIKAL,
        32,
        BPSDM_BALI,
        "Bendahara, pengelola keuangan dan staf BPKAD/Bapenda",
        "keuangan",
        30,
        _years(y2024=YearPlan(60), y2026=YearPlan(60)),
        ("Kampus BPSDM Provinsi Bali",),
    ),
    ProgramTemplate(
        "naskah-dinas",
        "Penulisan Naskah Dinas",
        "Peserta mampu menyusun naskah dinas (surat, nota dinas, laporan) sesuai pedoman tata naskah "
        "dinas dan kaidah bahasa Indonesia.",
        CompetencyType.TEKNIS,
        Method.KLASIKAL,
        12,
        BKPSDM,
        "Pelaksana bidang administrasi",
        "pelaksana",
        30,
        _years(y2024=YearPlan(90), y2025=YearPlan(60)),
        (AULA,),
    ),
    ProgramTemplate(
        "analisis-data",
        "Analisis Data untuk Kebijakan",
        "Peserta mampu mengolah data sektoral, membaca statistik dasar dan menyajikannya sebagai bahan "
        "rekomendasi kebijakan.",
        CompetencyType.TEKNIS,
        Method.BLENDED,
        30,
        LAN,
        "Pejabat fungsional ahli, perencana dan pejabat administrator",
        "analis",
        25,
        _years(y2024=YearPlan(50), y2025=YearPlan(50), y2026=YearPlan(50)),
        ("Daring (LMS LAN) dan tatap muka di Aula Bappeda Kota Denpasar",),
        organiser="bkpsdm",
    ),
    ProgramTemplate(
        "k3",
        "Keselamatan dan Kesehatan Kerja",
        "Peserta mengenali bahaya di tempat kerja lapangan, memakai alat pelindung diri dengan benar dan "
        "melaporkan kecelakaan kerja.",
        CompetencyType.TEKNIS,
        Method.KLASIKAL,
        16,
        BKPSDM,
        "ASN lapangan (Damkar, DLHK, PUPR, Dishub, Satpol PP, BPBD)",
        "lapangan",
        30,
        _years(y2025=YearPlan(90), y2026=YearPlan(90)),
        ("Markas Dinas Pemadam Kebakaran Kota Denpasar",),
    ),
    ProgramTemplate(
        "public-speaking",
        "Public Speaking",
        "Peserta mampu menyampaikan paparan dan sosialisasi kepada masyarakat secara jelas, runtut dan "
        "percaya diri.",
        CompetencyType.MANAJERIAL,
        Method.KLASIKAL,
        12,
        BKPSDM,
        "ASN yang bertugas sosialisasi dan humas",
        "semua",
        25,
        _years(y2025=YearPlan(50), y2026=YearPlan(50)),
        (GRAHA,),
    ),
    ProgramTemplate(
        "arsip-digital",
        "Manajemen Arsip Digital",
        "Peserta mampu mengelola arsip dinamis secara elektronik dengan SRIKANDI: penciptaan, "
        "penyimpanan, penemuan kembali dan penyusutan.",
        CompetencyType.TEKNIS,
        Method.E_LEARNING,
        20,
        ANRI,
        "Arsiparis dan pengelola administrasi",
        "arsip",
        40,
        _years(y2024=YearPlan(80), y2026=YearPlan(80)),
        ("Daring (LMS ANRI)",),
    ),
    ProgramTemplate(
        "budaya-kerja",
        "Budaya Kerja dan Etika ASN",
        "Peserta memahami kode etik dan kode perilaku ASN, pencegahan gratifikasi dan konflik kepentingan.",
        CompetencyType.SOSIAL_KULTURAL,
        Method.E_LEARNING,
        10,
        BKPSDM,
        "Seluruh ASN",
        "semua",
        60,
        _years(y2024=YearPlan(240), y2025=YearPlan(240), y2026=YearPlan(180)),
        (DARING,),
    ),
    ProgramTemplate(
        "tri-hita-karana",
        "Tri Hita Karana dalam Pelayanan Publik",
        "Peserta mengaitkan falsafah Tri Hita Karana (parahyangan, pawongan, palemahan) dengan sikap "
        "melayani dan menjaga lingkungan kerja.",
        CompetencyType.SOSIAL_KULTURAL,
        Method.KLASIKAL,
        12,
        BKPSDM,
        "ASN semua perangkat daerah",
        "semua",
        30,
        _years(y2025=YearPlan(60)),
        ("Gedung Dharma Negara Alaya",),
        organiser="disbud",
    ),
)

PROGRAM_BY_KEY = {p.key: p for p in PROGRAMS}


@dataclass(frozen=True)
class UnitCosts:
    """Rupiah unit costs that make each programme-year's pagu (illustrative, not an SBU)."""

    honorarium_per_jp: int = 450_000
    honorarium_per_jp_external: int = 600_000
    konsumsi_per_participant_day: int = 85_000
    atk_per_participant: int = 65_000
    sewa_per_day: int = 4_500_000
    akomodasi_per_facilitator_night: int = 1_100_000
    perjalanan_per_offering: int = 7_500_000
    platform_per_offering: int = 3_000_000
    external_providers: tuple[str, ...] = field(default=(BPSDM_BALI, LAN, ANRI))


UNIT_COSTS = UnitCosts()

# Indonesian free text for each absence reason (one is drawn per declined / no-show / withdrawn enrolment).
REASON_TEXTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "beban_kerja": (
            "Bertepatan dengan tenggat laporan akhir bulan.",
            "Sedang menyiapkan kegiatan pimpinan.",
            "Petugas piket, tidak ada pengganti di unit.",
            "Banyak pekerjaan kantor yang harus diselesaikan.",
            "Ada penugasan mendadak dari atasan.",
        ),
        "tidak_perlu": (
            "Materi sudah pernah diikuti.",
            "Merasa materi tidak berkaitan dengan tugas.",
            "Sudah memahami materi ini.",
            "",
        ),
        "tidak_termotivasi": (
            "Kurang berminat dengan topik pelatihan.",
            "Tidak melihat manfaat untuk karier.",
            "",
        ),
        "jadwal_bentrok": (
            "Bentrok dengan rapat koordinasi.",
            "Bersamaan dengan upacara adat di banjar.",
            "Jadwal bentrok dengan dinas luar.",
        ),
        "tidak_diizinkan": (
            "Atasan tidak memberi izin karena kekurangan staf.",
            "Belum mendapat izin atasan.",
        ),
        "sakit": ("Sakit, ada surat keterangan dokter.", "Keluarga sakit.", "Ada upacara keluarga."),
        "lokasi_jauh": ("Tidak ada kendaraan ke lokasi.", "Lokasi pelatihan jauh dari tempat tugas."),
        "tidak_tahu": ("Undangan terlambat diterima.", "Tidak menerima informasi pelatihan."),
        "lainnya": ("Alasan pribadi.", ""),
    }
)

CERTIFICATES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("E-learning ASN Corpu: Wawasan Kebangsaan", (10, 20)),
    ("MOOC LAN: Inovasi Pelayanan Publik", (20, 30)),
    ("E-learning ASN Corpu: Transformasi Digital", (8, 16, 24)),
    ("Seminar Nasional Reformasi Birokrasi", (4, 8)),
    ("Webinar Pengembangan Kompetensi", (2, 4)),
    ("Bimbingan teknis instansi pembina jabatan fungsional", (16, 24, 32)),
)
