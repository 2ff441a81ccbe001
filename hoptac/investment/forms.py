"""Input validation with specific messages; the models re-check their own invariants."""

from __future__ import annotations

import json
import time

from django import forms
from django.conf import settings
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point, Polygon
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from hoptac.core import files
from hoptac.core.models import Locality, User
from hoptac.core.queries import scope_for
from hoptac.core.text import visible_name

from .models import Brand, Enquiry, Enterprise, Offer, Park, PriorityItem, Project
from .validators import check_tax_code, validate_in_vietnam

MIN_SECONDS_TO_SUBMIT = 3
FORM_MAX_AGE = 24 * 3600


class GeoJSONField(forms.CharField):
    """A footprint typed or pasted as GeoJSON (Polygon or MultiPolygon, WGS 84 lon/lat)."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": '{"type": "Polygon", ...}'})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            json.loads(value)
            geom = GEOSGeometry(value, srid=4326)
        except (ValueError, GEOSException, TypeError):
            raise ValidationError(_("This is not valid GeoJSON.")) from None
        if isinstance(geom, Polygon):
            geom = MultiPolygon(geom, srid=4326)
        if not isinstance(geom, MultiPolygon):
            raise ValidationError(_("A footprint is a Polygon or a MultiPolygon."))
        if not geom.valid:
            raise ValidationError(_("The polygon crosses itself: %(r)s") % {"r": geom.valid_reason})
        validate_in_vietnam(geom)
        return geom

    def prepare_value(self, value):
        if isinstance(value, GEOSGeometry):
            return value.geojson
        return value


def staff_localities(user) -> list[int]:
    scope = scope_for(user)
    if scope.is_superuser:
        return list(Locality.objects.values_list("pk", flat=True))
    return [
        pk
        for pk, roles in scope.locality_roles.items()
        if roles & {"coordinator", "officer", "admin"}
    ]


class LocalityScopedForm(forms.ModelForm):
    """The locality can only be one of the user's own cities."""

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "locality" in self.fields:
            self.fields["locality"].queryset = Locality.objects.filter(
                pk__in=staff_localities(user)
            )
            if self.instance.pk:
                self.fields["locality"].disabled = True


class ProjectForm(LocalityScopedForm):
    footprint = GeoJSONField(label=_("footprint (GeoJSON)"), required=False)
    longitude = forms.FloatField(label=_("longitude"), required=False)
    latitude = forms.FloatField(label=_("latitude"), required=False)

    class Meta:
        model = Project
        fields = [
            "code",
            "title_vi",
            "title_en",
            "description_vi",
            "description_en",
            "locality",
            "vsic_version",
            "vsic_code",
            "priority_item",
            "park",
            "land_area_ha",
            "capital_vnd",
            "usd_rate",
            "rate_date",
            "investment_form",
            "clearance",
            "source",
            "source_decision",
            "status",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"rate_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}
        error_messages = {
            "capital_vnd": {"min_value": _("Capital cannot be negative.")},
            "land_area_ha": {"min_value": _("An area cannot be negative.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = Park.objects.filter(
            locality_id__in=staff_localities(self.user)
        )
        self.fields["priority_item"].queryset = PriorityItem.objects.select_related("priority_list")
        if self.instance.pk and self.instance.location:
            self.initial["longitude"] = self.instance.location.x
            self.initial["latitude"] = self.instance.location.y
        if self.instance.pk and self.instance.footprint:
            self.initial["footprint"] = self.instance.footprint.geojson

    def clean_vsic_code(self) -> str:
        return (self.cleaned_data.get("vsic_code") or "").strip().upper()

    def clean(self):
        data = super().clean()
        lon, lat = data.get("longitude"), data.get("latitude")
        if (lon is None) != (lat is None):
            raise ValidationError(_("Give both longitude and latitude, or neither."))
        if lon is not None:
            point = Point(lon, lat, srid=4326)
            try:
                validate_in_vietnam(point)
            except ValidationError as e:
                self.add_error("longitude", e)
            self.instance.location = point
        else:
            self.instance.location = None
        self.instance.footprint = data.get("footprint")
        return data


class EnterpriseForm(LocalityScopedForm):
    class Meta:
        model = Enterprise
        fields = [
            "tax_code",
            "legal_form",
            "name_vi",
            "name_en",
            "locality",
            "vsic_version",
            "vsic_code",
            "other_vsic_codes",
            "priority_item",
            "size",
            "employees",
            "charter_capital_vnd",
            "products",
            "capabilities",
            "certificates",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
        ]
        error_messages = {"charter_capital_vnd": {"min_value": _("Capital cannot be negative.")}}

    def clean_tax_code(self) -> str:
        # Format first (the legal form is checked against the length in the model's clean()).
        value = self.cleaned_data.get("tax_code", "")
        legal_form = self.data.get(self.add_prefix("legal_form")) or "company"
        return check_tax_code(value, legal_form)


class ParkForm(LocalityScopedForm):
    footprint = GeoJSONField(label=_("footprint (GeoJSON)"), required=False)

    class Meta:
        model = Park
        fields = [
            "name_vi",
            "name_en",
            "slug",
            "kind",
            "locality",
            "description_vi",
            "description_en",
            "total_area_ha",
            "leased_area_ha",
            "available_area_ha",
            "land_price_min_vnd",
            "land_price_max_vnd",
            "infrastructure_vi",
            "infrastructure_en",
            "port_name",
            "port_distance_km",
            "airport_name",
            "airport_distance_km",
            "tenants",
            "demo_figures",
            "published",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.footprint:
            self.initial["footprint"] = self.instance.footprint.geojson

    def clean(self):
        data = super().clean()
        self.instance.footprint = data.get("footprint")
        return data


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["kind", "title", "description", "active"]


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = [
            "name_vi",
            "name_en",
            "tagline_vi",
            "tagline_en",
            "logo",
            "primary_colour",
            "accent_colour",
            "localities",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new file, checked by its content
            files.check_upload(logo, kinds=files.LOGOS, max_bytes=1024 * 1024, extract=False)
        return logo


def form_token() -> str:
    """A signed time stamp: forms sent back too fast (bots) or too late are refused."""
    return signing.dumps(time.time(), salt="investment.enquiry")


class EnquiryForm(forms.ModelForm):
    """The public enquiry form. `website` is a honeypot no person sees; `token` dates the form."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    token = forms.CharField(widget=forms.HiddenInput)
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
        from .models import VsicCode

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
            # time stamp is judged once the form is complete (and a fresh one is given).
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

    def __init__(self, *args, participant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .models import Participant

        self.fields["target"].queryset = (
            Participant.objects.filter(event_id=participant.event_id)
            .exclude(pk=participant.pk)
            .select_related("enterprise")
        )


class AttachmentForm(forms.Form):
    """A document for a project: checked by its content and size before anything is stored."""

    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX or an image (PNG, JPEG, GIF, WebP), at most %(limit)s."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        from django.template.defaultfilters import filesizeformat

        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {"limit": filesizeformat(settings.FILES_MAX_BYTES)}
        field.widget.attrs["accept"] = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"

    def clean_file(self):
        return files.check_upload(self.cleaned_data["file"], kinds=files.DOCUMENTS)

    def clean_title(self) -> str:
        return self.cleaned_data["title"].replace("\x00", "").strip()
