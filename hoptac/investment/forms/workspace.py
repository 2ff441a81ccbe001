"""The officers' workspace forms: projects, enterprises, parks, offers, the brand."""

from __future__ import annotations

import json

from django import forms
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from hoptac.core import files
from hoptac.core.models import Locality
from hoptac.core.queries import scope_for

from ..models import Brand, Enterprise, Offer, Park, PriorityItem, Project
from ..validators import check_tax_code, validate_in_vietnam


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
            "contact_source_url",
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
            "contact_source_url",
            "usd_rate",
            "rate_date",
        ]
        widgets = {
            "rate_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("usd_rate") and not data.get("rate_date"):
            self.add_error("rate_date", _("Give the date of the exchange rate."))
        return data

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new file, checked by its content
            files.check_upload(logo, kinds=files.LOGOS, max_bytes=1024 * 1024, extract=False)
        return logo
