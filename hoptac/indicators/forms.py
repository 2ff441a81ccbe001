from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core import files
from hoptac.core.models import Locality

from . import catalogue, framework_files, frameworks, procedure_fields, published_values
from .actions import REPLACE_MONTHS_LABEL
from .catalogue import MAX_BYTES
from .models import FrameworkIndicator, IndicatorFramework, Procedure


class CatalogueImportForm(forms.Form):
    locality = forms.ModelChoiceField(
        label=_("City"), queryset=Locality.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("Catalogue file (XLSX or CSV)"),
        help_text=_(
            "As the public-service portal exports it: Mã TTHC, Tên thủ tục hành chính, Lĩnh vực, "
            "Cấp thực hiện, Mức độ DVC; optionally Thời hạn giải quyết, Phí, lệ phí, Cơ quan thực "
            "hiện, Hiệu lực từ."
        ),
    )
    complete = forms.BooleanField(
        label=_("The file is the city's complete catalogue (codes missing from it are abolished)"),
        required=False,
    )

    def __init__(self, *args, localities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = (
            localities if localities is not None else Locality.objects.none()
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class ProcedureForm(forms.Form):
    """One procedure of a city entered or changed by hand, checked by the rules of a catalogue
    file's row (``catalogue``), its field chosen from the city's list."""

    code = forms.CharField(label=_("Procedure code"), max_length=8, help_text="1.001612")
    full_code = forms.CharField(
        label=_("Full code"), max_length=40, required=False, help_text="1.001612.000.00.00.H26"
    )
    name = forms.CharField(label=_("Name"), max_length=600)
    field_name = forms.ChoiceField(label=_("Field"))
    agency_level = forms.ChoiceField(label=_("Implementing level"))
    agency = forms.CharField(label=_("Implementing agency"), max_length=255, required=False)
    online_level = forms.ChoiceField(label=_("Online service"))
    processing_days = forms.CharField(
        label=_("Processing time (working days)"), max_length=40, required=False
    )
    fee = forms.CharField(label=_("Fees and charges"), max_length=255, required=False)
    valid_from = forms.CharField(
        label=_("In force from"), max_length=10, required=False, help_text=_("dd/mm/yyyy")
    )

    # each form field is the catalogue column of the same name
    LEVELS = {
        Procedure.AgencyLevel.CENTRAL: "Cấp trung ương",
        Procedure.AgencyLevel.PROVINCE: "Cấp tỉnh",
        Procedure.AgencyLevel.DISTRICT: "Cấp huyện",
        Procedure.AgencyLevel.COMMUNE: "Cấp xã",
    }
    ONLINE = {
        Procedure.OnlineLevel.FULL: "Toàn trình",
        Procedure.OnlineLevel.PARTIAL: "Một phần",
        Procedure.OnlineLevel.NONE: "Không",
    }

    def __init__(self, *args, locality, today, instance: Procedure | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": instance.code,
                    "full_code": instance.full_code,
                    "name": instance.name,
                    "field_name": instance.field_name,
                    "agency_level": instance.agency_level,
                    "agency": instance.agency,
                    "online_level": instance.online_level,
                    "processing_days": ""
                    if instance.processing_days is None
                    else str(instance.processing_days).replace(".", ","),
                    "fee": instance.fee,
                },
            )
        super().__init__(*args, **kwargs)
        self.locality, self.today = locality, today
        self.known = procedure_fields.known(locality)
        offered = procedure_fields.choices(locality)
        if instance is not None and (instance.field_name, instance.field_name) not in offered:
            # a field saved before the list existed: shown, to be changed for a listed one
            offered = [(instance.field_name, instance.field_name), *offered]
        self.fields["field_name"].choices = [("", "—"), *offered]
        self.fields["agency_level"].choices = Procedure.AgencyLevel.choices
        self.fields["online_level"].choices = Procedure.OnlineLevel.choices

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        raw = {name: data.get(name, "") for name in catalogue.LABELS}
        raw["agency_level"] = self.LEVELS[data["agency_level"]]
        raw["online_level"] = self.ONLINE[data["online_level"]]
        values, errors = catalogue.check_row(raw, self.today, self.known)
        for column, message in errors:
            self.add_error(column, message[:1].upper() + message[1:])
        data["values"] = values
        return data


class LocalFieldForm(forms.Form):
    """A field a city's procedures use that the reference list lacks, for that city only."""

    locality = forms.ModelChoiceField(
        label=_("City"), queryset=Locality.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Field"), max_length=255)
    reason = forms.CharField(
        label=_("Why it is not in the reference list"),
        max_length=500,
        help_text=_("Where the city's procedures are published under this field."),
    )

    def __init__(self, *args, localities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = (
            localities if localities is not None else Locality.objects.none()
        )


class StatisticsImportForm(forms.Form):
    KINDS = (
        ("monthly", _("Monthly figures per agency and procedure")),
        ("records", _("Dossier records (one row per dossier)")),
    )
    locality = forms.ModelChoiceField(
        label=_("City"), queryset=Locality.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KINDS, initial="monthly")
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "Monthly figures: Tháng, Cơ quan, Mã TTHC, Tiếp nhận, Trước hạn đúng hạn, Quá hạn; "
            "optionally Tiếp nhận trực tuyến, Số hóa, Kết quả điện tử, Phải nộp phí, Thanh toán "
            "trực tuyến, Phản ánh kiến nghị, PAKN đúng hạn, PAKN không hài lòng, Được đánh giá, "
            "Không hài lòng. Dossier records: Mã TTHC, Cơ quan, Ngày tiếp nhận, Ngày hẹn trả, "
            "Ngày hoàn thành, Trạng thái; optionally Kênh nộp, Số hóa, Kết quả điện tử, Phải "
            "nộp phí, Thanh toán trực tuyến (Có/Không). An optional column left out, or a blank "
            "cell in it, means “not reported” (write 0 or “Không” for none): the components "
            "that need it are not computed (not scored 0)."
        ),
    )
    is_public = forms.BooleanField(
        label=_("These figures are public (otherwise only the city and its partners read them)"),
        required=False,
        initial=True,
    )
    replace_months = forms.BooleanField(
        label=REPLACE_MONTHS_LABEL,
        required=False,
        help_text=_(
            "Dossier records only. A records file replaces the figures of the months it covers; "
            "without this box, a file that would delete figures of agencies or procedures it "
            "does not hold is refused and nothing is saved."
        ),
    )

    def __init__(self, *args, localities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = (
            localities if localities is not None else Locality.objects.none()
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INDICATORS_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(mb)s MB: it is refused. Split it by month or "
                    "agency and import the parts."
                )
                % {"mb": limit // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class GoalForm(forms.Form):
    """A city's target on a component of the 766 index computed from its figures."""

    locality = forms.ModelChoiceField(
        label=_("City"), queryset=Locality.objects.none(), empty_label=None
    )
    indicator = forms.ChoiceField(label=_("Indicator"))
    target = forms.DecimalField(
        label=_("Target (%)"), min_value=0, max_value=100, max_digits=4, decimal_places=1
    )
    due = forms.DateField(
        label=_("To reach by"),
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y"
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, localities=None, indicators=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = (
            localities if localities is not None else Locality.objects.none()
        )
        self.fields["indicator"].choices = list(indicators)


class FrameworkImportForm(forms.Form):
    """A city's indicator framework from a spreadsheet: the framework's names and the file."""

    locality = forms.ModelChoiceField(
        label=_("City"), queryset=Locality.objects.none(), empty_label=None
    )
    name_vi = forms.CharField(label=_("Framework name (Vietnamese)"), max_length=255)
    name_en = forms.CharField(label=_("Framework name (English)"), max_length=255, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=255,
        required=False,
        help_text=_("The document the indicators come from (a decision, a plan, a standard)."),
    )
    is_public = forms.BooleanField(
        label=_("Public (otherwise only the city and its partners read it)"), required=False
    )
    file = forms.FileField(
        label=_("Indicator file (XLSX or CSV)"),
        help_text=_(
            "Columns: Mã chỉ số, Tên chỉ số (tiếng Việt), Chiều tốt; optionally Mã chỉ số cha "
            "(the code of the indicator it is part of, for a tree of dimensions and their "
            "indicators; without this column a code like 1.2.3 is part of 1.2), Tên chỉ số "
            "(tiếng Anh), Đơn vị tính, Nhóm, Nguồn. Download the template below."
        ),
    )

    def __init__(self, *args, localities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = (
            localities if localities is not None else Locality.objects.none()
        )

    def clean_file(self):
        limit = framework_files.MAX_BYTES
        upload = self.cleaned_data["file"]
        name = files.safe_name(upload.name or "")
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if extension == "xlsx":
            # Type by content, the parts an Office workbook must have, and the zip's declared
            # sizes and ratio, before anything opens it.
            try:
                files.check_upload(upload, kinds=("xlsx",), max_bytes=limit, extract=False)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        elif extension == "csv":
            if upload.size == 0:
                raise forms.ValidationError(_("“%(name)s” is empty.") % {"name": name})
            if upload.size > limit:
                raise forms.ValidationError(
                    _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
                )
        else:
            raise forms.ValidationError(
                _("“%(name)s”: only XLSX or CSV files are accepted.") % {"name": name}
            )
        return upload


def _parent_choices(field, framework, indicator=None) -> None:
    """The indicators of ``framework`` another can be part of, in the order of its tree: every
    one but ``indicator`` itself and its own parts (the model refuses a loop too)."""
    from . import trees

    found = list(
        FrameworkIndicator.objects.filter(framework=framework).only(
            "pk", "code", "name_vi", "parent_id", "position"
        )
    )
    nodes = trees.ordered(found, key=lambda i: i.pk, parent=lambda i: i.parent_id)
    below: set[int] = set()
    if indicator is not None and indicator.pk:
        below.add(indicator.pk)
        for node in nodes:  # the tree's order: a part comes after its parent
            if node.item.parent_id in below:
                below.add(node.item.pk)
    allowed = [n for n in nodes if n.item.pk not in below]
    field.queryset = FrameworkIndicator.objects.filter(pk__in=[n.item.pk for n in allowed])
    field.choices = [("", _("— at the top —"))] + [
        (n.item.pk, f"{'— ' * n.depth}{n.item.code} {n.item.name_vi}"[:120]) for n in allowed
    ]
    field.required = False


class FrameworkIndicatorForm(forms.ModelForm):
    class Meta:
        model = FrameworkIndicator
        fields = ("name_vi", "name_en", "unit", "direction", "group", "source", "parent")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _parent_choices(self.fields["parent"], self.instance.framework_id, self.instance)


class NewFrameworkIndicatorForm(forms.ModelForm):
    """An indicator added by hand: its code must be new in the framework (whatever its case,
    as on import)."""

    class Meta:
        model = FrameworkIndicator
        fields = ("code", "name_vi", "name_en", "unit", "direction", "group", "source", "parent")

    def __init__(self, *args, framework=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.instance.framework = framework
        _parent_choices(self.fields["parent"], framework)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if FrameworkIndicator.objects.filter(framework=self.framework, code__iexact=code).exists():
            raise forms.ValidationError(
                _("The code %(code)s is already in this framework.") % {"code": code}
            )
        return code


class IndicatorFrameworkForm(forms.ModelForm):
    class Meta:
        model = IndicatorFramework
        fields = ("name_vi", "name_en", "source", "is_public")
        labels = {
            "name_vi": _("Framework name (Vietnamese)"),
            "name_en": _("Framework name (English)"),
            "is_public": _("Public (otherwise only the city and its partners read it)"),
        }


class PublishedImportForm(forms.Form):
    """A published index's table of one year, from a spreadsheet."""

    edition = forms.CharField(label=_("Index and year"), widget=forms.Select)
    source = forms.CharField(
        label=_("Source of the table"),
        max_length=500,
        required=False,
        help_text=_("The web address of the published table; a row's Nguồn column overrides it."),
    )
    is_public = forms.BooleanField(
        label=_("Public (otherwise only the city and its partners read them)"),
        required=False,
        initial=True,
    )
    file = forms.FileField(
        label=_("Table file (XLSX or CSV)"),
        help_text=_(
            "Columns: Mã thành phần, Địa phương, Giá trị; optionally Thứ hạng, Nguồn. Download "
            "the template of the index above."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].widget.choices = published_values.edition_choices()

    def clean_edition(self) -> str:
        choice = self.cleaned_data["edition"]
        if published_values.find(choice) is None:
            raise forms.ValidationError(published_values.unknown_edition(choice))
        return choice

    clean_file = FrameworkImportForm.clean_file


class PublishedValueForm(forms.Form):
    """One figure of a published index entered by hand, checked as a row of the import is."""

    year = forms.CharField(label=_("Year"), widget=forms.Select)
    component = forms.CharField(label=_("Component"), widget=forms.Select)
    locality = forms.CharField(label=_("City"), widget=forms.Select)
    value = forms.CharField(label=_("Value"), max_length=40)
    rank = forms.CharField(
        label=_("Rank"), max_length=10, required=False, help_text=_("With the total only.")
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("The web address where the figure is published."),
    )
    is_public = forms.BooleanField(
        label=_("Public (otherwise only the city and its partners read it)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, fw, localities, lang: str = "vi", instance=None, **kwargs) -> None:
        if instance is not None:
            kwargs["initial"] = {
                "year": str(instance.year),
                "component": instance.component,
                "locality": instance.locality.code,
                "value": str(instance.published),
                "rank": "" if instance.rank is None else str(instance.rank),
                "source": instance.source,
                "is_public": instance.is_public,
            }
        super().__init__(*args, **kwargs)
        self.fw, self.instance, self.allowed = fw, instance, {loc.pk for loc in localities}
        names = {c.key: c.name(lang) for c in fw.components}
        self.fields["year"].widget.choices = [
            (str(e.year), str(e.year)) for e in reversed(fw.editions)
        ]
        self.fields["component"].widget.choices = [
            (key, f"{key} — {names[key]}" if key in names else _("Total"))
            for key in frameworks.component_keys(fw)
        ]
        self.fields["locality"].widget.choices = [(loc.code, loc.name) for loc in localities]
        if instance is not None:
            for name in ("year", "component", "locality"):
                self.fields[name].disabled = True
            self.fields["locality"].widget.choices = [
                (instance.locality.code, instance.locality.name)
            ]

    def clean(self):
        data = super().clean()
        year = data.get("year", "")
        found = published_values.find(f"{self.fw.key}:{year}")
        if found is None:
            self.add_error("year", published_values.unknown_edition(f"{self.fw.key}:{year}"))
            return data
        fw, edition = found
        names = ("component", "locality", "value", "rank", "source")
        if any(name in self.errors for name in names):
            return data
        cell, problems = published_values.check_row(
            fw,
            edition,
            {name: data.get(name, "") for name in names},
            row=None,
            directory=published_values.Directory(),
            allowed=self.allowed,
        )
        if cell is not None:
            fresh, same, problems = published_values.check_together(
                fw, edition, [cell], keep=self.instance.pk if self.instance else None
            )
            if same and not problems:
                problems = [
                    published_values.Problem(
                        None, "value", _("The published-index data already has this figure.")
                    )
                ]
            data["cell"] = cell
        for problem in problems:
            self.add_error(problem.column, problem.message[:1].upper() + problem.message[1:])
        return data
