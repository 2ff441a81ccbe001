"""Reads shared by the programmes' views, API, reports and benchmarks.

Every read is filtered by what the user may see, here and only here, and comes with its joins.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from hoptac.core import dates, linkable
from hoptac.core.models import Locality, Membership, Organisation, User
from hoptac.core.queries import scope_for
from hoptac.core.text import vi_sorted

from .models import Agreement, Commitment, CommitmentLink, Evidence, Task, TaskStatus


def status_expression(today: dt.date) -> Case:
    """The four states in SQL (the same rule as models.derive_status)."""
    return Case(
        When(
            completed_on__isnull=False,
            completed_on__lte=F("due_date"),
            then=Value(TaskStatus.DONE_ON_TIME),
        ),
        When(completed_on__isnull=False, then=Value(TaskStatus.DONE_LATE)),
        When(due_date__gte=today, then=Value(TaskStatus.IN_TERM)),
        default=Value(TaskStatus.OVERDUE),
        output_field=CharField(),
    )


def with_status(qs: QuerySet[Task], today: dt.date | None = None) -> QuerySet[Task]:
    """Annotate `status_db` with the task's state on `today`."""
    return qs.annotate(status_db=status_expression(today or dates.today()))


def filter_status(qs: QuerySet[Task], status: str, today: dt.date | None = None) -> QuerySet[Task]:
    """Tasks in one of the four states, as an index-friendly filter."""
    today = today or dates.today()
    if status == TaskStatus.DONE_ON_TIME:
        return qs.filter(completed_on__isnull=False, completed_on__lte=F("due_date"))
    if status == TaskStatus.DONE_LATE:
        return qs.filter(completed_on__isnull=False, completed_on__gt=F("due_date"))
    if status == TaskStatus.IN_TERM:
        return qs.filter(completed_on__isnull=True, due_date__gte=today)
    if status == TaskStatus.OVERDUE:
        return qs.filter(completed_on__isnull=True, due_date__lt=today)
    return qs


def _party_of(localities, agreement_ref: str) -> Exists:
    through = Agreement.parties.through
    return Exists(
        through.objects.filter(agreement_id=OuterRef(agreement_ref), locality_id__in=localities)
    )


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """Public agreements, and those whose parties include one of the user's localities."""
    qs = Agreement.objects.select_related("issuer__locality")
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    if not scope.localities:
        return qs.filter(is_public=True)
    return qs.filter(Q(is_public=True) | _party_of(list(scope.localities), "pk"))


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """Tasks of agreements to which one of the user's localities is a party (never anonymous).

    A correlated EXISTS: SQLite can then walk a list in its order (by due date) and stop at the
    page's end; an uncorrelated `commitment_id IN (…)` counts faster but makes SQLite fetch and
    sort every visible task for one page (70 ms instead of 4 at 20,000 tasks)."""
    qs = Task.objects.all()
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    if not scope.localities:
        return qs.none()
    return qs.filter(_party_of(list(scope.localities), "commitment__agreement_id"))


def evidence_visible_to(user: User) -> QuerySet[Evidence]:
    """Evidence files of the tasks the user may see (the same rule as the task page)."""
    return Evidence.objects.filter(report__task__in=tasks_visible_to(user).values("pk"))


def task_form_choices(
    user: User, agreement: Agreement
) -> tuple[QuerySet[Organisation], QuerySet[Organisation]]:
    """A task form's choices: leads, the current bodies of the localities the user coordinates
    (any for a superuser); partners, the current bodies of every party to the agreement."""
    current = Organisation.objects.valid_on().select_related("locality")
    leads = current
    if not user.is_superuser:
        leads = current.filter(locality_id__in=scope_for(user).localities_with("coordinator"))
    return leads, current.filter(locality__in=agreement.parties.all())


def task_list(qs: QuerySet[Task], today: dt.date | None = None) -> QuerySet[Task]:
    """What a list of tasks shows, joined once: lead, its locality, the agreement — without
    the agreement's full source text and the locality's point, which no list shows (a page
    of 50 tasks would read the text 50 times and build 50 geometries)."""
    return (
        with_status(qs, today)
        .select_related("lead__locality", "commitment__agreement")
        .defer("commitment__agreement__source_text", "lead__locality__centre")
    )


def my_work(user: User, today: dt.date | None = None) -> QuerySet[Task]:
    """Open and recent tasks the user leads, partners on, or is assigned to."""
    scope = scope_for(user)
    orgs = list(scope.org_roles)
    # one IN over the union of three indexed look-ups, not EXISTS per task nor an OR of three
    # INs: PostgreSQL turns the OR into a scan of every task testing two hashed lists (82 ms
    # at 100,000 tasks, and it expects 75,000 rows where there are 2,000); the union is read
    # by index on both backends
    mine = (
        Task.objects.order_by()
        .filter(lead_id__in=orgs)
        .values("pk")
        .union(
            Task.assignees.through.objects.order_by().filter(user_id=user.pk).values("task_id"),
            Task.partners.through.objects.order_by()
            .filter(organisation_id__in=orgs)
            .values("task_id"),
        )
    )
    qs = tasks_visible_to(user).filter(pk__in=mine)
    return task_list(qs, today).order_by(
        Case(When(completed_on__isnull=True, then=Value(0)), default=Value(1)), "due_date", "pk"
    )


STATES = ("done_on_time", "done_late", "in_term", "overdue")


@dataclass
class StatusCounts:
    done_on_time: int = 0
    done_late: int = 0
    in_term: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.in_term + self.overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Share of finished tasks finished on time (None when none is finished)."""
        return self.done_on_time / self.done if self.done else None

    def as_list(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, getattr(self, s.value)) for s in TaskStatus]


def count_by_status(qs: QuerySet[Task], today: dt.date | None = None) -> StatusCounts:
    """One aggregate query: how many tasks in each of the four states."""
    today = today or dates.today()
    agg = qs.aggregate(
        done_on_time=Count(
            "pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
        ),
        done_late=Count("pk", filter=Q(completed_on__isnull=False, completed_on__gt=F("due_date"))),
        in_term=Count("pk", filter=Q(completed_on__isnull=True, due_date__gte=today)),
        overdue=Count("pk", filter=Q(completed_on__isnull=True, due_date__lt=today)),
    )
    return StatusCounts(**agg)


@dataclass
class Board:
    fields: list  # CooperationField rows, in order
    localities: list[Locality]
    cells: dict  # (field_id, locality_id) -> StatusCounts
    totals: StatusCounts

    def cell(self, field_id: int, locality_id: int) -> StatusCounts:
        return self.cells.get((field_id, locality_id), StatusCounts())

    def rows(self):
        for f in self.fields:
            yield f, [(loc, self.cell(f.pk, loc.pk)) for loc in self.localities]


def board_for(agreement: Agreement, user: User, today: dt.date | None = None) -> Board:
    """Counts of tasks by field (rows) and lead locality (columns) in the four states."""
    today = today or dates.today()
    from hoptac.core.models import CooperationField

    tasks = tasks_visible_to(user).filter(commitment__agreement=agreement)
    rows = (
        tasks.values("commitment__fields", "lead__locality")
        .annotate(
            done_on_time=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
            ),
            done_late=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__gt=F("due_date"))
            ),
            in_term=Count("pk", filter=Q(completed_on__isnull=True, due_date__gte=today)),
            overdue=Count("pk", filter=Q(completed_on__isnull=True, due_date__lt=today)),
        )
        .order_by()
    )
    cells: dict[tuple[int, int], StatusCounts] = {}
    for row in rows:
        key = (row["commitment__fields"], row["lead__locality"])
        cells[key] = StatusCounts(
            row["done_on_time"], row["done_late"], row["in_term"], row["overdue"]
        )
    field_ids = {k[0] for k in cells}
    fields = list(
        CooperationField.objects.filter(Q(pk__in=field_ids) | Q(commitments__agreement=agreement))
        .distinct()
        .order_by("order")
    )
    localities = list(agreement.parties.order_by("code"))
    return Board(fields, localities, cells, count_by_status(tasks, today))


def monthly_trend(qs: QuerySet[Task], months: int = 12, today: dt.date | None = None) -> list[dict]:
    """Per month over the last `months`: tasks falling due, and tasks completed on time and late.

    Grouped by day in the database and summed into months here: SQLite's month truncation is a
    Python function called for every row, which costs more than the grouping itself.
    """
    today = today or dates.today()
    first = today.replace(day=1)
    for _month in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    due: dict[tuple[int, int], int] = defaultdict(int)
    for day, n in (
        qs.filter(due_date__gte=first, due_date__lte=today)
        .values_list("due_date")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        due[(day.year, day.month)] += n
    done: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for day, on_time, late in (
        qs.filter(completed_on__gte=first, completed_on__lte=today)
        .values_list("completed_on")
        .annotate(
            on_time=Count("pk", filter=Q(completed_on__lte=F("due_date"))),
            late=Count("pk", filter=Q(completed_on__gt=F("due_date"))),
        )
        .order_by()
    ):
        done[(day.year, day.month)][0] += on_time
        done[(day.year, day.month)][1] += late
    out = []
    month = first
    while month <= today:
        key = (month.year, month.month)
        on_time, late = done.get(key, (0, 0))
        out.append({"month": month, "due": due.get(key, 0), "on_time": on_time, "late": late})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def task_detail(pk: int, user: User) -> Task:
    """One task with everything its page shows, or Task.DoesNotExist if the user may not see it."""
    from .models import ExtensionRequest, ProgressReport

    return (
        with_status(tasks_visible_to(user))
        .select_related("lead__locality", "commitment__agreement__issuer")
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.select_related("locality")),
            "assignees",
            "commitment__fields",
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("author").prefetch_related(
                    "evidence"
                ),
            ),
            Prefetch(
                "extensions",
                queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
            ),
            Prefetch(
                "comments",
                queryset=Task.comments.rel.related_model.objects.select_related("author"),
            ),
            Prefetch(
                "predecessor_links",
                queryset=Task.predecessor_links.rel.related_model.objects.select_related(
                    "predecessor"
                ),
            ),
            Prefetch(
                "successor_links",
                queryset=Task.successor_links.rel.related_model.objects.select_related("successor"),
            ),
        )
        .get(pk=pk)
    )


def commitments_of(
    agreement: Agreement, user: User, today: dt.date | None = None
) -> list[Commitment]:
    """The agreement's commitments with fields, localities and (visible) tasks, grouped once."""
    tasks = task_list(tasks_visible_to(user).filter(commitment__agreement=agreement), today)
    commitments = list(
        agreement.commitments.prefetch_related(
            "fields",
            "localities",
            Prefetch("tasks", queryset=tasks, to_attr="visible_tasks"),
            Prefetch("links", queryset=CommitmentLink.objects.prefetch_related("target")),
        )
    )
    _attach_targets(commitments, user)
    return commitments


@dataclass(frozen=True)
class LinkedTarget:
    """An object that carries out a commitment, as a reader may see it."""

    obj: object
    url: str


def _attach_targets(commitments: list[Commitment], user: User) -> None:
    """Set each commitment's `carried_out_by`: the linked objects this user may see (one
    visibility query per kind, through the registry), never those hidden from them."""
    targets = [link.target for c in commitments for link in c.links.all()]
    shown = {(type(o), o.pk) for o in linkable.keep_visible(user, targets)}
    for c in commitments:
        c.carried_out_by = [
            LinkedTarget(link.target, linkable.kind_of(link.target).url(link.target))
            for link in c.links.all()
            if link.target is not None and (type(link.target), link.target.pk) in shown
        ]


def group_by_field(commitments: list[Commitment]) -> list[tuple[object, list[Commitment]]]:
    """Commitments grouped under their first field, fields in their order."""
    groups: dict = defaultdict(list)
    order: dict = {}
    for c in commitments:
        fields = list(c.fields.all())
        key = fields[0] if fields else None
        groups[key].append(c)
        order[key] = key.order if key else 9999
    return sorted(groups.items(), key=lambda kv: order[kv[0]])


def counts_by(qs: QuerySet[Task], key: str, today: dt.date | None = None) -> list[dict]:
    """The four states grouped by one column (a locality's or a field's name), in one query."""
    today = today or dates.today()
    rows = (
        qs.values(key)
        .annotate(
            done_on_time=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
            ),
            done_late=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__gt=F("due_date"))
            ),
            in_term=Count("pk", filter=Q(completed_on__isnull=True, due_date__gte=today)),
            overdue=Count("pk", filter=Q(completed_on__isnull=True, due_date__lt=today)),
        )
        .order_by(key)
    )
    rows = vi_sorted(rows, key=lambda row: row[key] or "")  # a handful of names: in Python
    return [
        {
            "label": row[key] or "—",
            "counts": StatusCounts(
                row["done_on_time"], row["done_late"], row["in_term"], row["overdue"]
            ),
        }
        for row in rows
    ]


@dataclass
class DashboardCounts:
    """The dashboard's tables: the four states by lead locality and by field, and in all."""

    by_locality: list[dict]
    by_field: list[dict]
    totals: StatusCounts


def dashboard_counts(qs: QuerySet[Task], today: dt.date | None = None) -> DashboardCounts:
    """`counts_by` lead locality and by field, and the totals, from one pass over the tasks.

    The tasks are grouped by (commitment, lead locality) in the database, a few thousand rows
    at most, and summed here: a commitment's fields and a locality's name come from two small
    queries. One scan of the tasks instead of two grouped joins (on SQLite the scan is the
    cost). A task counts under each field of its commitment, or under "—" if it has none.
    """
    from hoptac.core.models import CooperationField

    today = today or dates.today()
    rows = list(
        qs.order_by()
        .values_list("commitment_id", "lead__locality_id")
        .annotate(
            done_on_time=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
            ),
            done_late=Count(
                "pk", filter=Q(completed_on__isnull=False, completed_on__gt=F("due_date"))
            ),
            in_term=Count("pk", filter=Q(completed_on__isnull=True, due_date__gte=today)),
            overdue=Count("pk", filter=Q(completed_on__isnull=True, due_date__lt=today)),
        )
    )
    by_locality: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_commitment: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for commitment_id, locality_id, a, b, c, d in rows:  # thousands of rows: no inner loops
        target = by_locality[locality_id]
        target[0] += a
        target[1] += b
        target[2] += c
        target[3] += d
        target = by_commitment[commitment_id]
        target[0] += a
        target[1] += b
        target[2] += c
        target[3] += d
    locality_names = dict(
        Locality.objects.filter(pk__in=list(by_locality)).values_list("pk", "name_vi")
    )
    fields_of: dict[int, list[int]] = defaultdict(list)
    for commitment_id, field_id in Commitment.fields.through.objects.filter(
        commitment_id__in=list(by_commitment)
    ).values_list("commitment_id", "cooperationfield_id"):
        fields_of[commitment_id].append(field_id)
    field_names = dict(
        CooperationField.objects.filter(
            pk__in={f for ids in fields_of.values() for f in ids}
        ).values_list("pk", "name_vi")
    )
    by_field: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for commitment_id, counts in by_commitment.items():
        for name in [field_names[f] for f in fields_of.get(commitment_id, [])] or [None]:
            for i, n in enumerate(counts):
                by_field[name][i] += n

    def table(totals: dict) -> list[dict]:
        ordered = vi_sorted(totals.items(), key=lambda kv: kv[0] or "")
        return [{"label": k or "—", "counts": StatusCounts(*v)} for k, v in ordered]

    named: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for locality_id, counts in by_locality.items():  # by name, as counts_by groups
        for i, n in enumerate(counts):
            named[locality_names.get(locality_id)][i] += n
    totals = StatusCounts(*(sum(c[i] for c in by_locality.values()) for i in range(4)))
    return DashboardCounts(table(named), table(by_field), totals)


def links_to(user: User, obj) -> QuerySet[CommitmentLink]:
    """The links from commitments of agreements the user may see to this object."""
    from django.contrib.contenttypes.models import ContentType

    return CommitmentLink.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        commitment__agreement__in=agreements_visible_to(user),
    ).select_related("commitment__agreement")


def commitments_user_may_link(user: User, exclude: list[int], limit: int = 300) -> list[Commitment]:
    """Commitments of the agreements the user coordinates a party of (all for a superuser)."""
    scope = scope_for(user)
    if not scope.is_superuser and not scope.localities_with("coordinator"):
        return []
    qs = Commitment.objects.select_related("agreement").order_by("agreement", "order")
    if not scope.is_superuser:
        qs = qs.filter(agreement__parties__in=scope.localities_with("coordinator")).distinct()
    return list(qs.exclude(pk__in=exclude)[:limit])


def coordinators_of(locality_id: int) -> list[User]:
    """Current coordinators of a locality."""
    return list(
        User.objects.filter(
            memberships__role=Membership.Role.COORDINATOR,
            memberships__organisation__locality_id=locality_id,
            is_active=True,
        ).distinct()
    )


def lead_team(task: Task) -> list[User]:
    """The people who answer for a task: its assignees, else the lead organisation's officers."""
    assignees = list(task.assignees.filter(is_active=True))
    if assignees:
        return assignees
    return list(
        User.objects.filter(
            memberships__organisation_id=task.lead_id,
            memberships__role__in=[Membership.Role.OFFICER, Membership.Role.COORDINATOR],
            is_active=True,
        ).distinct()
    )
