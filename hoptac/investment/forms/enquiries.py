"""The enquiry forms: the public one (spam defences, consent), the officer's, the reply."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core.models import User

from .. import privacy
from ..models import Enquiry

MIN_SECONDS_TO_SUBMIT = 3
FORM_MAX_AGE = 24 * 3600


def form_token() -> str:
    """A signed time stamp: forms sent back too fast (bots) or too late are refused."""
    return signing.dumps(time.time(), salt="investment.enquiry")


class EnquiryForm(forms.ModelForm):
    """The public enquiry form. `website` is a honeypot no person sees; `token` dates the form."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    token = forms.CharField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=privacy.CONSENT_LABEL, error_messages={"required": privacy.CONSENT_REQUIRED}
    )
    # Rendered out of sight and out of the accessibility tree (includes/form_fields.html).
    honeypot_fields = ("website",)

    class Meta:
        model = Enquiry
        fields = [
            "locality",
            "name",
            "email",
            "company",
            "country",
            "vsic_code",
            "capital_vnd",
            "message",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}
        error_messages = {"capital_vnd": {"min_value": _("Capital cannot be negative.")}}

    def __init__(self, *args, localities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if localities is not None:
            self.fields["locality"].queryset = localities
        self.fields["locality"].label = _("Which city?")
        self.fields["locality"].empty_label = _("Choose a city")
        self.fields["locality"].widget.choices = self.fields["locality"].choices
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["token"] = form_token()

    def clean_message(self) -> str:
        message = self.cleaned_data.get("message", "").strip()
        if len(message) < 10:
            raise ValidationError(_("Please tell us a little more (at least 10 characters)."))
        if len(message) > 5000:
            raise ValidationError(_("Please keep the message under 5,000 characters."))
        if message.lower().count("http") > 3:
            raise ValidationError(_("Too many links: please send at most three."))
        return message

    def clean_vsic_code(self) -> str:
        from ..models import VsicCode

        code = (self.cleaned_data.get("vsic_code") or "").strip()
        if code and not VsicCode.objects.filter(version="2018", code=code).exists():
            raise ValidationError(
                _("VSIC 2018 has no code %(code)s; leave the field empty if unsure.")
                % {"code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        self.spam_reason = ""
        if data.get("website"):
            self.spam_reason = "honeypot"
        elif self.errors:
            # A person who sent the form half filled is told which fields are missing; the
            # time stamp is judged once the form is complete. A valid one is kept (the person
            # who only forgot a box may send again at once); otherwise a fresh one is given.
            try:
                signing.loads(
                    data.get("token", ""), salt="investment.enquiry", max_age=FORM_MAX_AGE
                )
            except signing.BadSignature:
                self.data = self.data.copy()
                self.data[self.add_prefix("token")] = form_token()
        else:
            try:
                sent = signing.loads(
                    data.get("token", ""), salt="investment.enquiry", max_age=FORM_MAX_AGE
                )
            except signing.BadSignature:
                sent = None
            if sent is None:
                self.spam_reason = "token"
            elif time.time() - float(sent) < MIN_SECONDS_TO_SUBMIT:
                self.spam_reason = "too_fast"
        if self.spam_reason:
            # Keep everything the person typed: a fresh token lets them send it again.
            self.data = self.data.copy()
            self.data[self.add_prefix("token")] = form_token()
            raise ValidationError(
                _(
                    "We could not accept the form as it was sent (it came back too quickly or "
                    "the page is old). Your text is kept: please check it and send it again."
                ),
                code="spam",
            )
        return data


class EnquiryHandleForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), required=False)
    account_manager = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Account manager")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aftercare = forms.BooleanField(label=_("Aftercare note (the investor came)"), required=False)
    answer = forms.CharField(
        label=_("Answer to the investor"),
        help_text=_("Shown on the investor's tracking page and sent to them by e-mail."),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, enquiry: Enquiry, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = dict(Enquiry.Status.choices)
        self.fields["status"].choices = [("", "—")] + [
            (s, choices[s]) for s in Enquiry.FLOW.get(enquiry.status, [])
        ]
        self.fields["account_manager"].queryset = User.objects.filter(
            memberships__organisation__locality=enquiry.locality_id
        ).distinct()
        self.initial["account_manager"] = enquiry.account_manager_id


class EnquiryReplyForm(forms.Form):
    """The investor's reply on the tracking page."""

    text = forms.CharField(
        label=_("Your reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}),
        error_messages={
            "required": _("Write your reply first."),
            "max_length": _("Please keep the reply under 5,000 characters."),
        },
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\x00", "").strip()
        if len(text) < 2:
            raise ValidationError(_("Write your reply first."))
        return text
