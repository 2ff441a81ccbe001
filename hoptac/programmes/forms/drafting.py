from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core import files
from hoptac.core.forms import in_vietnamese_order
from hoptac.core.models import Organisation

from ..models import Task
from .common import DATE, _org_label


class DraftSourceForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the agreement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
    )
    file = forms.FileField(
        label=_("…or its file (PDF, DOCX, text)"),
        required=False,
        help_text=_("The text is read from the file when one is given."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            try:
                data["text"] = files.check_upload(upload, kinds=files.AGREEMENT_SOURCES).text
            except ValidationError as err:
                self.add_error("file", err)
        if not self.errors and not (data.get("text") or "").strip():
            raise ValidationError(_("Paste the text of the agreement or upload its file."))
        return data


class ProposalForm(forms.Form):
    accept = forms.BooleanField(label=_("Accept"), required=False, initial=True)
    text = forms.CharField(
        label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    paragraph = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=999
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=None,
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.none(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    due_date = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=DATE,
        help_text=_("Read from the text; empty: the date for all below."),
    )
    reporting = forms.ChoiceField(
        label=_("Recurring report"), choices=Task.Recurrence.choices, required=False
    )

    def __init__(self, *args, organisations=None, fields_qs=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = fields_qs
        if organisations is not None:
            self.fields["lead"].queryset = organisations
            self.fields["partners"].queryset = organisations
            in_vietnamese_order(self.fields["lead"], self.fields["partners"])
        self.fields["lead"].label_from_instance = _org_label
        self.fields["partners"].label_from_instance = _org_label

    def clean(self):
        data = super().clean()
        if data.get("accept") and not data.get("fields"):
            self.add_error("fields", _("An accepted commitment needs at least one field."))
        return data


ProposalFormSet = forms.formset_factory(ProposalForm, extra=0, max_num=300, validate_max=True)


def check_due_dates(formset, start_date) -> bool:
    """Each accepted proposal's own due date is not before the tasks start; the form says which."""
    valid = True
    for form in formset:
        data = form.cleaned_data
        if data.get("accept") and data.get("due_date") and data["due_date"] < start_date:
            form.add_error(
                "due_date",
                _("The due date %(due)s is before the tasks start (%(start)s).")
                % {"due": f"{data['due_date']:%d/%m/%Y}", "start": f"{start_date:%d/%m/%Y}"},
            )
            valid = False
    return valid


class DraftAcceptForm(forms.Form):
    start_date = forms.DateField(label=_("Tasks start on"), widget=DATE)
    due_date = forms.DateField(
        label=_("Tasks are due on"),
        widget=DATE,
        help_text=_("For the commitments whose text gives no deadline."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("due_date")
            and data["due_date"] < data["start_date"]
        ):
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return data
