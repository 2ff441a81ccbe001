from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.core import files
from hoptac.core.models import Locality, Organisation

from ..models import Agreement
from .common import DATE, _org_label


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "reference",
            "kind",
            "title",
            "title_en",
            "signed_on",
            "issuer",
            "parties",
            "period_start",
            "period_end",
            "status",
            "is_public",
            "source_file",
            "source_text",
        ]
        widgets = {
            "signed_on": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "parties": forms.CheckboxSelectMultiple,
            "source_text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"reference": _("For example 2138-TB/TU or 15/BC-UBND.")}

    def __init__(self, *args, issuers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers
        self.fields["parties"].queryset = Locality.objects.valid_on()

    def clean_source_file(self):
        upload = self.cleaned_data.get("source_file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            checked = files.check_upload(upload, kinds=files.AGREEMENT_SOURCES)
            self.extracted_text = checked.text
        return upload

    def save(self, commit: bool = True):
        text = getattr(self, "extracted_text", None)
        if text and not (self.cleaned_data.get("source_text") or "").strip():
            self.instance.source_text = text
        return super().save(commit)

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise ValidationError(_("An agreement needs at least two parties."))
        return parties

    def clean(self):
        data = super().clean()
        issuer, parties = data.get("issuer"), data.get("parties")
        if issuer and parties is not None and issuer.locality not in parties:
            self.add_error("parties", _("The issuing body's locality must be one of the parties."))
        return data


class CooperationFieldForm(forms.Form):
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)
    keywords = forms.CharField(
        label=_("Keywords (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    description = forms.CharField(
        label=_("What the field covers (phrases separated by semicolons)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def clean_name_vi(self):
        from hoptac.core.models import CooperationField

        name = self.cleaned_data["name_vi"].strip()
        if CooperationField.objects.filter(name_vi__iexact=name).exists():
            raise ValidationError(_("This field already exists."))
        return name


class ReviewReportForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    issuer = forms.ModelChoiceField(label=_("Issuing body"), queryset=Organisation.objects.none())
    number = forms.CharField(
        label=_("Number and symbol"), max_length=40, help_text=_("For example 15/BC-UBND.")
    )
    place = forms.CharField(
        label=pgettext_lazy("where a document is signed, written before its date", "Place"),
        max_length=60,
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=120)
    signer_title = forms.CharField(
        label=_("Title of the signer"), max_length=120, initial="PHÓ CHỦ TỊCH"
    )
    recipients = forms.CharField(
        label=_("Recipients (one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=[("docx", "DOCX"), ("pdf", "PDF")])

    def __init__(self, *args, issuers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers
            self.fields["issuer"].label_from_instance = _org_label

    def clean_number(self):
        from ..models import parse_reference

        number, symbol = parse_reference(self.cleaned_data["number"])
        return f"{number}{symbol}"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        return data
