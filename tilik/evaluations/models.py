"""Evaluation plans (what to estimate, how) and stored runs (what was estimated, reproducibly)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Design(models.TextChoices):
    PREPOST = "prepost", _("Sebelum–sesudah saja (tanpa pembanding)")
    DID = "did", _("Selisih-dalam-selisih (DiD) dengan kelompok pembanding")
    MATCHED = "matched", _("Pembanding hasil pencocokan (matching)")
    ITS = "its", _("Deret waktu terinterupsi (ITS) untuk unit layanan")
    EVENT_STUDY = "event_study", _("Studi peristiwa untuk angkatan bertahap")


class AnalysisFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")
    ANNUAL = "annual", _("Tahunan")


class UnitTreatedFrom(models.TextChoices):
    LAST = "last", _("Setelah angkatan terakhir stafnya selesai")
    FIRST = "first", _("Setelah angkatan pertama stafnya selesai")


MATCH_CHOICES = [
    ("unit_type", _("jenis unit")),
    ("golongan", _("golongan")),
    ("age_band", _("kelompok umur")),
    ("sex", _("jenis kelamin")),
    ("baseline", _("nilai awal (baseline)")),
]


class EvaluationPlan(models.Model):
    """For one programme (all its fiscal-year editions): outcomes, design and the pre/post windows.

    Participants are ASN who completed an offering of ``programs``. For unit indicators a service unit is
    treated when staff of it completed, from the period after ``unit_treated_from``. Comparison: entities
    of the same kind (units of the same type as the treated ones) with no participant in the window,
    optionally restricted/matched on ``match_on``.
    """

    name = models.CharField(_("nama rencana"), max_length=200)
    programs = models.ManyToManyField("programs.Program", related_name="evaluation_plans", verbose_name=_("program"))
    indicators = models.ManyToManyField(
        "performance.Indicator", related_name="evaluation_plans", verbose_name=_("indikator hasil")
    )
    design = models.CharField(_("desain"), max_length=20, choices=Design.choices)
    frequency = models.CharField(
        _("periode analisis"),
        max_length=10,
        choices=AnalysisFrequency.choices,
        default=AnalysisFrequency.MONTHLY,
    )
    pre_start = models.DateField(_("awal masa sebelum"))
    pre_end = models.DateField(_("akhir masa sebelum"))
    post_start = models.DateField(_("awal masa sesudah"))
    post_end = models.DateField(_("akhir masa sesudah"))
    unit_treated_from = models.CharField(
        _("unit dianggap terlatih"),
        max_length=10,
        choices=UnitTreatedFrom.choices,
        default=UnitTreatedFrom.LAST,
    )
    match_on = models.JSONField(_("cocokkan pada"), default=list, blank=True)
    leads = models.PositiveSmallIntegerField(_("periode sebelum (studi peristiwa)"), default=4)
    lags = models.PositiveSmallIntegerField(_("periode sesudah (studi peristiwa)"), default=4)
    notes = models.TextField(_("catatan"), blank=True)
    # The decision table (docs/panduan-laporan.md) reads only the primary indicator; the others are reported.
    # Without one, a plan with a single indicator uses it; a plan with several has no verdict.
    primary_indicator = models.ForeignKey(
        "performance.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator utama"),
    )
    # In the primary indicator's own unit, as a magnitude (a fall counts for "lower is better"); set before the
    # analysis. Empty: the default per indicator type (analysis.decision.default_mme).
    min_meaningful_effect = models.FloatField(
        _("efek minimum bermakna"),
        null=True,
        blank=True,
        help_text=_(
            "Perubahan terkecil pada indikator utama yang layak diperjuangkan, dalam satuan indikator. "
            "Kosongkan untuk memakai nilai bawaan: 5 poin persen, 5 % rentang skala, atau 10 % rata-rata awal."
        ),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rencana evaluasi")
        verbose_name_plural = _("rencana evaluasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(pre_end__gte=F("pre_start")), name="plan_pre_window_ordered"),
            models.CheckConstraint(condition=Q(post_end__gte=F("post_start")), name="plan_post_window_ordered"),
            models.CheckConstraint(condition=Q(post_start__gt=F("pre_end")), name="plan_post_after_pre"),
            models.CheckConstraint(
                condition=Q(min_meaningful_effect__isnull=True) | Q(min_meaningful_effect__gt=0),
                name="plan_mme_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationRun(models.Model):
    """One estimate, with everything needed to reproduce it (analysis version, parameters, input counts,
    and the SHA-256 of the analysis frame)."""

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="runs", verbose_name=_("rencana"))
    indicator = models.ForeignKey(
        "performance.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("indikator")
    )
    design = models.CharField(_("desain"), max_length=20, choices=Design.choices)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    analysis_version = models.CharField(_("versi analysis"), max_length=20)
    method = models.CharField(_("metode"), max_length=200, blank=True)
    estimate = models.FloatField(_("estimasi"), null=True, blank=True)
    se = models.FloatField(_("galat baku"), null=True, blank=True)
    ci_low = models.FloatField(_("batas bawah IK 95%"), null=True, blank=True)
    ci_high = models.FloatField(_("batas atas IK 95%"), null=True, blank=True)
    p_value = models.FloatField(_("nilai p"), null=True, blank=True)
    n = models.PositiveIntegerField(_("n"), default=0)
    warnings = models.JSONField(_("peringatan"), default=list, blank=True)
    interpretation = models.TextField(_("interpretasi"), blank=True)
    interpretation_en = models.TextField(_("interpretasi (Inggris)"), blank=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    input_counts = models.JSONField(_("jumlah masukan"), default=dict, blank=True)
    input_sha256 = models.CharField(_("SHA-256 data masukan"), max_length=64)
    naive = models.JSONField(_("sebelum–sesudah naif"), default=dict, blank=True)
    result = models.JSONField(_("hasil lengkap"), default=dict, blank=True)
    series = models.JSONField(_("deret grafik"), default=dict, blank=True)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("hasil evaluasi")
        verbose_name_plural = _("hasil evaluasi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.indicator} · {self.at:%Y-%m-%d %H:%M}"
