from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from hoptac.core import dates
from hoptac.core.models import Membership, Organisation, User
from hoptac.core.queries import scope_for

from ..models import Agreement, Evidence, Task, TaskStatus


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


def status_q(status: str, today: dt.date | None = None) -> Q:
    """The tasks in one of the four states on `today`, as an index-friendly condition."""
    today = today or dates.today()
    if status == TaskStatus.DONE_ON_TIME:
        return Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
    if status == TaskStatus.DONE_LATE:
        return Q(completed_on__isnull=False, completed_on__gt=F("due_date"))
    if status == TaskStatus.IN_TERM:
        return Q(completed_on__isnull=True, due_date__gte=today)
    if status == TaskStatus.OVERDUE:
        return Q(completed_on__isnull=True, due_date__lt=today)
    return Q()


def filter_status(qs: QuerySet[Task], status: str, today: dt.date | None = None) -> QuerySet[Task]:
    """Tasks in one of the four states, as an index-friendly filter."""
    return qs.filter(status_q(status, today))


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


def _my_work_sorted(qs: QuerySet[Task], today: dt.date | None) -> QuerySet[Task]:
    """My work's order: open tasks first, then by due date and id (read from the index
    "task_mine_by_id", see `Task.Meta`)."""
    return task_list(qs, today).order_by(
        Case(When(completed_on__isnull=True, then=Value(0)), default=Value(1)), "due_date", "pk"
    )


def _led_by(orgs: list[int]) -> QuerySet[Task]:
    return Task.objects.order_by().filter(lead_id__in=orgs).values("pk")


def _assigned_to(user: User) -> QuerySet:
    return Task.assignees.through.objects.order_by().filter(user_id=user.pk).values("task_id")


def _partnered_by(orgs: list[int]) -> QuerySet:
    return (
        Task.partners.through.objects.order_by().filter(organisation_id__in=orgs).values("task_id")
    )


def my_work(user: User, today: dt.date | None = None) -> QuerySet[Task]:
    """Open and recent tasks the user leads, partners on, or is assigned to."""
    orgs = list(scope_for(user).org_roles)
    # one IN over the union of three indexed look-ups, not EXISTS per task nor an OR of three
    # INs: PostgreSQL turns the OR into a scan of every task testing two hashed lists (82 ms
    # at 100,000 tasks, and it expects 75,000 rows where there are 2,000); the union is read
    # by index on both backends
    mine = _led_by(orgs).union(_assigned_to(user), _partnered_by(orgs))
    return _my_work_sorted(tasks_visible_to(user).filter(pk__in=mine), today)


@dataclass
class MyWork:
    """My work in its two groups, each sorted as `my_work`: the tasks the user's
    organisations lead, then the others they only support (a partner) or the user is assigned
    to. The two together are `my_work`'s tasks, each once."""

    led: QuerySet[Task]
    supported: QuerySet[Task]


def my_work_groups(user: User, today: dt.date | None = None) -> MyWork:
    """`my_work` split by the role of the user's organisations: the same indexed look-ups, a
    task led by them is in `led` only (even when they also partner on it)."""
    orgs = list(scope_for(user).org_roles)
    visible = tasks_visible_to(user)
    led = visible.filter(pk__in=_led_by(orgs))
    # the led ids taken out inside the look-up (EXCEPT), which stays a short list read by id
    # from the index: a NOT IN outside it made PostgreSQL test every task of the index
    # against the hashed list (99,000 rows at 100,000 tasks, 170 ms)
    others = _assigned_to(user).union(_partnered_by(orgs)).difference(_led_by(orgs))
    supported = visible.filter(pk__in=others)
    return MyWork(led=_my_work_sorted(led, today), supported=_my_work_sorted(supported, today))


class JoinedIds:
    """The ids of two sorted querysets, the first's before the second's, sliced as one list
    (for a Paginator): a slice reads only the rows it needs of each, by LIMIT and OFFSET, so a
    page costs one query, or two where it spans both. `first_count` is counted beforehand."""

    def __init__(self, first: QuerySet, first_count: int, second: QuerySet, total: int) -> None:
        self.first = first.values_list("pk", flat=True)
        self.second = second.values_list("pk", flat=True)
        self.first_count = first_count
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, where: slice) -> list[int]:
        start, stop, step = where.indices(self.total)
        if step != 1:
            raise ValueError("JoinedIds slices without a step")
        split = self.first_count
        ids: list[int] = []
        if start < split:
            ids += list(self.first[start : min(stop, split)])
        if stop > split:
            ids += list(self.second[max(start - split, 0) : stop - split])
        return ids


def tasks_in_order(ids: list[int], today: dt.date | None = None) -> list[Task]:
    """The tasks of `ids` as a list shows them, in the order of `ids`: one query by primary key.
    A page of a long list reads its ids first (a narrow query an index answers, see
    `Task.Meta`'s "task_mine_by_id") and then only its own rows: reading the rows in the
    sorting query makes PostgreSQL scan every task (200 ms at 100,000 tasks, issue 19)."""
    rows = task_list(Task.objects.filter(pk__in=ids), today).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


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
