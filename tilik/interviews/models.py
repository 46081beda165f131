"""Interviews with unit leaders, their transcripts, codebooks, coded segments and keyword suggestions.

Transcripts are personal data (UU PDP): only evaluators and admins read them, uploaded
files live under MEDIA_ROOT (never under static) and are served by a view that checks
the role first. Segments point into the transcript text by character offsets
(Python code points, ``text[start:end]``) and keep the quoted text as well.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tilik.interviews.guides import GUIDE_CHOICES

color_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Warna harus berbentuk #RRGGBB."))


def _private_path(folder: str, filename: str) -> str:
    # Random names: the original file name may contain the interviewee's name.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"interviews/{folder}/{uuid.uuid4().hex}{suffix}"


def transcript_upload_to(instance: Any, filename: str) -> str:
    return _private_path("transkrip", filename)


def audio_upload_to(instance: Any, filename: str) -> str:
    return _private_path("audio", filename)


class IntervieweeRole(models.TextChoices):
    PIMPINAN_OPD = "pimpinan_opd", _("Pimpinan OPD")
    KEPALA_PUSKESMAS = "kepala_puskesmas", _("Kepala puskesmas")
    ATASAN_LANGSUNG = "atasan_langsung", _("Atasan langsung")
    ALUMNI = "alumni", _("Alumni pelatihan")
    LAINNYA = "lainnya", _("Lainnya")


class Interview(models.Model):
    code = models.CharField(
        _("kode wawancara"), max_length=30, unique=True, help_text=_("Kode singkat tanpa nama, mis. W-01.")
    )
    role = models.CharField(_("peran narasumber"), max_length=20, choices=IntervieweeRole.choices)
    interviewee_name = models.CharField(
        _("nama narasumber"),
        max_length=200,
        blank=True,
        help_text=_("Data pribadi: tidak pernah ditampilkan dalam kutipan atau laporan."),
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    programs = models.ManyToManyField(
        "programs.Program", blank=True, related_name="+", verbose_name=_("program yang dievaluasi")
    )
    held_on = models.DateField(_("tanggal wawancara"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pewawancara"),
    )
    guide = models.CharField(_("panduan wawancara"), max_length=40, choices=GUIDE_CHOICES, blank=True)
    consent = models.BooleanField(_("persetujuan narasumber tercatat"), default=False)
    consent_note = models.CharField(
        _("catatan persetujuan"),
        max_length=255,
        blank=True,
        help_text=_("Mis. lisan, direkam di menit awal; atau formulir bertanda tangan."),
    )
    notes = models.TextField(_("catatan pewawancara"), blank=True)
    audio = models.FileField(_("rekaman audio"), upload_to=audio_upload_to, blank=True, max_length=200)
    audio_name = models.CharField(_("nama berkas audio"), max_length=255, blank=True)
    # Accounts with the pengode role that may read and code this transcript (and nothing else).
    coders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coded_interviews",
        verbose_name=_("pengode yang ditugaskan"),
        limit_choices_to={"profile__role": "pengode"},
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("wawancara")
        verbose_name_plural = _("wawancara")
        ordering = ["-held_on", "code"]

    def __str__(self) -> str:
        return self.code


class Transcript(models.Model):
    class Source(models.TextChoices):
        PASTE = "tempel", _("Ditempel")
        TXT = "txt", _("Berkas .txt")
        DOCX = "docx", _("Berkas .docx")
        ODT = "odt", _("Berkas .odt")

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="transcript", verbose_name=_("wawancara")
    )
    text = models.TextField(_("teks transkrip"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    original = models.FileField(_("berkas asli"), upload_to=transcript_upload_to, blank=True, max_length=200)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("transkrip")
        verbose_name_plural = _("transkrip")

    def __str__(self) -> str:
        return f"{self.interview.code}"


class Codebook(models.Model):
    """The codes of one evaluation (optionally tied to one programme)."""

    name = models.CharField(_("nama buku kode"), max_length=200, unique=True)
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    description = models.TextField(_("keterangan"), blank=True)
    origin = models.CharField(
        _("asal"), max_length=200, blank=True, help_text=_("Aplikasi asal untuk buku kode hasil impor.")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("buku kode")
        verbose_name_plural = _("buku kode")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Code(models.Model):
    codebook = models.ForeignKey(
        Codebook, on_delete=models.CASCADE, related_name="codes", verbose_name=_("buku kode")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("kode induk"),
    )
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4)
    name = models.CharField(_("nama kode"), max_length=120)
    description = models.TextField(_("definisi"), blank=True)
    # Blank = no colour: a code imported without one stays without one (REFI-QDA colour is optional).
    color = models.CharField(
        _("warna"), max_length=7, default="#4E79A7", blank=True, validators=[color_validator]
    )
    is_codable = models.BooleanField(
        _("dapat dipakai mengode"),
        default=True,
        help_text=_("Kode yang hanya mengelompokkan kode lain (REFI-QDA isCodable=false)."),
    )
    keywords = models.TextField(
        _("kata kunci"),
        blank=True,
        help_text=_("Kata kunci bahasa Indonesia untuk saran, pisahkan dengan koma."),
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kode")
        verbose_name_plural = _("kode")
        ordering = ["codebook", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["codebook", "name"], name="code_unique_name_per_codebook"),
            models.UniqueConstraint(fields=["codebook", "guid"], name="code_unique_guid_per_codebook"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace("\n", ",").split(",") if k.strip()]


class CodeSet(models.Model):
    """A named group of codes across the hierarchy (REFI-QDA <Set>), kept so an exchange loses nothing."""

    codebook = models.ForeignKey(
        Codebook, on_delete=models.CASCADE, related_name="code_sets", verbose_name=_("buku kode")
    )
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4)
    name = models.CharField(_("nama himpunan kode"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    codes = models.ManyToManyField(Code, related_name="code_sets", blank=True, verbose_name=_("kode"))

    class Meta:
        verbose_name = _("himpunan kode")
        verbose_name_plural = _("himpunan kode")
        ordering = ["codebook", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["codebook", "guid"], name="codeset_unique_guid_per_codebook"),
        ]

    def __str__(self) -> str:
        return self.name


class Segment(models.Model):
    """A coded passage: text[start:end] of a transcript, coded by one coder with one or more codes."""

    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="segments", verbose_name=_("transkrip")
    )
    codebook = models.ForeignKey(
        Codebook, on_delete=models.CASCADE, related_name="segments", verbose_name=_("buku kode")
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pengode")
    )
    start = models.PositiveIntegerField(_("awal"))
    end = models.PositiveIntegerField(_("akhir"))
    quote = models.TextField(_("kutipan"))
    codes = models.ManyToManyField(Code, related_name="segments", verbose_name=_("kode"))
    memo = models.TextField(_("memo"), blank=True)
    starred = models.BooleanField(_("kutipan pilihan untuk laporan"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("segmen berkode")
        verbose_name_plural = _("segmen berkode")
        ordering = ["transcript", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="segment_not_empty"),
            models.UniqueConstraint(
                fields=["transcript", "codebook", "coder", "start", "end"],
                name="segment_unique_span_per_coder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transcript} [{self.start}:{self.end}]"


class Suggestion(models.Model):
    """A sentence that matched a code's keyword; a coder accepts or rejects it (never applied silently)."""

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu")
        ACCEPTED = "diterima", _("Diterima")
        REJECTED = "ditolak", _("Ditolak")

    code = models.ForeignKey(
        Code, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("kode")
    )
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("transkrip")
    )
    start = models.PositiveIntegerField(_("awal"))
    end = models.PositiveIntegerField(_("akhir"))
    keyword = models.CharField(_("kata kunci"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("segmen")
    )

    class Meta:
        verbose_name = _("saran kode")
        verbose_name_plural = _("saran kode")
        ordering = ["transcript", "start", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="suggestion_not_empty"),
            models.UniqueConstraint(fields=["code", "transcript", "start", "end"], name="suggestion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} @ {self.transcript} [{self.start}:{self.end}]"
