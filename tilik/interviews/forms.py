"""Forms: parse and validate input; the views hand cleaned data to the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tilik.interviews.guides import GUIDE_CHOICES
from tilik.interviews.models import Code, Codebook, Interview, IntervieweeRole
from tilik.org.models import Unit
from tilik.programs.models import Program


class InterviewForm(forms.Form):
    code = forms.CharField(label=_("Kode wawancara"), max_length=30, help_text=_("Tanpa nama, mis. W-01."))
    role = forms.ChoiceField(label=_("Peran narasumber"), choices=IntervieweeRole.choices)
    interviewee_name = forms.CharField(
        label=_("Nama narasumber (opsional, rahasia)"), max_length=200, required=False
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(active=True))
    programs = forms.ModelMultipleChoiceField(
        label=_("Program yang dievaluasi"), queryset=Program.objects.all(), required=False
    )
    held_on = forms.DateField(label=_("Tanggal wawancara"), widget=forms.DateInput(attrs={"type": "date"}))
    interviewer = forms.ModelChoiceField(
        label=_("Pewawancara"), queryset=get_user_model().objects.none(), required=False
    )
    guide = forms.ChoiceField(
        label=_("Panduan wawancara"), choices=[("", "—"), *GUIDE_CHOICES], required=False
    )
    consent = forms.BooleanField(label=_("Narasumber telah memberi persetujuan"), required=False)
    consent_note = forms.CharField(label=_("Catatan persetujuan"), max_length=255, required=False)
    notes = forms.CharField(
        label=_("Catatan pewawancara"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(
                is_active=True
            )
            .order_by("username")
        )


class CodersForm(forms.Form):
    coders = forms.ModelMultipleChoiceField(
        label=_("Pengode yang ditugaskan"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya akun berperan pengode. Pengode hanya dapat membaca dan mengode transkrip ini."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coders"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(is_active=True, profile__role="pengode").order_by("username")
        )


class CoderBulkForm(forms.Form):
    """Assign one pengode to (or withdraw it from) the interviews ticked in the list."""

    ASSIGN, WITHDRAW = "tugaskan", "cabut"
    interviews = forms.ModelMultipleChoiceField(label=_("Wawancara"), queryset=Interview.objects.all())
    coder = forms.ModelChoiceField(label=_("Pengode"), queryset=get_user_model().objects.none())
    action = forms.ChoiceField(choices=[(ASSIGN, _("Tugaskan")), (WITHDRAW, _("Cabut"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coder"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(is_active=True, profile__role="pengode").order_by("username")
        )


class TranscriptForm(forms.Form):
    text = forms.CharField(
        label=_("Tempel teks transkrip"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        strip=False,
    )
    upload = forms.FileField(label=_("atau unggah berkas (.txt, .docx, .odt)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_text, has_file = bool((data.get("text") or "").strip()), data.get("upload") is not None
        if has_text == has_file:
            raise forms.ValidationError(_("Tempel teks transkrip atau unggah satu berkas, tidak keduanya."))
        return data


class AudioForm(forms.Form):
    upload = forms.FileField(label=_("Berkas rekaman"))


class CodebookForm(forms.Form):
    name = forms.CharField(label=_("Nama buku kode (evaluasi)"), max_length=200)
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all(), required=False)
    description = forms.CharField(
        label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starter = forms.BooleanField(
        label=_("Isi dengan kode awal dari tema panduan wawancara"), required=False, initial=True
    )


class CodebookImportForm(forms.Form):
    name = forms.CharField(label=_("Nama buku kode baru"), max_length=200)
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all(), required=False)
    upload = forms.FileField(label=_("Berkas buku kode (.qdc REFI-QDA atau .csv)"))


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Nama kode"), max_length=120)
    parent = forms.ModelChoiceField(label=_("Kode induk"), queryset=Code.objects.none(), required=False)
    description = forms.CharField(
        label=_("Definisi"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    color = forms.RegexField(
        label=_("Warna"),
        regex=r"^#[0-9A-Fa-f]{6}$",
        initial="#4E79A7",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    keywords = forms.CharField(
        label=_("Kata kunci (pisahkan dengan koma)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, codebook: Codebook, exclude: Code | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = codebook.codes.all()
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.fields["parent"].queryset = qs  # type: ignore[attr-defined]


class SegmentForm(forms.Form):
    """A selection coded in the browser: offsets and quoted text come from static/interviews/coding.js."""

    codebook = forms.ModelChoiceField(queryset=Codebook.objects.all(), widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    quote = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    codes = forms.ModelMultipleChoiceField(
        label=_("Kode"),
        queryset=Code.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu kode.")},
    )
    memo = forms.CharField(label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SentenceCodingForm(forms.Form):
    codebook = forms.ModelChoiceField(queryset=Codebook.objects.all(), widget=forms.HiddenInput)
    sentences = forms.MultipleChoiceField(
        label=_("Kalimat"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Centang sedikitnya satu kalimat.")},
    )
    codes = forms.ModelMultipleChoiceField(
        label=_("Kode"),
        queryset=Code.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu kode.")},
    )
    memo = forms.CharField(label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sentence_spans: list[tuple[int, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentences"].choices = [(f"{s}-{e}", f"{s}-{e}") for s, e in sentence_spans]  # type: ignore

    def spans(self) -> list[tuple[int, int]]:
        out = []
        for value in self.cleaned_data["sentences"]:
            start, end = value.split("-")
            out.append((int(start), int(end)))
        return out


class SegmentUpdateForm(forms.Form):
    memo = forms.CharField(label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.ChoiceField(choices=[("memo", "memo"), ("star", "star"), ("unstar", "unstar")])
