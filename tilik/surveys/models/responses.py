"""Responses and answers.

Neither table has a foreign key or column that leads to an invitation, token
or person, and no time finer than the date. Primary keys are random UUIDs so
that row order cannot be matched with the order in which tokens were used.
Confidential (rahasia) waves add a pseudonymous ``participant_key``. Public waves add the salted hash of
the respondent's device token (``device_key``, never the token) and, when the response is part of a
suspicious burst, that burst and whether the evaluator excluded it (models.bursts).

Every read that counts responses (results, IKM, snapshots, exports, reports) starts from
``Response.objects.counted()`` or ``Answer.objects.counted()``: excluded responses are left out there, once.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tilik.surveys.choices import RaterGroup


class ResponseQuerySet(models.QuerySet["Response"]):
    def counted(self) -> ResponseQuerySet:
        """The responses that count: all but those the evaluator excluded as a suspicious burst."""
        return self.filter(excluded=False)


class AnswerQuerySet(models.QuerySet["Answer"]):
    def counted(self) -> AnswerQuerySet:
        """Answers of the responses that count (ResponseQuerySet.counted)."""
        return self.filter(response__excluded=False)


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(
        "surveys.Wave", on_delete=models.PROTECT, related_name="responses", verbose_name=_("gelombang")
    )
    version = models.ForeignKey(
        "surveys.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("versi instrumen"),
    )
    submitted_on = models.DateField(_("tanggal"))
    rater_group = models.CharField(
        _("kelompok penilai"), max_length=10, choices=RaterGroup.choices, blank=True
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    participant_key = models.CharField(_("kunci peserta"), max_length=32, blank=True, db_index=True)
    score = models.DecimalField(_("skor"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("skor maksimum"), max_digits=8, decimal_places=2, null=True, blank=True)
    # Public waves: HMAC of the device token kept in the respondent's browser storage, salted per wave, so
    # responses of one device can be counted without cookies, and never matched across waves.
    device_key = models.CharField(_("kunci perangkat"), max_length=64, blank=True, default="", db_default="")
    burst = models.ForeignKey(
        "surveys.Burst",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("lonjakan mencurigakan"),
    )
    excluded = models.BooleanField(_("dikeluarkan dari hasil"), default=False, db_default=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("respons")
        verbose_name_plural = _("respons")
        ordering = ["wave", "submitted_on"]
        indexes = [models.Index(fields=["wave", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.wave} {self.submitted_on}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: answer_unique_choice starts with response and serves those lookups,
    # and one index fewer makes each submission's 20-30 answer inserts cheaper.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("respons"), db_index=False
    )
    # No single-column indexes on question and choice either: answers are read through their
    # responses (by wave); only deleting a question or choice of a version without responses looks
    # answers up by these columns. Nor database foreign-key checks: a version's questions and choices
    # do not change once it has responses (editing makes a new version) and Django's PROTECT refuses
    # their deletion; the checks were two trigger lookups per answer at every commit, a third of the
    # database's work for a submission (bench/survey_submissions.py).
    question = models.ForeignKey(
        "surveys.Question",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("pertanyaan"),
        db_index=False,
        db_constraint=False,
    )
    choice = models.ForeignKey(
        "surveys.Choice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("pilihan"),
        db_index=False,
        db_constraint=False,
    )
    number = models.DecimalField(_("angka"), max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("teks"), blank=True)
    date = models.DateField(_("tanggal"), null=True, blank=True)
    # Iteration of a repeat group (Section.repeat), 0 outside repeats.
    repeat_index = models.PositiveSmallIntegerField(_("isian ke-"), default=0, db_default=0)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice", "repeat_index"], name="answer_unique_choice"
            ),
            models.UniqueConstraint(
                fields=["response", "question", "repeat_index"],
                condition=models.Q(choice__isnull=True),
                name="answer_unique_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.number or self.date or self.text[:40]}"
