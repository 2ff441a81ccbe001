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


class VietnameseOrderIterator(forms.models.ModelChoiceIterator):
    """A model choice list in Vietnamese order of its labels (see hoptac.core.text); the
    choice lists are short, so they are sorted after the fetch."""

    def __iter__(self):
        from .text import vi_sort_key

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset.iterator()]
        yield from sorted(choices, key=lambda choice: vi_sort_key(choice[1]))


def in_vietnamese_order(*fields: forms.ModelChoiceField) -> None:
    """Show these model choice fields' options in Vietnamese order."""
    for field in fields:
        field.iterator = VietnameseOrderIterator
        field.widget.choices = field.choices
