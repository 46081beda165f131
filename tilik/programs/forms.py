"""Forms for budget, certificates, participation strategies and the allocation planner (parse only)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit
from tilik.programs import pay_reference
from tilik.programs.choices import CompetencyType
from tilik.programs.choices_participation import InterventionKind, ReminderArm
from tilik.programs.models import MAX_CERTIFICATE_JP, BenefitAssumption, Offering

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BudgetImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas realisasi (.xlsx atau .csv)"))


class BenefitAssumptionForm(forms.ModelForm):
    golongan_basis = forms.ChoiceField(
        label=_("Golongan ASN yang waktunya dihemat"),
        required=False,
        choices=[("", _("— tanpa tabel golongan —")), *((g, g) for g in pay_reference.GOLONGAN)],
        help_text=_(
            "Biaya per jam = (gaji pokok PP 5/2024 + tunjangan) ÷ (21 hari kerja × 7,5 jam). "
            "PPPK atau angka sendiri: isi biaya per jam."
        ),
    )
    monthly_allowance = forms.DecimalField(
        localize=True,
        label=_("Tunjangan per bulan (Rp), opsional"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=0,
        help_text=_(
            "Kosongkan untuk asumsi bawaan (tunjangan keluarga, pangan dan umum, tanpa TPP); "
            "isi untuk mengganti, mis. menambahkan TPP daerah."
        ),
    )
    hourly_cost = forms.DecimalField(
        localize=True,
        label=_("Biaya per jam ASN (Rp)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("Kosongkan bila golongan dipilih: biaya per jam dihitung dari tabel gaji."),
    )

    class Meta:
        model = BenefitAssumption
        fields = [
            "description",
            "hours_saved_per_participant",
            "golongan_basis",
            "monthly_allowance",
            "hourly_cost",
            "isolation",
            "confidence",
            "outcome_label",
            "outcome_change",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        localized_fields = "__all__"  # Indonesian decimals: 0,5 and 60.000


class CertificateUploadForm(forms.Form):
    title = forms.CharField(label=_("Nama kegiatan"), max_length=255)
    provider = forms.CharField(label=_("Penyelenggara"), max_length=200)
    competency_type = forms.ChoiceField(
        label=_("Jenis kompetensi"), required=False, choices=[("", "—"), *CompetencyType.choices]
    )
    jp = forms.DecimalField(
        localize=True,
        label=_("JP"),
        max_digits=6,
        decimal_places=2,
        help_text=_("1 JP = 45 menit; paling banyak %(m)s JP.") % {"m": MAX_CERTIFICATE_JP},
    )
    completed_on = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    file = forms.FileField(label=_("Berkas sertifikat (PDF, JPG atau PNG)"))


class CertificateEditForm(CertificateUploadForm):
    file = forms.FileField(label=_("Ganti berkas (PDF, JPG atau PNG), opsional"), required=False)


class CertificateReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", _("Verifikasi")), ("reject", _("Tolak"))])
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis strategi"), choices=InterventionKind.choices)
    offering = forms.ModelChoiceField(
        label=_("Angkatan"),
        required=False,
        queryset=Offering.objects.select_related("program").order_by("-start_date"),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.filter(active=True))
    started_on = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExperimentForm(forms.Form):
    offering = forms.ModelChoiceField(
        label=_("Angkatan"), queryset=Offering.objects.select_related("program").order_by("-start_date")
    )
    arms = forms.MultipleChoiceField(
        label=_("Strategi pengingat yang diuji (selain kontrol)"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(v, label) for v, label in ReminderArm.choices if v != ReminderArm.CONTROL],
    )
    seed = forms.IntegerField(label=_("Seed (kosongkan untuk acak)"), required=False, min_value=0)
    name = forms.CharField(label=_("Nama eksperimen"), max_length=200, required=False)


class RupiahField(forms.DecimalField):
    """Whole rupiah: shown without decimals, and '558.000.000,0' (a whole number written with a zero
    fraction) is read as 558.000.000 instead of failing "no decimals allowed"."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def prepare_value(self, value: object) -> object:
        try:
            number = Decimal(str(value))
        except (ArithmeticError, ValueError):
            return value
        return int(number) if number.is_finite() and number == number.to_integral_value() else value

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("Rp", "").strip()
        number = super().to_python(value)
        if number is not None and number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number


class PlannerForm(forms.Form):
    ceiling = RupiahField(label=_("Pagu tahun depan (Rp)"), min_value=Decimal(1), max_digits=16)
    objective = forms.ChoiceField(
        label=_("Tujuan"),
        choices=[
            ("impact", _("Dampak harapan terbesar")),
            ("conservative", _("Dampak batas bawah (hati-hati terhadap ketidakpastian)")),
            ("jp", _("Cakupan JP-peserta terbesar")),
        ],
    )
    effect_unit = forms.CharField(
        label=_("Satuan efek per peserta"),
        max_length=120,
        required=False,
        help_text=_(
            "Satu ukuran untuk semua kandidat, mis. \"jam (Waktu penyelesaian tugas)\": dampak harapan adalah "
            "efek × peserta dalam satuan ini. Wajib untuk tujuan dampak."
        ),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("objective") in ("impact", "conservative") and not data.get("effect_unit"):
            self.add_error("effect_unit", _("Isi satuan efek: dampak tanpa satuan tidak dapat dibaca."))
        return data


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Program"), max_length=200)
    cost_per_participant = RupiahField(label=_("Biaya/peserta (Rp)"), min_value=Decimal(1), max_digits=14)
    reach = forms.IntegerField(label=_("Jangkauan maks."), min_value=0)
    jp = forms.DecimalField(
        localize=True, label=_("JP"), min_value=Decimal(0), max_digits=6, decimal_places=1
    )
    # No initial 0: a programme without an estimate must not enter the plan as "effect 0 ± 0".
    effect = forms.DecimalField(localize=True, label=_("Efek/peserta"), max_digits=12, decimal_places=3)
    effect_se = forms.DecimalField(
        localize=True, label=_("SE efek"), min_value=Decimal(0), max_digits=12, decimal_places=3
    )
    fixed_cost = RupiahField(
        label=_("Biaya tetap (Rp)"), min_value=Decimal(0), max_digits=14, initial=0, required=False
    )
    min_participants = forms.IntegerField(label=_("Min. peserta"), min_value=0, initial=0, required=False)
    # The stored evaluation run the effect was prefilled from; the view checks it is unchanged.
    run = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


# Room for every programme of a year plus the two blank rows (the prefilled page must post back as it is).
CandidateFormSet = forms.formset_factory(CandidateForm, extra=2, max_num=100, validate_max=True)
