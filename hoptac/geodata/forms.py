from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from hoptac.core import files
from hoptac.core.forms import in_vietnamese_order
from hoptac.core.models import Organisation
from hoptac.core.queries import scope_for
from hoptac.core.text import fold, visible_name

from . import crs as crsmod
from .imports.indexes import MAX_QUERYABLES, TYPES, default_type
from .models import Layer, LayerVersion

# Names the OGC API uses for collections of its own (the catalogue of OGC API – Records).
RESERVED_SLUGS = {"catalogue"}


def max_upload_bytes() -> int:
    return settings.GEODATA_MAX_UPLOAD_BYTES


class LayerForm(forms.ModelForm):
    style_attribute = forms.CharField(
        label=_("Colour by attribute"),
        required=False,
        max_length=80,
        help_text=_("Name of the attribute whose categories get their own colour."),
    )

    queryables_text = forms.CharField(
        label=_("Attributes to filter on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "so_thua: number\nuse: text"}),
        help_text=_(
            "One attribute a line, with its type (text or number) after a colon. Each gets an "
            "index, so that filters on it stay fast on large layers."
        ),
    )

    class Meta:
        model = Layer
        fields = [
            "name_vi",
            "name_en",
            "description",
            "organisation",
            "theme",
            "visibility",
            "source",
            "source_date",
            "scale",
            "licence",
            "contact",
        ]
        widgets = {
            "source_date": forms.DateInput(
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y"
            ),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        orgs = Organisation.objects.valid_on().select_related("locality")
        if not scope.is_superuser:
            # The user's own bodies, and the layer's owner as it is: a coordinator changes the
            # city's layers that other bodies own, and saving must not make them change hands.
            own = Q(pk__in=list(scope.org_roles))
            if self.instance.organisation_id:
                own |= Q(pk=self.instance.organisation_id)
            orgs = orgs.filter(own)
        self.fields["organisation"].queryset = orgs
        in_vietnamese_order(self.fields["organisation"])
        self.fields["style_attribute"].initial = (self.instance.style or {}).get("attribute", "")
        self.fields["queryables_text"].initial = "\n".join(
            f"{name}: {kind}" for name, kind in sorted((self.instance.queryables or {}).items())
        )

    def clean_queryables_text(self) -> dict[str, str]:
        version = self.instance.current_version if self.instance.pk else None
        known = (version.fields or {}) if version is not None else None
        out: dict[str, str] = {}
        for line in self.cleaned_data.get("queryables_text", "").splitlines():
            if not line.strip():
                continue
            name, _sep, kind = line.partition(":")
            name, kind = name.strip(), kind.strip().lower()
            if not name:
                raise forms.ValidationError(_("Write the attribute's name before the colon."))
            if known is not None and name not in known:
                raise forms.ValidationError(
                    _("The data have no attribute “%(name)s”.") % {"name": name[:80]}
                )
            if not kind:
                kind = default_type(known.get(name) if known else None)
            if kind not in TYPES:
                raise forms.ValidationError(
                    _("The type of “%(name)s” must be text or number.") % {"name": name[:80]}
                )
            out[name] = kind
        if len(out) > MAX_QUERYABLES:
            raise forms.ValidationError(
                _("At most %(n)s attributes can be indexed.") % {"n": MAX_QUERYABLES}
            )
        return out

    def clean_name_vi(self) -> str:
        name = visible_name(self.cleaned_data.get("name_vi", ""))
        if not name:
            raise forms.ValidationError(_("Write a name with visible letters."))
        return name

    def clean_name_en(self) -> str:
        raw = self.cleaned_data.get("name_en", "")
        name = visible_name(raw)
        if raw.strip() and not name:
            raise forms.ValidationError(_("Write a name with visible letters."))
        return name

    def save(self, commit=True):
        layer = super().save(commit=False)
        layer.locality_id = layer.organisation.locality_id
        if not layer.slug:
            # fold first: slugify drops "đ" ("Đường" would become "uong")
            base = slugify(fold(layer.name_en or layer.name_vi))[:60] or "lop"
            slug, n = base, 2
            while slug in RESERVED_SLUGS or Layer.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            layer.slug = slug
        style = dict(layer.style or {})
        attr = self.cleaned_data.get("style_attribute") or ""
        if attr != style.get("attribute", ""):
            # Another attribute: the colours and labels of the old one's categories do not apply.
            style.pop("colors", None)
            style.pop("labels", None)
            style.pop("labels_en", None)
        if attr:
            style["attribute"] = attr
        else:
            style.pop("attribute", None)
        layer.style = style
        layer.queryables = self.cleaned_data.get("queryables_text") or {}
        if commit:
            layer.save()
        return layer


HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


class LegendForm(forms.Form):
    """A label and a colour for each category of the layer's style attribute (the categories the
    current version's import found; at most actions.MAX_CATEGORIES). Saved into `layer.style`
    as `labels` and `colors`, keyed by the value as the data holds it."""

    def __init__(self, *args, layer: Layer, colours: dict[str, str], **kwargs):
        super().__init__(*args, prefix="legend", **kwargs)
        style = layer.style or {}
        labels = style.get("labels") or {}
        labels_en = style.get("labels_en") or {}
        self.attribute = style.get("attribute") or ""
        report = (layer.current_version.report or {}) if layer.current_version_id else {}
        self.values = [str(v) for v in report.get("categories", {}).get(self.attribute, [])]
        self.rows = []
        for i, value in enumerate(self.values):
            self.fields[f"label_{i}"] = forms.CharField(
                label=_("Label of “%(value)s”") % {"value": value},
                required=False,
                max_length=80,
                initial=labels.get(value, ""),
            )
            self.fields[f"label_en_{i}"] = forms.CharField(
                label=_("English label of “%(value)s”") % {"value": value},
                required=False,
                max_length=80,
                initial=labels_en.get(value, ""),
            )
            self.fields[f"color_{i}"] = forms.RegexField(
                label=_("Colour of “%(value)s”") % {"value": value},
                regex=HEX_COLOUR,
                initial=colours.get(value, "#008080"),
                widget=forms.TextInput(attrs={"type": "color"}),
                error_messages={"invalid": _("A colour is written #rrggbb.")},
            )
            self.rows.append((value, self[f"label_{i}"], self[f"label_en_{i}"], self[f"color_{i}"]))

    def apply(self, layer: Layer) -> None:
        """Write the labels and colours into the layer's style (not saved)."""
        style = dict(layer.style or {})
        if style.get("attribute", "") != self.attribute:
            return  # the attribute was changed in the same form: these rows are of the old one
        style["colors"] = {
            v: self.cleaned_data[f"color_{i}"].lower() for i, v in enumerate(self.values)
        }
        style["labels"] = {
            v: self.cleaned_data[f"label_{i}"].strip()
            for i, v in enumerate(self.values)
            if self.cleaned_data[f"label_{i}"].strip()
        }
        style["labels_en"] = {
            v: self.cleaned_data[f"label_en_{i}"].strip()
            for i, v in enumerate(self.values)
            if self.cleaned_data[f"label_en_{i}"].strip()
        }
        if not style["labels_en"]:
            del style["labels_en"]
        layer.style = style


class AttributesForm(forms.Form):
    """The label (Vietnamese, English) and unit of each attribute of the current version, shown
    in the map's pop-ups and the planning figures instead of the attribute's name. Saved into
    `layer.style["fields"]`."""

    MAX_ROWS = 60

    def __init__(self, *args, layer: Layer, **kwargs):
        super().__init__(*args, prefix="fields", **kwargs)
        own = (layer.style or {}).get("fields") or {}
        names = sorted((layer.current_version.fields or {}) if layer.current_version_id else {})
        self.names = names[: self.MAX_ROWS]
        self.rows = []
        for i, name in enumerate(self.names):
            mine = own.get(name) if isinstance(own.get(name), dict) else {}
            for key, label, size in (
                ("vi", _("Label of “%(name)s” in Vietnamese"), 80),
                ("en", _("Label of “%(name)s” in English"), 80),
                ("unit", _("Unit of “%(name)s”"), 20),
            ):
                self.fields[f"{key}_{i}"] = forms.CharField(
                    label=label % {"name": name},
                    required=False,
                    max_length=size,
                    initial=mine.get(key, ""),
                )
            self.rows.append((name, self[f"vi_{i}"], self[f"en_{i}"], self[f"unit_{i}"]))

    def apply(self, layer: Layer) -> None:
        """Write the labels and units into the layer's style (not saved)."""
        style = dict(layer.style or {})
        fields = {}
        for i, name in enumerate(self.names):
            entry = {
                key: self.cleaned_data[f"{key}_{i}"].strip()
                for key in ("vi", "en", "unit")
                if self.cleaned_data[f"{key}_{i}"].strip()
            }
            if entry:
                fields[name] = entry
        if fields:
            style["fields"] = fields
        else:
            style.pop("fields", None)
        layer.style = style


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "GeoJSON, zipped Shapefile (.zip with .shp, .shx, .dbf, .prj), GeoPackage, "
            "KML/KMZ or CSV."
        ),
    )
    mode = forms.ChoiceField(
        label=_("What to do with the current data"),
        choices=LayerVersion.Mode.choices,
        initial=LayerVersion.Mode.REPLACE,
    )
    srid = forms.TypedChoiceField(
        label=_("Coordinate system"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Leave empty to read it from the file (.prj, GeoPackage, GeoJSON)."),
    )
    layer_name = forms.CharField(
        label=_("Layer inside the file"),
        required=False,
        max_length=100,
        help_text=_("For GeoPackages with several layers."),
    )
    x_column = forms.CharField(
        label=_("CSV: column of X / longitude"), required=False, max_length=60
    )
    y_column = forms.CharField(
        label=_("CSV: column of Y / latitude"), required=False, max_length=60
    )
    xy_is_northing_easting = forms.BooleanField(
        label=_("CSV: X is the northing and Y the easting (VN-2000 survey convention)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["srid"].choices = [("", _("From the file"))] + crsmod.choices()

    def clean_file(self):
        f = self.cleaned_data["file"]
        files.check_layer_upload(
            f,
            max_bytes=max_upload_bytes(),
            max_unzipped=settings.GEODATA_MAX_UNZIPPED_BYTES,
            max_ratio=settings.GEODATA_MAX_ZIP_RATIO,
        )
        return f

    def options(self) -> dict:
        d = self.cleaned_data
        out = {}
        for key in ("x_column", "y_column"):
            if d.get(key):
                out[key] = d[key]
        if d.get("layer_name"):
            out["layer"] = d["layer_name"]
        if d.get("xy_is_northing_easting"):
            out["xy_is_northing_easting"] = True
        return out


class CRSForm(forms.Form):
    srid = forms.TypedChoiceField(label=_("Coordinate system"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["srid"].choices = crsmod.choices()


class LayerChoiceField(forms.ModelChoiceField):
    """A layer by its slug (readable links from the map); a number is still read as the layer's
    id, so links made before the slugs keep working."""

    default_error_messages = {
        "invalid_choice": _("This layer does not exist or you may not see it."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Layer.objects.none(), to_field_name="slug", **kwargs)

    def to_python(self, value):
        value = str(value).strip() if value not in self.empty_values else value
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if value and value.isdigit():
                found = self.queryset.filter(pk=int(value)).first()
                if found is not None:
                    return found
            raise


def polygon_layers(layers):
    """The layers whose current version holds polygons: the only ones an area can come from."""
    return layers.filter(current_version__report__kinds__has_any_keys=["Polygon", "MultiPolygon"])


class FiguresForm(forms.Form):
    area_layer = LayerChoiceField(label=_("Area from layer"), required=False)
    area_feature = forms.IntegerField(
        label=_("Feature number"),
        required=False,
        min_value=1,
        help_text=_("Shown in the pop-up of the map; the link of the pop-up fills it in."),
    )
    area_geojson = forms.CharField(
        label=_("Or a drawn area (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("A Polygon or MultiPolygon in WGS 84 longitude/latitude (EPSG:4326)."),
    )
    land_use_layer = LayerChoiceField(label=_("Land-use layer"), required=False)
    class_attribute = forms.CharField(
        label=_("Land-use class attribute"),
        required=False,
        max_length=80,
        help_text=_("Left empty: the attribute the layer is coloured by, or “class”."),
    )
    buffer_m = forms.FloatField(
        label=_("Buffer (metres)"), required=False, min_value=0, max_value=50000, initial=0
    )

    def __init__(self, *args, layers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if layers is not None:
            self.fields["area_layer"].queryset = polygon_layers(layers)
            self.fields["land_use_layer"].queryset = polygon_layers(layers)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("area_geojson") and not (
            data.get("area_layer") and data.get("area_feature")
        ):
            if data.get("area_layer"):
                self.add_error("area_feature", _("Give the number of a feature of this layer."))
            else:
                raise forms.ValidationError(_("Choose an area: a feature of a layer, or draw one."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100)


class DownloadForm(forms.Form):
    """A version of a layer, a format and a coordinate system to download it in."""

    version = forms.IntegerField(label=_("Version"), min_value=1, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=[])
    crs = forms.TypedChoiceField(label=_("Coordinate system"), coerce=int, choices=[])

    def __init__(self, *args, layer: Layer, **kwargs):
        from .downloads import CRS_CHOICES, FORMATS

        super().__init__(*args, **kwargs)
        self.layer = layer
        self.fields["format"].choices = [(f.key, f.label) for f in FORMATS.values()]
        self.fields["crs"].choices = list(CRS_CHOICES.items())
        self.fields["version"].widget = forms.Select(
            choices=[(v.number, f"v{v.number}") for v in layer.versions.order_by("-number")]
        )

    def clean(self):
        from .downloads import ExportProblem, check

        data = super().clean()
        number = data.get("version") or (
            self.layer.current_version.number if self.layer.current_version else None
        )
        version = self.layer.versions.filter(number=number).first() if number else None
        if version is None:
            self.add_error("version", _("This layer has no such version."))
        data["version_obj"] = version
        if "format" in data and "crs" in data:
            try:
                check(data["format"], data["crs"])
            except ExportProblem as exc:
                self.add_error("format", str(exc))
        return data
