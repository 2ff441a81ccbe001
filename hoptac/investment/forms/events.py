"""B2B days: registration, meeting requests, the participant's profile, erasure."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core.text import visible_name

from .. import privacy
from ..models import Enterprise, Participant
from ..validators import check_tax_code


class RegistrationForm(forms.Form):
    """Joining a B2B day: a Vietnamese enterprise by its tax code (its directory profile), a
    foreign company, which has no Vietnamese tax code, by its name and country."""

    VIETNAMESE, FOREIGN = "vn", "foreign"
    kind = forms.ChoiceField(
        label=_("Your company is"),
        choices=[
            (VIETNAMESE, _("a Vietnamese enterprise (with a Vietnamese tax code)")),
            (FOREIGN, _("a foreign company")),
        ],
        initial=VIETNAMESE,
        required=False,  # a form without the choice (an older page) is a Vietnamese enterprise's
        widget=forms.RadioSelect,
    )
    tax_code = forms.CharField(
        label=_("Tax code of your enterprise"),
        max_length=20,
        required=False,
        help_text=_("Vietnamese enterprises only."),
    )
    company_name = forms.CharField(
        label=_("Company name"), max_length=255, required=False, help_text=_("Foreign companies.")
    )
    country = forms.CharField(
        label=_("Country"), max_length=80, required=False, help_text=_("Foreign companies.")
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    offers = forms.CharField(
        label=_("What you offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Products, services, technology: other participants see it."),
    )
    needs = forms.CharField(
        label=_("What you look for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Partners, suppliers, investors, land…"),
    )
    vsic_division = forms.CharField(
        label=_("Sector (VSIC 2018 division, two digits)"), required=False, max_length=2
    )
    language = forms.ChoiceField(
        label=_("Language you meet in"),
        choices=Participant.Language.choices,
        required=False,  # an older page without the field: the page's language
        help_text=_("Partners who share it are suggested first; others need an interpreter."),
        error_messages={"invalid_choice": _("Choose Vietnamese, English, or both.")},
    )
    consent = forms.BooleanField(
        label=privacy.CONSENT_LABEL, error_messages={"required": privacy.CONSENT_REQUIRED}
    )

    def clean_vsic_division(self) -> str:
        return clean_division(self.cleaned_data.get("vsic_division", ""))

    def clean(self):
        data = super().clean()
        data["enterprise"] = None
        if data.get("kind") == self.FOREIGN:
            for name in ("company_name", "country"):
                data[name] = visible_name(data.get(name, ""))
                if not data[name]:
                    self.add_error(name, _("A foreign company gives its name and country."))
            data["tax_code"] = ""
        else:
            data["company_name"] = data["country"] = ""
            raw = data.get("tax_code", "")
            if not raw:
                self.add_error(
                    "tax_code",
                    _(
                        "A Vietnamese enterprise gives its tax code; a foreign company chooses "
                        "“a foreign company” and gives its name and country."
                    ),
                )
            else:
                try:
                    data["enterprise"] = self._enterprise(raw)
                except ValidationError as e:
                    self.add_error("tax_code", e)
        return data

    @staticmethod
    def _enterprise(raw: str) -> Enterprise:
        digits = raw.replace(" ", "")
        legal_form = "branch" if len(digits.replace("-", "")) == 13 else "company"
        if len(digits) == 12:
            legal_form = "household"
        code = check_tax_code(raw, legal_form)
        enterprise = (
            Enterprise.objects.filter(tax_code=code)
            .exclude(verification=Enterprise.Verification.REJECTED)
            .first()
        )
        if enterprise is None:
            raise ValidationError(
                _(
                    "No enterprise with tax code %(code)s is in the directory yet. Ask the "
                    "investment promotion agency of your city to add its profile first."
                )
                % {"code": code}
            )
        return enterprise


class MeetingRequestForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label=_("Meet"))
    message = forms.CharField(label=_("Message"), required=False, max_length=500)
    online_url = forms.URLField(
        label=_("Online meeting link (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("To meet by video call instead of at a table: an https link."),
    )

    def clean_online_url(self) -> str:
        url = self.cleaned_data.get("online_url", "")
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("The online meeting link must start with https://."))
        return url

    def __init__(self, *args, participant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from ..models import Participant

        self.fields["target"].queryset = (
            Participant.objects.filter(event_id=participant.event_id)
            .exclude(pk=participant.pk)
            .select_related("enterprise")
        )


def clean_division(raw: str) -> str:
    """A VSIC 2018 division (two digits) that exists, or empty."""
    from ..models import VsicCode

    code = (raw or "").strip()
    if not code:
        return ""
    if (
        not (len(code) == 2 and code.isdigit())
        or not VsicCode.objects.filter(version="2018", code=code).exists()
    ):
        raise ValidationError(
            _("VSIC 2018 has no division %(code)s: give two digits, e.g. 62.") % {"code": code}
        )
    return code


class ParticipantProfileForm(forms.Form):
    """What a B2B participant offers and looks for: the basis of the match suggestions."""

    offers = RegistrationForm.base_fields["offers"]
    needs = RegistrationForm.base_fields["needs"]
    vsic_division = RegistrationForm.base_fields["vsic_division"]
    language = RegistrationForm.base_fields["language"]

    def clean_vsic_division(self) -> str:
        return clean_division(self.cleaned_data.get("vsic_division", ""))


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase my personal data. I understand this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
