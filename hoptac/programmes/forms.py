from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.core import files
from hoptac.core.forms import in_vietnamese_order
from hoptac.core.models import Locality, Organisation

from .models import Agreement, Task, TaskStatus

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "reference",
            "kind",
            "title",
            "title_en",
            "signed_on",
            "issuer",
            "parties",
            "period_start",
            "period_end",
            "status",
            "is_public",
            "source_file",
            "source_text",
        ]
        widgets = {
            "signed_on": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "parties": forms.CheckboxSelectMultiple,
            "source_text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"reference": _("For example 2138-TB/TU or 15/BC-UBND.")}

    def __init__(self, *args, issuers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers
        self.fields["parties"].queryset = Locality.objects.valid_on()

    def clean_source_file(self):
        upload = self.cleaned_data.get("source_file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            checked = files.check_upload(upload, kinds=files.AGREEMENT_SOURCES)
            self.extracted_text = checked.text
        return upload

    def save(self, commit: bool = True):
        text = getattr(self, "extracted_text", None)
        if text and not (self.cleaned_data.get("source_text") or "").strip():
            self.instance.source_text = text
        return super().save(commit)

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise ValidationError(_("An agreement needs at least two parties."))
        return parties

    def clean(self):
        data = super().clean()
        issuer, parties = data.get("issuer"), data.get("parties")
        if issuer and parties is not None and issuer.locality not in parties:
            self.add_error("parties", _("The issuing body's locality must be one of the parties."))
        return data


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "lead",
            "partners",
            "assignees",
            "start_date",
            "due_date",
            "reporting",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "assignees": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, leads=None, partners=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if leads is not None:
            self.fields["lead"].queryset = leads
            from hoptac.core.models import User

            # assignees work for one of the organisations the creator may put in the lead
            self.fields["assignees"].queryset = User.objects.filter(
                is_active=True, memberships__organisation__in=leads
            ).distinct()
        if partners is not None:
            self.fields["partners"].queryset = partners
        self.fields["lead"].label_from_instance = _org_label
        self.fields["partners"].label_from_instance = _org_label
        if self.instance.pk:
            # The due date moves only through an approved extension, so the baseline stays true.
            self.fields.pop("due_date")

    def clean(self):
        data = super().clean()
        start, due = (
            data.get("start_date"),
            data.get("due_date", getattr(self.instance, "due_date", None)),
        )
        if start and due and due < start:
            self.add_error(
                "due_date" if "due_date" in self.fields else "start_date",
                _("The due date cannot be before the start date."),
            )
        lead = data.get("lead")
        for user in data.get("assignees") or []:
            if (
                lead
                and not user.memberships.filter(
                    organisation__in=[lead, *(data.get("partners") or [])]
                ).exists()
            ):
                self.add_error(
                    "assignees",
                    _("%(user)s works neither for the lead nor for a partner.") % {"user": user},
                )
        if lead and lead in (data.get("partners") or []):
            self.add_error("partners", _("The lead organisation cannot also be a partner."))
        return data


def _org_label(org: Organisation) -> str:
    return f"{org.name} — {org.locality.name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "progress_%s")
        super().__init__(*args, **kwargs)

    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    reported_on = forms.DateField(label=_("Report date"), required=False, widget=DATE)
    completed = forms.BooleanField(label=_("The task is done"), required=False)
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG, JPEG; up to 20 MB each."),
    )


class ReopenForm(forms.Form):
    """The coordinator reopens a finished task; its ids carry their own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "reopen_%s")
        super().__init__(*args, **kwargs)

    progress = forms.IntegerField(
        label=_("Progress after reopening (%)"), min_value=0, max_value=99
    )
    reason = forms.CharField(
        label=_("Why is the task reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ExtensionForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "extension_%s")
        super().__init__(*args, **kwargs)

    new_due = forms.DateField(label=_("New due date"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)

    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CommentForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)

    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(k)}" + ("" if v is True else f'="{conditional_escape(str(v))}"')
        for k, v in attrs.items()
        if v is not False
    )


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not through one template each: the same
    HTML as Django's select.html (a test compares them), in a fraction of the time. The task
    filters list every agreement a user sees (hundreds at 500 agreements) on the task list and
    the dashboard; through the templates they cost more than the page's queries."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html('\n  <option value="{}"', str(option["value"]))
                    + _attrs(option["attrs"])
                    + format_html(">{}</option>\n", option["label"])  # the template's last line
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every part escaped above


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in titles"), required=False, max_length=100)
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=QuickSelect,
    )
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=None, required=False, widget=QuickSelect
    )
    locality = forms.ModelChoiceField(
        label=_("Lead locality"),
        queryset=Locality.objects.all(),
        required=False,
        to_field_name="code",
        widget=QuickSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + list(TaskStatus.choices),
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args, agreements=None, **kwargs) -> None:
        from hoptac.core.models import CooperationField

        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = CooperationField.objects.all()
        if agreements is not None:
            # an option needs its reference and title, not the agreement's source text
            self.fields["agreement"].queryset = agreements.select_related(None).only(
                "pk", "reference", "title"
            )
        # an EXISTS, not a join over every task: the list of leads stays cheap at 20,000 tasks
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Exists(Task.objects.filter(lead=OuterRef("pk")))
        )
        in_vietnamese_order(self.fields["organisation"])
        # A filter left empty means every value: say so, as the status filter does.
        for name in ("agreement", "field", "locality", "organisation"):
            self.fields[name].empty_label = _("All")
            self.fields[name].widget.choices = self.fields[name].choices


class ReminderPreferenceForm(forms.Form):
    days_before = forms.RegexField(
        label=_("Remind me this many days before the due date"),
        regex=r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$",
        max_length=40,
        error_messages={"invalid": _("Write numbers of days separated by commas, e.g. 7,1.")},
    )
    by_email = forms.BooleanField(label=_("By e-mail"), required=False)
    in_app = forms.BooleanField(label=_("In Hoptac"), required=False)


class ReviewReportForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    issuer = forms.ModelChoiceField(label=_("Issuing body"), queryset=Organisation.objects.none())
    number = forms.CharField(
        label=_("Number and symbol"), max_length=40, help_text=_("For example 15/BC-UBND.")
    )
    place = forms.CharField(
        label=pgettext_lazy("where a document is signed, written before its date", "Place"),
        max_length=60,
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=120)
    signer_title = forms.CharField(
        label=_("Title of the signer"), max_length=120, initial="PHÓ CHỦ TỊCH"
    )
    recipients = forms.CharField(
        label=_("Recipients (one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=[("docx", "DOCX"), ("pdf", "PDF")])

    def __init__(self, *args, issuers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers
            self.fields["issuer"].label_from_instance = _org_label

    def clean_number(self):
        from .models import parse_reference

        number, symbol = parse_reference(self.cleaned_data["number"])
        return f"{number}{symbol}"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        return data


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


def _predecessor_label(task: Task) -> str:
    from django.utils.formats import date_format

    return _("%(title)s — %(lead)s, due %(due)s") % {
        "title": task.title,
        "lead": task.lead.name if task.lead_id else "—",
        "due": date_format(task.due_date, "SHORT_DATE_FORMAT"),
    }


class DependencyForm(forms.Form):
    """Make this task wait for another task of the same agreement."""

    predecessor = forms.ModelChoiceField(label=_("Starts after"), queryset=Task.objects.none())
    lag_days = forms.IntegerField(
        label=_("Lag (days)"), initial=0, min_value=-365, max_value=365, required=False
    )

    def clean_lag_days(self) -> int:
        return self.cleaned_data.get("lag_days") or 0

    def __init__(self, *args, task=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "dependency_%s")
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["predecessor"].queryset = (
                Task.objects.filter(commitment__agreement_id=task.commitment.agreement_id)
                .exclude(pk=task.pk)
                .select_related("lead")
                .order_by("title")
            )
            # Several tasks share a title (one per city): the lead and due date tell them apart.
            self.fields["predecessor"].label_from_instance = _predecessor_label
            in_vietnamese_order(self.fields["predecessor"])


class CooperationFieldForm(forms.Form):
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)
    keywords = forms.CharField(
        label=_("Keywords (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    description = forms.CharField(
        label=_("What the field covers (phrases separated by semicolons)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def clean_name_vi(self):
        from hoptac.core.models import CooperationField

        name = self.cleaned_data["name_vi"].strip()
        if CooperationField.objects.filter(name_vi__iexact=name).exists():
            raise ValidationError(_("This field already exists."))
        return name
