"""Input validation for the exchange; every message is in English in code, Vietnamese on screen."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hoptac.core import dates
from hoptac.core.files import DOCUMENTS, check_uploads, upload_help
from hoptac.core.forms import in_vietnamese_order
from hoptac.core.models import CooperationField, Locality, Organisation
from hoptac.core.queries import partner_locality_ids, scope_for

from . import queries
from .models import Activity, Adoption, Participant, Policy, Practice


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=format_lazy("{} {}", upload_help(DOCUMENTS), _("Their text becomes searchable.")),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"}),
    )


def _fields_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Cooperation fields"),
        queryset=CooperationField.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class OwnedItemForm(forms.ModelForm):
    """A form for an item owned by one of the user's organisations."""

    change_reason = forms.CharField(
        label=_("Reason for the change"), max_length=100, required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        orgs = queries.organisations_acting_for(user)
        if self.instance.pk:
            # An item stays in its city: only that city's bodies can take it over.
            orgs = orgs.filter(locality=self.instance.locality_id)
        self.fields["organisation"].queryset = orgs
        in_vietnamese_order(self.fields["organisation"])
        self.fields["organisation"].label = _("Owning organisation")
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "You may not act for this organisation."
        )
        if "fields" in self.fields:
            self.fields["fields"] = _fields_field()
            if self.instance.pk:
                self.initial.setdefault("fields", list(self.instance.fields.all()))
        if not self.instance.pk:
            self.fields.pop("change_reason")

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        return check_uploads(files) if files else []


class PracticeForm(OwnedItemForm):
    attachments = _attachments_field()
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove these attachments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Practice
        fields = [
            "organisation", "title_vi", "title_en", "summary_vi", "summary_en", "body_vi",
            "body_en", "results", "contact", "tags", "fields", "visibility", "status",
        ]  # fmt: skip
        widgets = {
            "summary_vi": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "body_vi": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            self.fields.pop("remove_attachments")


class PolicyForm(OwnedItemForm):
    practices = forms.ModelMultipleChoiceField(
        label=_("Related practices"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip

    class Meta:
        model = Policy
        fields = [
            "organisation", "number", "kind", "issuer", "title_vi", "title_en", "summary_vi",
            "summary_en", "issued_on", "effective_on", "expires_on", "legal_status",
            "replaced_by", "source_url", "fields", "visibility", "status",
        ]  # fmt: skip
        widgets = {
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "effective_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "expires_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "summary_vi": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        visible = queries.policies_visible_to(self.user).select_related(None).prefetch_related(None)
        if self.instance.pk:
            visible = visible.exclude(pk=self.instance.pk)
            self.initial.setdefault("practices", list(self.instance.practices.all()))
        self.fields["replaced_by"].queryset = visible
        self.fields["practices"].queryset = queries.practices_visible_to(
            self.user
        ).prefetch_related(None)


class RequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Asking organisation"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    question = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000,
        help_text=_("Markdown is allowed."),
    )  # fmt: skip
    due_on = forms.DateField(
        label=_("Answer wanted by"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    counterpart = forms.ModelChoiceField(
        label=_("Counterpart body"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to ask every partner locality."),
        error_messages={"invalid_choice": _("Choose a body of a partner locality.")},
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Cooperation fields"), queryset=CooperationField.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope = scope_for(user)
        self.fields["organisation"].queryset = queries.organisations_acting_for(user)
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "You may not act for this organisation."
        )
        self.fields["counterpart"].queryset = (
            Organisation.objects.valid_on()
            .filter(locality__in=scope.partner_localities)
            .select_related("locality")
            .order_by("locality__code", "name_vi")
        )
        in_vietnamese_order(self.fields["organisation"], self.fields["counterpart"])

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < dates.today():
            raise ValidationError(_("The date by which an answer is wanted cannot be in the past."))
        return due

    def clean(self):
        data = super().clean()
        org, counterpart = data.get("organisation"), data.get("counterpart")
        if org and counterpart and org.locality_id == counterpart.locality_id:
            self.add_error("counterpart", _("Ask a body of a partner locality, not your own."))
        if org and not counterpart and not partner_locality_ids(org.locality_id):
            self.add_error("counterpart", _("Your locality has no partner locality to ask."))
        return data


class AnswerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Answering organisation"), queryset=None)
    body = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000,
        help_text=_("Markdown is allowed."),
    )  # fmt: skip
    practices = forms.ModelMultipleChoiceField(
        label=_("Related practices"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )  # fmt: skip
    attachments = _attachments_field()

    def __init__(self, *args, user, addressee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        orgs = queries.organisations_acting_for(user, [addressee.locality_id])
        if addressee.organisation_id and not scope_for(user).has_locality_role(
            addressee.locality_id, "coordinator"
        ):
            orgs = orgs.filter(pk=addressee.organisation_id)
        self.fields["organisation"].queryset = orgs
        in_vietnamese_order(self.fields["organisation"])
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "You may not act for this organisation."
        )
        self.fields["practices"].queryset = (
            queries.practices_visible_to(user)
            .filter(locality=addressee.locality_id, status="published")
            .prefetch_related(None)
        )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        return check_uploads(files) if files else []


class ActivityForm(OwnedItemForm):
    attachments = _attachments_field()

    class Meta:
        model = Activity
        fields = [
            "organisation", "kind", "title_vi", "title_en", "description", "starts_at", "ends_at",
            "place", "host_locality", "agenda", "registration_open", "registration_deadline",
            "capacity", "minutes", "outcomes", "fields", "visibility", "status",
        ]  # fmt: skip
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
            "ends_at": forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
            "registration_deadline": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_locality"].queryset = Locality.objects.valid_on()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("An activity cannot end before it starts."))
        deadline = data.get("registration_deadline")
        if deadline and start and deadline > timezone.localtime(start).date():
            self.add_error(
                "registration_deadline", _("Registration must close before the activity starts.")
            )
        return data


class GuestForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["guest_name", "guest_organisation", "guest_email", "role"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guest_name"].required = True


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["organisation", "started_on", "plan"]
        widgets = {
            "started_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, practice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        partners = partner_locality_ids(practice.locality_id)
        self.fields["organisation"].queryset = queries.organisations_acting_for(user, partners)
        in_vietnamese_order(self.fields["organisation"])
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "You may not act for this organisation."
        )

    def clean_organisation(self):
        org = self.cleaned_data["organisation"]
        if Adoption.objects.filter(practice=self.practice, organisation=org).exists():
            raise ValidationError(_("This organisation has already recorded taking it over."))
        return org


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["outcome", "outcome_report"]
        widgets = {"outcome_report": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome_report"].required = True
