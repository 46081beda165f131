"""Instruments and their versions: sections, questions and answer choices.

A version is immutable once a response refers to it; the builder's services
copy it into a new version before an edit (responses keep theirs).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tilik.surveys.choices import IKMUnsur, InstrumentKind, QuestionType


def other_languages_field() -> models.JSONField:
    """Texts in languages beyond Indonesian and English (from XLSForm), kept so an export gives them back."""
    return models.JSONField(
        _("bahasa lain"),
        default=dict,
        blank=True,
        help_text=_(
            "Teks dalam bahasa selain Indonesia dan Inggris, dari XLSForm: "
            '{"label": {"Français (fr)": "..."}}.'
        ),
    )


class Instrument(models.Model):
    code = models.SlugField(_("kode"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    title_en = models.CharField(_("judul (Inggris)"), max_length=200, blank=True)
    kind = models.CharField(
        _("jenis"), max_length=12, choices=InstrumentKind.choices, default=InstrumentKind.LAINNYA
    )
    description = models.TextField(
        _("catatan internal"), blank=True, help_text=_("Untuk evaluator; tidak pernah ditampilkan kepada responden.")
    )
    # Respondent pages (token links, the public IKM link) show this and never the internal note above.
    intro = models.TextField(
        _("pengantar untuk responden"),
        blank=True,
        help_text=_("Ditampilkan di atas formulir kepada responden, termasuk warga pada survei publik."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    other_languages = other_languages_field()
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("instrumen")
    )
    number = models.PositiveSmallIntegerField(_("versi"), validators=[MinValueValidator(1)])
    note = models.CharField(_("catatan perubahan"), max_length=255, blank=True)
    revision = models.PositiveIntegerField(
        _("revisi"),
        default=0,
        editable=False,
        help_text=_("Naik setiap kali isi versi diubah; kunci cache struktur formulir."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("versi instrumen")
        verbose_name_plural = _("versi instrumen")
        ordering = ["instrument", "-number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.instrument.title} v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("versi")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("judul bagian"), max_length=200)
    title_en = models.CharField(_("judul bagian (Inggris)"), max_length=200, blank=True)
    intro = models.TextField(_("pengantar"), blank=True)
    # XLSForm group logic: relevance of the whole group, and repeat groups (answers carry Answer.repeat_index).
    relevant = models.TextField(
        _("tampil jika (ekspresi)"), blank=True, help_text=_("Ekspresi XPath ODK dengan ${nama}, mis. ${umur} >= 18.")
    )
    repeat = models.BooleanField(_("bagian berulang"), default=False)
    repeat_count = models.CharField(
        _("jumlah ulangan"),
        max_length=255,
        blank=True,
        help_text=_("Angka atau ekspresi (jr:count); kosong = responden menambah isian sendiri."),
    )
    repeat_max = models.PositiveSmallIntegerField(_("ulangan paling banyak"), default=10)
    other_languages = other_languages_field()

    class Meta:
        verbose_name = _("bagian")
        verbose_name_plural = _("bagian")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("versi")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("bagian")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    code = models.SlugField(
        _("kode butir"),
        max_length=40,
        help_text=_("Nama kolom di ekspor dan analisis, mis. L1_MATERI_3 atau U3."),
    )
    qtype = models.CharField(_("jenis pertanyaan"), max_length=12, choices=QuestionType.choices)
    text = models.TextField(_("pertanyaan"))
    text_en = models.TextField(_("pertanyaan (Inggris)"), blank=True)
    text_by_rater = models.JSONField(
        _("kalimat per kelompok penilai"),
        default=dict,
        blank=True,
        help_text=_('Untuk 360°: {"atasan": "...", "rekan": "..."}; kosong = kalimat utama.'),
    )
    help_text = models.CharField(_("petunjuk"), max_length=255, blank=True)
    required = models.BooleanField(_("wajib"), default=True)
    scale_points = models.PositiveSmallIntegerField(
        _("jumlah titik skala"),
        null=True,
        blank=True,
        validators=[MinValueValidator(4), MaxValueValidator(7)],
    )
    construct = models.SlugField(_("konstruk/skala"), max_length=40, blank=True)
    reverse_keyed = models.BooleanField(_("butir terbalik"), default=False)
    ikm_unsur = models.CharField(_("unsur IKM"), max_length=2, choices=IKMUnsur.choices, blank=True)
    min_value = models.DecimalField(
        _("nilai minimum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("nilai maksimum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("bobot skor (tes)"), default=0)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tampilkan jika pertanyaan"),
    )
    show_if_values = models.JSONField(_("… berjawab salah satu dari"), default=list, blank=True)
    # XLSForm logic, ODK XPath with ${name} references, evaluated by tilik.surveys.expr (server and browser).
    relevant = models.TextField(_("tampil jika (ekspresi)"), blank=True)
    constraint = models.TextField(_("batasan (ekspresi)"), blank=True, help_text=_("'.' adalah jawaban ini."))
    constraint_message = models.CharField(_("pesan bila batasan tidak dipenuhi"), max_length=255, blank=True)
    calculation = models.TextField(_("rumus hitungan"), blank=True)
    default = models.CharField(_("jawaban bawaan"), max_length=255, blank=True)
    choice_filter = models.TextField(
        _("saringan pilihan (ekspresi)"),
        blank=True,
        help_text=_("Dievaluasi per pilihan; nama tanpa ${} merujuk ke kolom pilihan itu."),
    )
    appearance = models.CharField(_("tampilan (appearance)"), max_length=80, blank=True)
    other_languages = other_languages_field()

    class Meta:
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        ordering = ["version", "section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_unique_code_per_version"),
            models.CheckConstraint(
                condition=~Q(qtype="likert") | Q(scale_points__gte=4, scale_points__lte=7),
                name="question_likert_has_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    def text_for(self, rater_group: str = "") -> str:
        return (self.text_by_rater or {}).get(rater_group) or self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("pertanyaan")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    value = models.CharField(_("kode jawaban"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label (Inggris)"), max_length=200, blank=True)
    score = models.IntegerField(_("nilai"), null=True, blank=True)
    is_correct = models.BooleanField(_("kunci jawaban"), default=False)
    filters = models.JSONField(
        _("kolom saringan"),
        default=dict,
        blank=True,
        help_text=_("Kolom tambahan lembar choices (atau berkas CSV), dipakai choice_filter."),
    )
    other_languages = other_languages_field()

    class Meta:
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        ordering = ["question", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="choice_unique_value")]

    def __str__(self) -> str:
        return self.label
