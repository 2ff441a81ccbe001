from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User


class OrganisationForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"), max_length=100, required=False
    )

    class Meta:
        model = Organisation
        fields = [
            "name_vi",
            "name_en",
            "abbreviation",
            "parent",
            "email",
            "phone",
            "address",
            "website",
            "valid_from",
            "valid_to",
            "successor",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        same_locality = Organisation.objects.filter(locality_id=self.instance.locality_id).exclude(
            pk=self.instance.pk
        )
        self.fields["parent"].queryset = same_locality
        self.fields["successor"].queryset = Organisation.objects.exclude(pk=self.instance.pk)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "email", "phone", "language"]
