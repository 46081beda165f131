"""Pre/post knowledge tests of the showcase programmes (instrument specs in the shipped-template format).

Ten single-choice questions of 10 points each; the first choice is the correct one (shuffled per question
so the key is not always "a"). Synthetic, written for the demo.
"""

from __future__ import annotations

from typing import Any

_QUESTIONS: dict[str, tuple[str, str, list[tuple[str, str, str, str]]]] = {
    "manajemen-waktu": (
        "tes-manajemen-waktu",
        "Tes Pengetahuan Manajemen Waktu (pre/post)",
        [
            ("Matriks Eisenhower membagi tugas menurut ...", "penting dan mendesak", "besar dan kecil",
             "lama dan baru"),
            ("Tugas penting tetapi tidak mendesak sebaiknya ...", "dijadwalkan", "diabaikan", "didelegasikan semua"),
            ("Teknik Pomodoro bekerja dalam blok sekitar ...", "25 menit", "2 jam", "5 menit"),
            ("Penundaan pekerjaan disebut ...", "prokrastinasi", "delegasi", "prioritisasi"),
            ("Rencana mingguan sebaiknya disusun ...", "sebelum minggu dimulai", "setelah minggu selesai",
             "hanya bila diminta atasan"),
            ("Sasaran kerja yang baik bersifat SMART, huruf T berarti ...", "terikat waktu", "tertulis",
             "tuntas"),
            ("Tugas yang dapat dikerjakan orang lain dengan baik sebaiknya ...", "didelegasikan",
             "dikerjakan sendiri", "ditunda"),
            ("Gangguan terbesar dalam kerja kantor biasanya berasal dari ...", "notifikasi dan interupsi",
             "jam istirahat", "rapat bulanan"),
            ("Rencana aksi SKP dipantau paling tidak ...", "setiap bulan", "setiap lima tahun",
             "hanya di akhir tahun"),
            ("Prinsip Pareto menyatakan sebagian besar hasil berasal dari ...", "sebagian kecil kegiatan",
             "semua kegiatan sama rata", "kegiatan rutin saja"),
        ],
    ),
    "literasi-digital": (
        "tes-literasi-digital",
        "Tes Pengetahuan Literasi Digital Layanan Publik (pre/post)",
        [
            ("Tanda tangan elektronik tersertifikasi di Indonesia diterbitkan melalui ...", "BSrE/PSrE",
             "kantor pos", "notaris"),
            ("Data pribadi warga dilindungi terutama oleh ...", "UU No. 27 Tahun 2022", "UU No. 5 Tahun 2014",
             "PP No. 11 Tahun 2017"),
            ("Antrean daring membantu warga karena ...", "mengurangi waktu menunggu di loket",
             "menghapus loket", "mewajibkan datang lebih pagi"),
            ("Kanal pengaduan pelayanan publik nasional adalah ...", "SP4N-LAPOR!", "e-Kinerja", "SIPD"),
            ("Kata sandi yang kuat sebaiknya ...", "panjang dan unik per layanan", "sama untuk semua aplikasi",
             "ditulis di meja"),
            ("Tautan mencurigakan di pesan WhatsApp sebaiknya ...", "tidak dibuka dan dilaporkan",
             "diteruskan ke rekan", "dibuka untuk dicek"),
            ("Sistem Pemerintahan Berbasis Elektronik disingkat ...", "SPBE", "SAKIP", "SIASN"),
            ("Warga lansia yang kesulitan aplikasi sebaiknya ...", "dipandu langkah demi langkah",
             "diminta pulang", "diarahkan ke kantor lain"),
            ("Berkas layanan yang dipindai sebaiknya disimpan dalam format ...", "PDF", "BMP", "TXT"),
            ("Survei kepuasan daring berguna untuk ...", "memperbaiki layanan dari masukan warga",
             "menilai kinerja pribadi petugas", "menggantikan SKM"),
        ],
    ),
}


def knowledge_test_spec(program: str) -> dict[str, Any]:
    """The instrument spec (as tilik/surveys/data/*.json) of one programme's pre/post test."""
    code, title, rows = _QUESTIONS[program]
    questions = []
    for i, (text, right, *wrong) in enumerate(rows, start=1):
        options = [(right, True)] + [(w, False) for w in wrong]
        shift = i % len(options)  # the key moves between positions a-c
        options = options[shift:] + options[:shift]
        questions.append(
            {
                "code": f"T{i}",
                "type": "single",
                "text": text,
                "points": 10,
                "required": True,
                "choices": [
                    {"value": "abc"[j], "label": label, "correct": ok} for j, (label, ok) in enumerate(options)
                ],
            }
        )
    return {
        "code": code,
        "kind": "tes",
        "title": title,
        "description": "Tes yang sama dipakai sebagai pre-test dan post-test. Setiap soal benar bernilai 10.",
        "sections": [{"title": "Soal", "questions": questions}],
    }
