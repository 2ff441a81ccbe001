"""The task list: which columns it can show, how it sorts and what its filters mean.

Everything the list shows is said by its query string, so a filter is shareable as a link and
kept as a saved filter. Relative values ("my organisation", "due this quarter", "assigned to me")
are read for whoever opens the link, on the day they open it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoptac.core import dates
from hoptac.core.models import Organisation, User
from hoptac.core.queries import scope_for

from . import keyset, queries
from .forms import TaskFilterForm
from .models import Commitment, Tag, Task, TaskStatus
from .watching import followed_tasks


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    order_by: tuple[str, ...] = ()  # empty: not sortable
    prefetch: str = ""
    kinds: tuple[str, ...] = ()  # of the order_by values: text, int or date (the cursors)

    @property
    def sortable(self) -> bool:
        return bool(self.order_by)


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in [
        Column("title", _("Task"), ("title_sort",), kinds=("text",)),
        Column("agreement", _("Agreement"), ("agreement_sort",), kinds=("text",)),
        Column("lead", _("Lead organisation"), ("lead_sort",), kinds=("text",)),
        Column("partners", _("Partner organisations"), prefetch="partners"),
        Column("assignees", _("Assignees"), prefetch="assignees"),
        Column("tags", _("Tags"), prefetch="tags"),
        Column("start", _("Start"), ("start_date",), kinds=("date",)),
        Column("due", _("Due"), ("due_date",), kinds=("date",)),
        Column("progress", _("Progress"), ("progress",), kinds=("int",)),
        Column("status", _("Status"), ("status_db",), kinds=("text",)),
    ]
}
DEFAULT_COLUMNS = ("title", "agreement", "lead", "due", "progress", "status")
DEFAULT_SORT = "due"
SHORT = "SHORT_DATE_FORMAT"
PER_PAGE = (25, 50, 100)


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter holding `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = day.replace(month=first_month, day=1)
    end = (start + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def due_window(period: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The dates a 'due' filter value stands for, relative to `today`."""
    if period == "this_week":
        start = today - dt.timedelta(days=today.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "this_month":
        start = today.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if period == "this_quarter":
        return quarter_of(today)
    if period == "next_quarter":
        return quarter_of(quarter_of(today)[1] + dt.timedelta(days=1))
    if period == "this_year":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    return None


class TaskListForm(TaskFilterForm):
    """The filters of the task list, its sort, columns and page size (all in the URL)."""

    whose = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[
            ("", _("All")),
            ("my_org", _("Led by my organisation")),
            ("my_part", _("My organisation leads or partners")),
            ("assigned", _("Assigned to me")),
            ("followed", _("Followed by me")),
        ],
    )
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("this_week", _("This week")),
            ("this_month", _("This month")),
            ("this_quarter", _("This quarter")),
            ("next_quarter", _("Next quarter")),
            ("this_year", _("This year")),
        ],
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.all(), required=False, to_field_name="name"
    )
    sort = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    cols = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        coerce=int,
        empty_value=50,
        choices=[(n, str(n)) for n in PER_PAGE],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag"].empty_label = _("All")
        self.fields["tag"].widget.choices = self.fields["tag"].choices

    def clean_sort(self) -> str:
        value = self.cleaned_data.get("sort") or DEFAULT_SORT
        column = COLUMNS.get(value.lstrip("-"))
        if column is None or not column.sortable:
            raise forms.ValidationError(
                _("The list cannot be sorted by “%(value)s”."), params={"value": value}
            )
        return value

    def clean_cols(self) -> list[str]:
        raw = self.cleaned_data.get("cols") or ""
        keys = [k for k in (p.strip() for p in raw.split(",")) if k]
        unknown = [k for k in keys if k not in COLUMNS]
        if unknown:
            raise forms.ValidationError(
                _("Unknown column: %(names)s."), params={"names": ", ".join(unknown)}
            )
        keys = keys or list(DEFAULT_COLUMNS)
        return ["title", *[k for k in dict.fromkeys(keys) if k != "title"]]


@dataclass
class TaskListing:
    """What the list shows: the queryset (filtered, sorted, joined), its columns and sort."""

    form: TaskListForm
    tasks: QuerySet[Task]
    columns: list[Column]
    sort: str
    per_page: int
    filtered: QuerySet[Task]  # the same tasks, in no particular order
    key: keyset.Key  # what the pages are sorted by (the cursors of their links)
    count: int | None = None  # how many, when the kept counts said it (else count the tasks)

    def page(self, params) -> keyset.Page:
        """The page of the list `params` ask for (a cursor, the last page, or the first)."""
        count = self.count if self.count is not None else self.filtered.count()
        return keyset.read_page(self.filtered, self.key, self.per_page, count, params)


def listing(user: User, params, today: dt.date | None = None) -> TaskListing:
    """The task list for `user` as the query string `params` asks for it; invalid parameters
    fall back to their defaults (the form keeps its errors to show)."""
    today = today or dates.today()
    if params and not params.get("per_page"):
        params = params.copy()
        params["per_page"] = "50"
    form = TaskListForm(params or None, agreements=queries.agreements_visible_to(user))
    form.fields["per_page"].initial = 50
    qs = queries.tasks_visible_to(user)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    if not valid and form.is_bound:
        # keep the filters that were understood, drop the others
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    qs = _filtered(qs, data, user, today)
    columns = [COLUMNS[k] for k in data.get("cols") or ["title", *DEFAULT_COLUMNS[1:]]]
    sort = data.get("sort") or DEFAULT_SORT
    qs = queries.task_list(qs, today)
    prefetches = [c.prefetch for c in columns if c.prefetch]
    if "partners" in prefetches:
        prefetches.remove("partners")
        qs = qs.prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.select_related("locality"))
        )
    qs = qs.prefetch_related(*prefetches)
    column = COLUMNS[sort.lstrip("-")]
    partitions = ()
    if column.key == "status":  # derived from the day: read state by state along the ids
        states = sorted(TaskStatus.values)  # the order of `status_db`'s values
        partitions = tuple((s, queries.status_q(s, today)) for s in states)
    key = keyset.Key(
        sort, column.order_by, column.kinds, sort.startswith("-"), partitions=partitions
    )
    filtered = qs
    tasks = qs.order_by(*keyset.order(key))
    filters = {k: data.get(k) for k in FILTERS}
    count = None
    if queries.answerable(filters):
        count = queries.kept_count(user, filters, today)  # a sum of rows, not of tasks
    per_page = data.get("per_page") or 50
    return TaskListing(form, tasks, columns, sort, per_page, filtered, key, count)


# the list's filters (the other parameters say how it is shown)
FILTERS = ("q", "agreement", "field", "locality", "organisation", "status", "whose", "due", "tag")


def _filtered(qs: QuerySet[Task], data: dict, user: User, today: dt.date) -> QuerySet[Task]:
    if data.get("q"):
        qs = qs.filter(title__icontains=data["q"])
    if data.get("agreement"):
        qs = qs.filter(commitment__agreement=data["agreement"])
    if data.get("field"):
        qs = qs.filter(
            Exists(
                Commitment.fields.through.objects.filter(
                    commitment_id=OuterRef("commitment_id"), cooperationfield_id=data["field"].pk
                )
            )
        )
    if data.get("locality"):
        qs = qs.filter(lead__locality=data["locality"])
    if data.get("organisation"):
        qs = qs.filter(Q(lead=data["organisation"]) | _partner_in([data["organisation"].pk]))
    if data.get("status"):
        qs = queries.filter_status(qs, data["status"], today)
    whose = data.get("whose")
    if whose:
        orgs = list(scope_for(user).org_roles)
        if whose == "my_org":
            qs = qs.filter(lead_id__in=orgs)
        elif whose == "my_part":
            qs = qs.filter(Q(lead_id__in=orgs) | _partner_in(orgs))
        elif whose == "followed":
            qs = qs.filter(pk__in=followed_tasks(user).values("pk"))
        elif whose == "assigned":
            qs = qs.filter(
                Exists(
                    Task.assignees.through.objects.filter(task_id=OuterRef("pk"), user_id=user.pk)
                )
            )
    window = due_window(data.get("due") or "", today)
    if window:
        qs = qs.filter(due_date__range=window)
    if data.get("tag"):
        qs = qs.filter(
            Exists(Task.tags.through.objects.filter(task_id=OuterRef("pk"), tag_id=data["tag"].pk))
        )
    return qs


def _partner_in(org_ids: list[int]) -> Exists:
    return Exists(
        Task.partners.through.objects.filter(task_id=OuterRef("pk"), organisation_id__in=org_ids)
    )


PRESETS = [
    (_("Overdue tasks of my organisation"), "whose=my_org&status=overdue"),
    (_("Due this quarter"), "due=this_quarter"),
    (_("Assigned to me"), "whose=assigned"),
    (_("Followed by me"), "whose=followed"),
]


def cell_text(task: Task, key: str) -> object:
    """A column's value for a CSV export (dates stay dates, numbers stay numbers)."""
    if key == "title":
        return task.title
    if key == "agreement":
        return task.commitment.agreement.reference
    if key == "lead":
        return f"{task.lead.name} ({task.lead.locality.name})"
    if key == "partners":
        return "; ".join(p.name for p in task.partners.all())
    if key == "assignees":
        return "; ".join(str(u) for u in task.assignees.all())
    if key == "tags":
        return "; ".join(t.name for t in task.tags.all())
    if key == "start":
        return task.start_date.strftime("%d/%m/%Y")
    if key == "due":
        return task.due_date.strftime("%d/%m/%Y")
    if key == "progress":
        return task.progress
    if key == "status":
        return str(task.get_status_display())
    raise KeyError(key)


def _names(items, text=str) -> str:
    return "; ".join(text(i) for i in items) or "—"


def cell_html(task: Task, key: str, detail_url: str) -> str:
    """A column's cell on the page. Built here rather than by a template included per cell:
    a page of 50 tasks and 6 columns took about 20 ms of CPU in 300 template inclusions."""
    if key == "title":
        return format_html(
            '<td class="task-title"><a href="{}">{}</a></td>',
            _detail(detail_url, task),
            task.title,
        )
    if key == "agreement":
        return format_html('<td class="nowrap">{}</td>', task.commitment.agreement.reference)
    if key == "lead":
        return format_html(
            '<td>{}<br><span class="muted small">{}</span></td>',
            task.lead.name,
            task.lead.locality.name,
        )
    if key == "partners":
        return format_html('<td class="small">{}</td>', _names(p.name for p in task.partners.all()))
    if key == "assignees":
        return format_html('<td class="small">{}</td>', _names(task.assignees.all()))
    if key == "tags":
        tags = format_html_join(
            "", '<span class="tag">{}</span> ', ((t.name,) for t in task.tags.all())
        )
        return format_html("<td>{}</td>", tags or "—")
    if key == "start":
        return format_html('<td class="nowrap">{}</td>', date_format(task.start_date, SHORT))
    if key == "due":
        original = ""
        if task.baseline_due_date != task.due_date:
            original = format_html(
                '<br><span class="muted small">{} {}</span>',
                gettext("originally"),
                date_format(task.baseline_due_date, SHORT),
            )
        return format_html(
            '<td class="nowrap">{}{}</td>', date_format(task.due_date, SHORT), original
        )
    if key == "progress":
        return format_html('<td class="num">{}%</td>', task.progress)
    if key == "status":
        return format_html(
            '<td><span class="status status-{}">{} {}</span></td>',
            task.status,
            task.status_icon,
            task.get_status_display(),
        )
    raise KeyError(key)


def _detail(url_of_zero: str, task: Task) -> str:
    return url_of_zero[: -len("0/")] + f"{task.pk}/"


def page_rows(tasks, columns: list[Column]) -> list[tuple[Task, list[str]]]:
    """Each task of a page with its cells, in the order of the columns."""
    url_of_zero = reverse("programmes:task_detail", args=[0])
    return [(t, [cell_html(t, c.key, url_of_zero) for c in columns]) for t in tasks]


def csv_rows(result: TaskListing, chunk: int = 2000):
    """The header and one row per task of the whole filtered list (every page), in its order."""
    yield [str(c.label) for c in result.columns]
    tasks = result.tasks
    if not any(c.prefetch for c in result.columns):
        tasks = tasks.iterator(chunk_size=chunk)
    for task in tasks:
        yield [cell_text(task, c.key) for c in result.columns]


def _split_tags(value: str) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]


class BulkEditForm(forms.Form):
    """Changes to many tasks at once: the fields that do not depend on the task's state."""

    task = forms.ModelMultipleChoiceField(
        queryset=Task.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one task in the list.")},
    )
    add_assignees = forms.ModelMultipleChoiceField(
        label=_("Add assignees"), queryset=User.objects.none(), required=False
    )
    remove_assignees = forms.ModelMultipleChoiceField(
        label=_("Remove assignees"), queryset=User.objects.none(), required=False
    )
    add_partners = forms.ModelMultipleChoiceField(
        label=_("Add partner organisations"), queryset=Organisation.objects.none(), required=False
    )
    remove_partners = forms.ModelMultipleChoiceField(
        label=_("Remove partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    add_tags = forms.CharField(
        label=_("Add tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. ODA, priority 2026"),
    )
    remove_tags = forms.CharField(label=_("Remove tags"), required=False, max_length=500)
    new_due = forms.DateField(
        label=_("Ask for a new due date"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("An extension request for each task, which the coordinator decides."),
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # When the change applies to every task matching the list's filter (`everything`): the
    # count the user saw, and their confirmation of it.
    expected = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False)

    def __init__(
        self, *args, user: User, tasks: QuerySet[Task], everything: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        if everything:
            self.fields["task"].required = False  # the filter says which
            self.fields["expected"].required = True
            self.fields["confirm"].required = True
            self.fields["confirm"].error_messages["required"] = _(
                "Tick the box to confirm the change of every matching task."
            )
        else:
            del self.fields["expected"], self.fields["confirm"]
        scope = scope_for(user)
        people = User.objects.filter(is_active=True)
        orgs = Organisation.objects.valid_on().select_related("locality")
        if not scope.is_superuser:
            people = people.filter(memberships__organisation__locality_id__in=scope.localities)
        # partners may be of any party (the action checks the agreement of each task)
        people = people.distinct().order_by("last_name", "first_name", "username")
        for name in ("add_assignees", "remove_assignees"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = str
            self.fields[name].widget.attrs["size"] = 5
        for name in ("add_partners", "remove_partners"):
            self.fields[name].queryset = orgs
            self.fields[name].label_from_instance = lambda o: f"{o.name} — {o.locality.name}"
            self.fields[name].widget.attrs["size"] = 6

    def clean_add_tags(self) -> list[str]:
        return _split_tags(self.cleaned_data.get("add_tags", ""))

    def clean_remove_tags(self) -> list[str]:
        return _split_tags(self.cleaned_data.get("remove_tags", ""))

    def clean(self):
        data = super().clean()
        if data.get("new_due") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the extension."))
        if data.get("reason") and not data.get("new_due"):
            self.add_error("new_due", _("Give the new due date you ask for."))
        return data
