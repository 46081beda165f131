"""Code lists for instruments, waves and responses, and the fixed answer wordings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    REAKSI = "reaksi", _("Level 1 — reaksi")
    TES = "tes", _("Level 2 — tes pengetahuan")
    PERILAKU = "perilaku", _("Level 3 — perilaku (360°)")
    IKM = "ikm", _("Survei Kepuasan Masyarakat (SKM/IKM)")
    ALASAN = "alasan", _("Alasan tidak mengikuti pelatihan")
    LAINNYA = "lainnya", _("Lainnya")


class QuestionType(models.TextChoices):
    LIKERT = "likert", _("Skala Likert")
    SINGLE = "single", _("Pilihan tunggal")
    MULTIPLE = "multiple", _("Pilihan ganda (boleh lebih dari satu)")
    NUMBER = "number", _("Angka")
    SHORT_TEXT = "short_text", _("Teks pendek")
    LONG_TEXT = "long_text", _("Teks panjang")
    DATE = "date", _("Tanggal")
    RATING = "rating", _("Nilai 0–10")
    TIME = "time", _("Jam")
    DATETIME = "datetime", _("Tanggal dan jam")
    CALCULATE = "calculate", _("Hitungan (tersembunyi)")
    ACKNOWLEDGE = "acknowledge", _("Persetujuan (OK)")
    RANK = "rank", _("Peringkat")


CHOICE_TYPES = {QuestionType.LIKERT, QuestionType.SINGLE, QuestionType.MULTIPLE}
LIKERT_POINTS = (4, 5, 6, 7)


class Anonymity(models.TextChoices):
    ANONIM = "anonim", _("Anonim (tanpa kaitan ke orang)")
    RAHASIA = "rahasia", _("Rahasia (kunci peserta tersamar)")


class Audience(models.TextChoices):
    INVITED = "invited", _("Undangan pribadi (token)")
    PUBLIC = "public", _("Publik (tautan/QR, tanpa login)")


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Diterbitkan")
    CLOSED = "closed", _("Ditutup")


class TestPhase(models.TextChoices):
    NONE = "", _("—")
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class RaterGroup(models.TextChoices):
    SELF = "diri", _("Peserta/alumni (diri sendiri)")
    SUPERVISOR = "atasan", _("Atasan langsung")
    PEER = "rekan", _("Rekan kerja")


class IKMUnsur(models.TextChoices):
    U1 = "U1", "U1 Persyaratan"
    U2 = "U2", "U2 Sistem, Mekanisme, dan Prosedur"
    U3 = "U3", "U3 Waktu Penyelesaian"
    U4 = "U4", "U4 Biaya/Tarif"
    U5 = "U5", "U5 Produk Spesifikasi Jenis Pelayanan"
    U6 = "U6", "U6 Kompetensi Pelaksana"
    U7 = "U7", "U7 Perilaku Pelaksana"
    U8 = "U8", "U8 Penanganan Pengaduan, Saran dan Masukan"
    U9 = "U9", "U9 Sarana dan Prasarana"


# Likert label sets (Bahasa Indonesia, English) by number of points. Values run 1..k.
LIKERT_LABELS: dict[int, list[tuple[str, str]]] = {
    4: [
        ("Sangat tidak setuju", "Strongly disagree"),
        ("Tidak setuju", "Disagree"),
        ("Setuju", "Agree"),
        ("Sangat setuju", "Strongly agree"),
    ],
    5: [
        ("Sangat tidak setuju", "Strongly disagree"),
        ("Tidak setuju", "Disagree"),
        ("Netral", "Neutral"),
        ("Setuju", "Agree"),
        ("Sangat setuju", "Strongly agree"),
    ],
    6: [
        ("Sangat tidak setuju", "Strongly disagree"),
        ("Tidak setuju", "Disagree"),
        ("Agak tidak setuju", "Somewhat disagree"),
        ("Agak setuju", "Somewhat agree"),
        ("Setuju", "Agree"),
        ("Sangat setuju", "Strongly agree"),
    ],
    7: [
        ("Sangat tidak setuju", "Strongly disagree"),
        ("Tidak setuju", "Disagree"),
        ("Agak tidak setuju", "Somewhat disagree"),
        ("Netral", "Neutral"),
        ("Agak setuju", "Somewhat agree"),
        ("Setuju", "Agree"),
        ("Sangat setuju", "Strongly agree"),
    ],
}
