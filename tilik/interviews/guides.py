"""Interview guides shipped with Tilik (Bahasa Indonesia) and the starter codebook built on the same themes.

Plain data: the guide page renders it, the interview form offers it, and
``codebook_create(starter=True)`` copies STARTER_CODES into a new codebook.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GuideSection:
    theme: str
    questions: tuple[str, ...]
    probes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    key: str
    title: str
    audience: str
    opening: tuple[str, ...]
    sections: tuple[GuideSection, ...]
    closing: tuple[str, ...]


OPENING = (
    "Perkenalkan diri, tujuan evaluasi (perbaikan program pengembangan kompetensi, bukan penilaian "
    "kinerja pribadi), dan lama wawancara (sekitar 45 menit).",
    "Jelaskan bahwa jawaban dicatat dan, jika diizinkan, direkam; kutipan dalam laporan hanya menyebut "
    "peran dan jenis unit, tidak pernah nama.",
    "Tanyakan persetujuan secara eksplisit dan catat di Tilik (kolom persetujuan). Narasumber boleh "
    "berhenti atau menarik jawabannya kapan saja.",
)
CLOSING = (
    "Tanyakan apakah ada hal penting yang belum dibahas.",
    "Ucapkan terima kasih dan jelaskan kapan hasil evaluasi akan dibagikan.",
)

_THEMES_PIMPINAN = (
    GuideSection(
        "Perubahan kerja setelah pelatihan",
        (
            "Apa yang berubah dalam cara kerja pegawai Bapak/Ibu setelah mengikuti pelatihan?",
            "Bisakah Bapak/Ibu memberi satu contoh konkret dari beberapa bulan terakhir?",
        ),
        ("Siapa yang paling banyak menerapkan?", "Apa yang belum bisa diterapkan, dan mengapa?"),
    ),
    GuideSection(
        "Dampak pada pelayanan publik",
        (
            "Apakah pelatihan ini berpengaruh pada pelayanan kepada masyarakat di unit Bapak/Ibu?",
            "Adakah perubahan pada waktu layanan, antrean, pendaftaran, atau keluhan masyarakat?",
        ),
        ("Dari mana Bapak/Ibu mengetahuinya (data, laporan, pengamatan)?",),
    ),
    GuideSection(
        "Kepercayaan publik dan citra pemerintah",
        ("Menurut Bapak/Ibu, apakah masyarakat memandang unit ini berbeda sekarang?",),
        ("Adakah tanggapan masyarakat, media, atau media sosial yang Bapak/Ibu ingat?",),
    ),
    GuideSection(
        "Kendala anggaran",
        ("Bagaimana anggaran memengaruhi pengiriman pegawai ke pelatihan dan penerapan hasilnya?",),
        ("Adakah kegiatan tindak lanjut yang batal atau tertunda karena dana?",),
    ),
    GuideSection(
        "Partisipasi dan motivasi ASN",
        (
            "Bagaimana antusiasme pegawai untuk mengikuti pelatihan?",
            "Apa yang membuat pegawai sulit hadir atau menyelesaikan pelatihan?",
        ),
        ("Bagaimana beban kerja dan jadwal pelayanan diatur selama pelatihan?",),
    ),
    GuideSection(
        "Kebutuhan pelatihan berikutnya",
        ("Kompetensi apa yang paling dibutuhkan unit Bapak/Ibu satu sampai dua tahun ke depan?",),
        ("Metode apa yang paling cocok: klasikal, e-learning, pendampingan di tempat kerja?",),
    ),
    GuideSection(
        "Saran",
        ("Apa saran Bapak/Ibu untuk BKPSDM agar pelatihan lebih bermanfaat?",),
    ),
)

GUIDES: tuple[Guide, ...] = (
    Guide(
        "pimpinan",
        "Panduan wawancara pimpinan OPD dan kepala puskesmas",
        "Pimpinan OPD, kepala puskesmas, kepala UPTD",
        OPENING,
        _THEMES_PIMPINAN,
        CLOSING,
    ),
    Guide(
        "atasan_langsung",
        "Panduan wawancara atasan langsung alumni",
        "Atasan langsung alumni pelatihan (2–6 bulan setelah pelatihan)",
        OPENING,
        (
            GuideSection(
                "Perubahan kerja setelah pelatihan",
                (
                    "Apa yang dilakukan alumni secara berbeda sejak kembali dari pelatihan?",
                    "Seberapa sering Bapak/Ibu melihat keterampilan baru itu dipakai?",
                ),
                ("Apa yang mendukung atau menghambat penerapannya?",),
            ),
            GuideSection(
                "Dampak pada pelayanan publik",
                ("Apakah hasil kerja alumni memengaruhi layanan kepada masyarakat?",),
            ),
            GuideSection(
                "Partisipasi dan motivasi ASN", ("Bagaimana motivasi alumni sebelum dan sesudah pelatihan?",)
            ),
            GuideSection(
                "Kendala anggaran", ("Adakah kebutuhan sarana atau dana agar hasil pelatihan terpakai?",)
            ),
            GuideSection(
                "Kebutuhan pelatihan berikutnya", ("Pelatihan lanjutan apa yang dibutuhkan alumni?",)
            ),
            GuideSection("Saran", ("Apa saran Bapak/Ibu untuk penyelenggara pelatihan?",)),
        ),
        CLOSING,
    ),
    Guide(
        "alumni",
        "Panduan wawancara alumni pelatihan",
        "ASN yang telah mengikuti pelatihan",
        OPENING,
        (
            GuideSection(
                "Perubahan kerja setelah pelatihan",
                ("Materi apa yang sudah Anda terapkan dalam pekerjaan?", "Apa yang belum, dan mengapa?"),
            ),
            GuideSection(
                "Dampak pada pelayanan publik",
                ("Apakah penerapan itu terasa oleh masyarakat yang Anda layani?",),
            ),
            GuideSection(
                "Kepercayaan publik dan citra pemerintah",
                ("Pernahkah masyarakat menyampaikan apresiasi atau keluhan terkait hal itu?",),
            ),
            GuideSection(
                "Partisipasi dan motivasi ASN",
                ("Apa yang mendorong Anda ikut pelatihan? Apa yang hampir membuat Anda tidak ikut?",),
            ),
            GuideSection("Kebutuhan pelatihan berikutnya", ("Pelatihan apa yang Anda perlukan berikutnya?",)),
            GuideSection("Saran", ("Apa saran Anda untuk pelatihan berikutnya?",)),
        ),
        CLOSING,
    ),
)
GUIDE_CHOICES = [(g.key, g.title) for g in GUIDES]
GUIDES_BY_KEY = {g.key: g for g in GUIDES}


@dataclass(frozen=True)
class StarterCode:
    name: str
    description: str
    color: str
    keywords: str = ""
    children: tuple[StarterCode, ...] = ()


STARTER_CODES: tuple[StarterCode, ...] = (
    StarterCode(
        "Perubahan kerja",
        "Perubahan cara kerja pegawai setelah pelatihan (Kirkpatrick level 3).",
        "#4E79A7",
        "",
        (
            StarterCode(
                "Keterampilan diterapkan",
                "Contoh konkret materi pelatihan yang dipakai.",
                "#6A9BD1",
                "menerapkan, diterapkan, mempraktikkan, sudah memakai",
            ),
            StarterCode(
                "Kerja lebih cepat",
                "Pekerjaan atau proses layanan menjadi lebih cepat.",
                "#2F5D8A",
                "lebih cepat, lebih singkat, efisien, tidak lama lagi",
            ),
            StarterCode(
                "Hambatan penerapan",
                "Alasan materi belum bisa diterapkan.",
                "#A0CBE8",
                "belum bisa, belum sempat, sulit diterapkan, tidak didukung",
            ),
        ),
    ),
    StarterCode(
        "Dampak pelayanan publik",
        "Pengaruh pada layanan kepada masyarakat (level 4).",
        "#59A14F",
        "",
        (
            StarterCode(
                "Pendaftaran dan antrean",
                "Perubahan waktu pendaftaran, registrasi atau antrean.",
                "#8CD17D",
                "pendaftaran, registrasi, antrean, antre, loket",
            ),
            StarterCode(
                "Keluhan masyarakat",
                "Keluhan, pengaduan atau komplain masyarakat.",
                "#3B7A35",
                "keluhan, pengaduan, komplain, mengeluh",
            ),
        ),
    ),
    StarterCode(
        "Kepercayaan dan citra",
        "Kepercayaan publik dan citra pemerintah daerah.",
        "#B07AA1",
        "kepercayaan, citra, apresiasi, puas, kepuasan",
    ),
    StarterCode(
        "Kendala anggaran",
        "Dana, pagu, refocusing atau biaya yang membatasi pelatihan dan tindak lanjut.",
        "#E15759",
        "anggaran, dana, biaya, pagu, refocusing, DPA",
    ),
    StarterCode(
        "Partisipasi dan motivasi",
        "Minat, motivasi dan hambatan ASN untuk ikut pelatihan.",
        "#F28E2B",
        "",
        (
            StarterCode(
                "Motivasi tinggi",
                "Antusiasme atau semangat mengikuti dan menerapkan pelatihan.",
                "#FFBE7D",
                "semangat, antusias, termotivasi, motivasi",
            ),
            StarterCode(
                "Beban kerja dan jadwal",
                "Beban kerja, jadwal pelayanan atau kekurangan pegawai.",
                "#C9731C",
                "beban kerja, jadwal, tidak bisa meninggalkan, kekurangan pegawai",
            ),
        ),
    ),
    StarterCode(
        "Kebutuhan pelatihan",
        "Kompetensi atau pelatihan yang dibutuhkan berikutnya.",
        "#76B7B2",
        "kebutuhan, perlu pelatihan, pelatihan lanjutan, perlu dilatih",
    ),
    StarterCode(
        "Saran",
        "Saran untuk BKPSDM atau penyelenggara.",
        "#9C755F",
        "saran, sebaiknya, mengusulkan, diharapkan",
    ),
)
