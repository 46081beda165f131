"""Waves (an instrument version in the field for a programme, offering or service unit) and invitations.

Token storage: the invitation keeps a random ``nonce`` and the SHA-256 hash of
its token; the token itself is ``HMAC(SECRET_KEY, pk:nonce)`` (tilik.surveys.tokens),
so a copy of the database alone does not reveal any working link, yet the same
personal link can be sent again (e-mail, WhatsApp list, reminder). Rotating
the nonce revokes a link; rotating SECRET_KEY revokes them all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tilik.surveys.choices import Anonymity, Audience, RaterGroup, TestPhase, WaveStatus
from tilik.surveys.models.reminders import validate_reminder_days


class Wave(models.Model):
    version = models.ForeignKey(
        "surveys.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="waves",
        verbose_name=_("versi instrumen"),
    )
    title = models.CharField(_("judul gelombang"), max_length=200)
    audience = models.CharField(_("sasaran"), max_length=10, choices=Audience.choices, default=Audience.INVITED)
    anonymity = models.CharField(
        _("mode kerahasiaan"), max_length=10, choices=Anonymity.choices, default=Anonymity.ANONIM
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_waves",
        verbose_name=_("program"),
    )
    offering = models.ForeignKey(
        "programs.Offering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_waves",
        verbose_name=_("angkatan"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_waves",
        verbose_name=_("unit pelayanan"),
    )
    period = models.CharField(_("periode"), max_length=20, blank=True, help_text=_("Mis. 2026 atau 2026-S1."))
    phase = models.CharField(_("fase tes"), max_length=4, choices=TestPhase.choices, blank=True)
    rater_groups = models.JSONField(_("kelompok penilai"), default=list, blank=True)
    opens_at = models.DateTimeField(_("dibuka"))
    closes_at = models.DateTimeField(_("ditutup"))
    status = models.CharField(_("status"), max_length=10, choices=WaveStatus.choices, default=WaveStatus.DRAFT)
    public_slug = models.SlugField(_("kode tautan publik"), max_length=40, unique=True, null=True, blank=True)
    consent_text = models.TextField(_("teks persetujuan"), blank=True)
    # Days after opening on which `tilik jadwal` queues a reminder to invitees who have not answered.
    reminder_days = models.JSONField(_("hari pengingat"), default=list, blank=True, validators=[validate_reminder_days])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("gelombang survei")
        verbose_name_plural = _("gelombang survei")
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="wave_closes_after_opens"),
            models.CheckConstraint(
                condition=~Q(audience="public") | Q(anonymity="anonim"), name="wave_public_is_anonymous"
            ),
            models.CheckConstraint(
                condition=~Q(audience="public") | Q(public_slug__isnull=False), name="wave_public_has_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ParticipantKey(models.Model):
    """Pseudonym of an employee for confidential (rahasia) waves. Only admins see this table."""

    employee = models.OneToOneField(
        "org.Employee", on_delete=models.CASCADE, related_name="survey_key", verbose_name=_("pegawai")
    )
    key = models.CharField(_("kunci peserta"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("kunci peserta (pseudonim)")
        verbose_name_plural = _("kunci peserta (pseudonim)")

    def __str__(self) -> str:
        return self.key


class Invitation(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("gelombang"))
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("responden"),
    )
    subject = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_ratings",
        verbose_name=_("pegawai yang dinilai"),
        help_text=_("Untuk 360°: alumni yang perilakunya dinilai."),
    )
    rater_group = models.CharField(
        _("kelompok penilai"), max_length=10, choices=RaterGroup.choices, default=RaterGroup.SELF
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Unit responden saat diundang (tingkat respons)."),
    )
    name = models.CharField(_("nama"), max_length=200, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    nonce = models.CharField(_("nonce"), max_length=64)
    token_hash = models.CharField(_("hash token"), max_length=64, unique=True)
    sent_on = models.DateField(_("dikirim"), null=True, blank=True)
    reminded_on = models.DateField(_("pengingat terakhir"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("jumlah pengingat"), default=0)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["wave", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "employee", "subject", "rater_group"],
                name="invitation_unique_per_wave_person",
            ),
            # 360°: an atasan or rekan never rates themself (only the self rating has rater = ratee).
            models.CheckConstraint(
                condition=Q(rater_group="diri")
                | Q(subject__isnull=True)
                | Q(employee__isnull=True)
                | ~Q(subject=F("employee")),
                name="invitation_rater_not_ratee",
                violation_error_message=_("Atasan atau rekan penilai tidak boleh sama dengan alumni yang dinilai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.email or self.pk} — {self.wave}"


class TokenUse(models.Model):
    """The fact that an invitation's token was used. Its primary key is the invitation,

    so a second submission with the same token fails on the database. Anonymous
    waves store no date here (a date on both sides would let a rare date link them).
    """

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, primary_key=True, related_name="use", verbose_name=_("undangan")
    )
    used_on = models.DateField(_("tanggal dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemakaian token")
        verbose_name_plural = _("pemakaian token")

    def __str__(self) -> str:
        return f"token {self.invitation_id}"


class Draft(models.Model):
    """Partly filled answers of a token survey; deleted when the response is submitted."""

    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="draft",
        verbose_name=_("undangan"),
    )
    data = models.JSONField(_("jawaban sementara"), default=dict)
    updated_at = models.DateTimeField(_("disimpan"), auto_now=True)

    class Meta:
        verbose_name = _("draf jawaban")
        verbose_name_plural = _("draf jawaban")

    def __str__(self) -> str:
        return f"draf {self.invitation_id}"


class PublicRateCounter(models.Model):
    """Submissions per (salted hash of address and wave) per hour. Never linked to a response;

    the salt changes every day and rows older than a day are deleted.
    """

    key = models.CharField(max_length=64)
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "hour"], name="ratecounter_unique_key_hour")]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}: {self.count}"
