"""Forms of the programme, angkatan and enrolment pages (parse and check; the services write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tilik.org.models import Unit
from tilik.programs.choices import TRANSITIONS, AbsenceReason, DeliveryMode, EnrollmentStatus
from tilik.programs.models import Offering, Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    slug = forms.SlugField(label=_("Kode program (slug)"), max_length=120, required=False,
                           help_text=_("Kosongkan: dibuat dari nama dan tahun, mis. pelayanan-prima-2026."))

    class Meta:
        model = Program
        fields = ["name", "slug", "fiscal_year", "organiser", "competency_type", "method", "jp", "provider",
                  "target_group", "objective"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Unit.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["fiscal_year"].help_text = _("Tahun APBD yang membiayai program.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("slug") and data.get("name") and data.get("fiscal_year"):
            data["slug"] = slugify(f"{data['name']}-{data['fiscal_year']}")[:120]
            if Program.objects.filter(slug=data["slug"]).exclude(pk=self.instance.pk).exists():
                self.add_error("slug", _("Kode %(slug)s sudah dipakai program lain; isi kode yang berbeda.")
                               % {"slug": data["slug"]})
        return data


class OfferingForm(forms.ModelForm):
    class Meta:
        model = Offering
        fields = ["batch", "start_date", "end_date", "mode", "place", "capacity", "facilitators"]
        widgets = {"start_date": DATE, "end_date": DATE, "facilitators": forms.Textarea(attrs={"rows": 2})}
        labels = {"facilitators": _("Pengajar (fasilitator/widyaiswara)")}
        help_texts = {"place": _("Untuk angkatan daring, tulis platformnya, mis. Zoom atau LMS BKPSDM."),
                      "facilitators": _("Satu nama per baris.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model leaves it blank only for angkatan recorded before it existed; every save now names it.
        mode = self.fields["mode"]
        mode.required = True
        mode.choices = [("", _("— pilih moda —")), *DeliveryMode.choices]  # type: ignore[attr-defined]
        mode.error_messages["required"] = _("Pilih moda pelaksanaan: luring, daring atau campuran.")
        if self.instance.pk is None and not self.initial.get("mode"):
            self.initial["mode"] = DeliveryMode.LURING

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class EnrollForm(forms.Form):
    """The ASN ticked on the filtered list, and the status they start with."""

    status = forms.ChoiceField(
        label=_("Daftarkan sebagai"),
        choices=[(EnrollmentStatus.INVITED, _("Diundang")), (EnrollmentStatus.REGISTERED, _("Terdaftar"))],
        initial=EnrollmentStatus.INVITED,
    )
    employees = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True,
                                               error_messages={"required": _("Centang minimal satu ASN.")})

    def __init__(self, *args: Any, candidates: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employees"].choices = [(pk, pk) for pk in candidates]  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Pindah ke angkatan"), queryset=Offering.objects.none())

    def __init__(self, *args: Any, offerings: QuerySet[Offering], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = offerings  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Alasan"), choices=[("", "—"), *AbsenceReason.choices],
                                    error_messages={"required": _("Pilih alasan pembatalan.")})
    reason_text = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StatusGridForm(forms.Form):
    """One row per participant whose status can still change: the next status, a reason, attendance %.

    A row left at "—" is not changed. The services check each move (choices.TRANSITIONS), seats and
    the reason a refusal or absence needs; the view shows their messages on the row.
    """

    def __init__(self, *args: Any, enrollments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for e in enrollments:
            nxt = [(s, EnrollmentStatus(s).label) for s in EnrollmentStatus.values if s in TRANSITIONS[e.status]]
            if not nxt:
                continue
            self.fields[f"status_{e.pk}"] = forms.ChoiceField(
                label=_("Status baru untuk %(name)s") % {"name": e.employee.name},
                choices=[("", "—"), *nxt], required=False)
            self.fields[f"reason_{e.pk}"] = forms.ChoiceField(
                label=_("Alasan untuk %(name)s") % {"name": e.employee.name},
                choices=[("", "—"), *AbsenceReason.choices], required=False)
            self.fields[f"pct_{e.pk}"] = forms.DecimalField(
                label=_("Kehadiran (%%) %(name)s") % {"name": e.employee.name}, required=False,
                min_value=0, max_value=100, decimal_places=2, localize=True,
                initial=e.attendance_pct)  # derived from the session grid when it was recorded
            self.rows.append((e, self[f"status_{e.pk}"], self[f"reason_{e.pk}"], self[f"pct_{e.pk}"]))

    def changes(self) -> list[tuple[Any, str, str, Any]]:
        """(enrollment, new status, reason, attendance %) for each row given a new status."""
        out = []
        for e, status, _reason, _pct in self.rows:
            new = self.cleaned_data.get(status.name)
            if new:
                out.append((e, new, self.cleaned_data.get(f"reason_{e.pk}") or "",
                            self.cleaned_data.get(f"pct_{e.pk}")))
        return out
