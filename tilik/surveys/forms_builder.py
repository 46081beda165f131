"""Forms for the evaluator screens: instrument builder, waves, XLSForm upload."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tilik.org.models import Unit
from tilik.programs.models import Offering, Program
from tilik.surveys.choices import (
    Anonymity,
    Audience,
    IKMUnsur,
    InstrumentKind,
    QuestionType,
    RaterGroup,
    TestPhase,
)
from tilik.surveys.models.reminders import MAX_REMINDER_DAY


class InstrumentForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Kode"), max_length=80)
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Judul (Inggris)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=InstrumentKind.choices)
    description = forms.CharField(
        label=gettext_lazy("Catatan internal"),
        help_text=gettext_lazy("Untuk evaluator; tidak pernah ditampilkan kepada responden."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    intro = forms.CharField(
        label=gettext_lazy("Pengantar untuk responden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label=gettext_lazy("Templat"))
    code = forms.SlugField(label=gettext_lazy("Kode instrumen baru"), max_length=80)

    def __init__(self, *args: Any, names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["template"])
        field.choices = [(n, n) for n in names]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class XLSFormUploadForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label=gettext_lazy("Berkas XLSForm (.xlsx atau .xls)"))
    code = forms.SlugField(label=gettext_lazy("Kode instrumen baru"), max_length=80)
    attachments = MultipleFileField(
        label=gettext_lazy("Berkas pilihan (.csv), bila ada"),
        required=False,
        help_text=gettext_lazy("Untuk pertanyaan select_one_from_file: lampirkan CSV dengan nama yang sama."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(gettext_lazy("Berkas XLSForm lebih dari 5 MB."))
        return upload

    def clean_attachments(self) -> dict[str, bytes]:
        uploads = self.cleaned_data.get("attachments") or []
        if sum(u.size for u in uploads) > self.MAX_BYTES:
            raise forms.ValidationError(gettext_lazy("Berkas pilihan lebih dari 5 MB."))
        return {u.name: u.read() for u in uploads}


class SectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul bagian"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Judul (Inggris)"), max_length=200, required=False)
    intro = forms.CharField(label=gettext_lazy("Pengantar"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


def parse_choices(text: str) -> list[dict[str, Any]]:
    """One choice per line: ``kode | label | nilai | benar`` (only the label is required)."""
    out: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.split("|")]
        if not any(parts):
            continue
        if len(parts) == 1:
            parts = [str(n), parts[0]]
        score: int | None = None
        if len(parts) > 2 and parts[2]:
            try:
                score = int(parts[2])
            except ValueError:
                raise forms.ValidationError(_("Baris %(n)s: nilai harus bilangan bulat.") % {"n": n}) from None
        out.append(
            {
                "value": parts[0],
                "label": parts[1],
                "score": score,
                "correct": len(parts) > 3 and parts[3].lower() in {"benar", "ya", "1", "true", "correct"},
            }
        )
    return out


class QuestionForm(forms.Form):
    section = forms.TypedChoiceField(label=gettext_lazy("Bagian"), coerce=int)
    code = forms.SlugField(label=gettext_lazy("Kode butir"), max_length=40)
    qtype = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=QuestionType.choices)
    text = forms.CharField(label=gettext_lazy("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(
        label=gettext_lazy("Pertanyaan (Inggris)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    required = forms.BooleanField(label=gettext_lazy("Wajib"), required=False, initial=True)
    scale_points = forms.TypedChoiceField(
        label=gettext_lazy("Titik skala Likert"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—")] + [(str(i), str(i)) for i in (4, 5, 6, 7)],
    )
    construct = forms.SlugField(label=gettext_lazy("Konstruk/skala"), max_length=40, required=False)
    reverse_keyed = forms.BooleanField(label=gettext_lazy("Butir terbalik"), required=False)
    ikm_unsur = forms.ChoiceField(
        label=gettext_lazy("Unsur IKM"), choices=[("", "—"), *IKMUnsur.choices], required=False
    )
    points = forms.IntegerField(label=gettext_lazy("Bobot skor (tes)"), min_value=0, initial=0, required=False)
    min_value = forms.DecimalField(label=gettext_lazy("Minimum"), required=False)
    max_value = forms.DecimalField(label=gettext_lazy("Maksimum"), required=False)
    choices_text = forms.CharField(
        label=gettext_lazy("Pilihan jawaban"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Satu per baris: kode | label | nilai | benar. Kosongkan untuk Likert baku."),
    )
    show_if_code = forms.CharField(label=gettext_lazy("Tampilkan jika kode butir"), required=False, max_length=40)
    show_if_values = forms.CharField(label=gettext_lazy("… berjawab (kode, pisahkan koma)"), required=False)

    def __init__(self, *args: Any, sections: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["section"])
        field.choices = sections

    def clean_choices_text(self) -> list[dict[str, Any]]:
        return parse_choices(self.cleaned_data.get("choices_text") or "")

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("section")
        choices = data.pop("choices_text") or None
        data["points"] = data.get("points") or 0
        if data["qtype"] != QuestionType.LIKERT:
            data["scale_points"] = None
        values = [v.strip() for v in (data.pop("show_if_values") or "").split(",") if v.strip()]
        return {**data, "choices": choices, "show_if_values": values}


class WaveForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul gelombang"), max_length=200)
    audience = forms.ChoiceField(label=gettext_lazy("Sasaran"), choices=Audience.choices)
    anonymity = forms.ChoiceField(label=gettext_lazy("Mode kerahasiaan"), choices=Anonymity.choices)
    program = forms.ModelChoiceField(label=gettext_lazy("Program"), queryset=Program.objects.all(), required=False)
    offering = forms.ModelChoiceField(
        label=gettext_lazy("Angkatan"), required=False, queryset=Offering.objects.select_related("program")
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit pelayanan (survei publik)"),
        required=False,
        queryset=Unit.objects.filter(serves_public=True),
    )
    period = forms.CharField(label=gettext_lazy("Periode"), max_length=20, required=False)
    phase = forms.ChoiceField(label=gettext_lazy("Fase tes"), choices=TestPhase.choices, required=False)
    rater_groups = forms.MultipleChoiceField(
        label=gettext_lazy("Kelompok penilai (360°)"),
        required=False,
        choices=RaterGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Dibuka"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Ditutup"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    reminder_days = forms.CharField(
        label=gettext_lazy("Pengingat otomatis (hari setelah dibuka)"),
        help_text=gettext_lazy(
            "Mis. 3, 7: pada hari ke-3 dan ke-7 setelah gelombang dibuka, undangan yang belum dijawab diingatkan"
            " lewat surel. Kosongkan bila tidak perlu."
        ),
        max_length=100,
        required=False,
    )
    consent_text = forms.CharField(
        label=gettext_lazy("Teks persetujuan"),
        help_text=gettext_lazy(
            "Survei publik selalu meminta persetujuan. Untuk survei undangan, isi teks ini bila survei bersifat"
            " sukarela: responden harus mencentang persetujuan sebelum jawaban disimpan."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reminder_days(self) -> list[int]:
        days = set()
        for part in str(self.cleaned_data.get("reminder_days") or "").replace(";", ",").split(","):
            if not part.strip():
                continue
            if not part.strip().isdigit() or not 1 <= int(part) <= MAX_REMINDER_DAY:
                raise forms.ValidationError(
                    _("'%(value)s' bukan hari yang sah: tulis bilangan 1–365 dipisah koma, mis. 3, 7.")
                    % {"value": part.strip()}
                )
            days.add(int(part))
        return sorted(days)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("Waktu tutup harus setelah waktu buka."))
        if data.get("audience") == Audience.PUBLIC and not data.get("unit"):
            self.add_error("unit", _("Survei publik membutuhkan unit pelayanan."))
        return data
