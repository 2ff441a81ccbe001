from __future__ import annotations

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import in_vietnamese_order
from hoptac.core.models import Locality, Organisation

from .. import filter_choices
from ..models import Agreement, Task, TaskStatus
from .common import DATE, QuickSelect, _org_label


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "short_title",
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


# The filters whose options are read from the database.
LISTED = ("agreement", "field", "locality", "organisation")


def _scope(agreements) -> str:
    """What the kept options depend on: the query listing the user's agreements (it names
    their localities)."""
    if agreements is None:
        return "all"
    try:
        sql, params = agreements.query.sql_with_params()
    except EmptyResultSet:
        return "none"
    return f"{sql} {params!r}"


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
        for name in LISTED:
            self.fields[name].empty_label = _("All")
        # the options, kept until what they list changes (validation reads the database)
        lists = filter_choices.kept(_scope(agreements), self._build_choices)
        for name in LISTED:
            self.fields[name].widget.choices = lists[name]

    def _build_choices(self) -> dict[str, list[tuple[str, str]]]:
        return {
            name: [(str(value), str(label)) for value, label in self.fields[name].choices]
            for name in LISTED
        }


class ReminderPreferenceForm(forms.Form):
    days_before = forms.RegexField(
        label=_("Remind me this many days before the due date"),
        regex=r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$",
        max_length=40,
        error_messages={"invalid": _("Write numbers of days separated by commas, e.g. 7,1.")},
    )
    by_email = forms.BooleanField(label=_("By e-mail"), required=False)
    in_app = forms.BooleanField(label=_("In Hoptac"), required=False)


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
