"""The dashboard's counts read from the counts the writes keep (decision 0014), not from a
pass over the tasks: one row per (commitment, lead locality) the user may see, plus, when a
row was counted on another day than `today`, the open tasks whose due date lies between that
day and today (they changed sides between "within term" and "overdue" since)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from hoptac.core import dates
from hoptac.core.models import User
from hoptac.core.queries import scope_for

from ..models import Agreement, Commitment, Task, TaskCount, TaskMonthCount, TaskStatus
from .dashboard import (
    LONGEST_TREND,
    Board,
    DashboardCounts,
    StatusCounts,
    _tables,
    dashboard_counts,
    first_month,
    monthly_trend,
    months_before,
    named_tables,
    trend_start,
)
from .visibility import tasks_visible_to

# the filters of the dashboard the kept counts can answer; any other one needs the tasks
KEPT_FILTERS = {"agreement", "field", "locality", "status"}
STATE_INDEX = {
    TaskStatus.DONE_ON_TIME: 0,
    TaskStatus.DONE_LATE: 1,
    TaskStatus.IN_TERM: 2,
    TaskStatus.OVERDUE: 3,
}


def answerable(filters: dict) -> bool:
    """True if the kept counts answer these dashboard filters (a title search or an
    organisation, which may be a partner, needs the tasks themselves)."""
    return not any(v for k, v in filters.items() if k not in KEPT_FILTERS)


def _filtered(qs: QuerySet, filters: dict, commitment: str, locality: str) -> QuerySet:
    if filters.get("agreement"):
        qs = qs.filter(**{f"{commitment}__agreement": filters["agreement"]})
    if filters.get("field"):
        qs = qs.filter(
            Exists(
                Commitment.fields.through.objects.filter(
                    commitment_id=OuterRef(f"{commitment}_id"),
                    cooperationfield_id=filters["field"].pk,
                )
            )
        )
    if filters.get("locality"):
        qs = qs.filter(**{locality: filters["locality"]})
    return qs


def _visible(user: User) -> QuerySet[TaskCount]:
    """The kept rows of the agreements the user may see (the rule of tasks_visible_to)."""
    qs = TaskCount.objects.order_by()
    scope = scope_for(user)
    if scope.is_superuser:
        return qs
    if not scope.localities:
        return qs.none()
    return qs.filter(
        Exists(
            Agreement.parties.through.objects.filter(
                agreement_id=OuterRef("commitment__agreement_id"),
                locality_id__in=list(scope.localities),
            )
        )
    )


def kept_rows(user: User, filters: dict, today: dt.date | None = None) -> list[list[int]]:
    """[commitment, locality, done on time, done late, within term, overdue] per group the
    user may see and the filters keep, on `today`."""
    today = today or dates.today()
    qs = _filtered(_visible(user), filters, "commitment", "locality")
    rows: dict[tuple[int, int], list] = {}
    pivots: dict[tuple[int, int], dt.date] = {}
    for c, loc, pivot, a, b, open_from, open_before in qs.values_list(
        "commitment_id",
        "locality_id",
        "pivot",
        "done_on_time",
        "done_late",
        "open_from_pivot",
        "open_before_pivot",
    ):
        rows[(c, loc)] = [c, loc, a, b, open_from, open_before]
        pivots[(c, loc)] = pivot
    if any(p != today for p in pivots.values()):
        _move_open_tasks(user, filters, today, rows, pivots)
    status = filters.get("status")
    if status:
        keep = STATE_INDEX[TaskStatus(status)]
        for row in rows.values():
            for i in range(4):
                if i != keep:
                    row[2 + i] = 0
    return [row for row in rows.values() if any(row[2:])]


def kept_count(user: User, filters: dict, today: dt.date | None = None) -> int:
    """How many tasks the user may see match the filters (`answerable` ones): one sum over the
    kept rows, or the rows read with their correction when the state depends on the day."""
    today = today or dates.today()
    status = filters.get("status")
    columns = {
        TaskStatus.IN_TERM: ["open_from_pivot"],
        TaskStatus.OVERDUE: ["open_before_pivot"],
    }.get(status, [status] if status else list(COLUMNS))
    if status in (TaskStatus.IN_TERM, TaskStatus.OVERDUE):
        if TaskCount.objects.exclude(pivot=today).exists():  # rows of another day: correct
            return sum(sum(row[2:]) for row in kept_rows(user, filters, today))
    qs = _filtered(_visible(user), filters, "commitment", "locality")
    total = F(columns[0])
    for name in columns[1:]:
        total = total + F(name)
    return qs.aggregate(n=Sum(total))["n"] or 0


def _move_open_tasks(
    user: User,
    filters: dict,
    today: dt.date,
    rows: dict[tuple[int, int], list],
    pivots: dict[tuple[int, int], dt.date],
) -> None:
    """Open tasks due between a row's pivot and today: within term on one day, overdue on the
    other. One grouped query over the days between the earliest pivot and today."""
    low = min(today, *pivots.values())
    high = max(today, *pivots.values())
    tasks = _filtered(tasks_visible_to(user), filters, "commitment", "lead__locality")
    moved = (
        tasks.order_by()
        .filter(completed_on__isnull=True, due_date__gte=low, due_date__lt=high)
        .values_list("commitment_id", "lead__locality_id", "due_date")
        .annotate(n=Count("pk"))
    )
    for c, loc, due, n in moved:
        pivot = pivots.get((c, loc))
        if pivot is None:  # a group the rows do not know (a write outside save): see rebuild
            continue
        was_overdue, is_overdue = due < pivot, due < today
        if was_overdue and not is_overdue:
            rows[(c, loc)][5] -= n
            rows[(c, loc)][4] += n
        elif is_overdue and not was_overdue:
            rows[(c, loc)][4] -= n
            rows[(c, loc)][5] += n


def dashboard_tables(
    user: User, filters: dict, tasks: QuerySet[Task], today: dt.date | None = None
) -> DashboardCounts:
    """The dashboard's tables for the filters: from the kept counts when they can answer,
    else from one pass over `tasks` (the same filters applied to the tasks)."""
    if answerable(filters):
        return kept_tables(user, filters, today)
    return dashboard_counts(tasks, today)


COLUMNS = ("done_on_time", "done_late", "open_from_pivot", "open_before_pivot")


def kept_tables(user: User, filters: dict, today: dt.date | None = None) -> DashboardCounts:
    """The dashboard's tables from the kept rows: grouped by lead locality and by field in the
    database when every row was counted today (the usual case: the nightly rebuild and each
    recount count at today), else from the rows read one by one and corrected (`kept_rows`)."""
    today = today or dates.today()
    if TaskCount.objects.exclude(pivot=today).exists():
        return _tables(kept_rows(user, filters, today))
    qs = _filtered(_visible(user), filters, "commitment", "locality")
    sums = {f"n_{name}": Sum(name) for name in COLUMNS}
    by_locality = {k: list(v) for k, *v in qs.values_list("locality_id").annotate(**sums)}
    by_field = {k: list(v) for k, *v in qs.values_list("commitment__fields").annotate(**sums)}
    status = filters.get("status")
    if status:
        keep = STATE_INDEX[TaskStatus(status)]
        for table in (by_locality, by_field):
            for key, counts in list(table.items()):
                table[key] = [n if i == keep else 0 for i, n in enumerate(counts)]
                if not table[key][keep]:
                    del table[key]
    return named_tables(by_locality, by_field)


def dashboard_trend(
    user: User, filters: dict, tasks: QuerySet[Task], months: int, today: dt.date | None = None
) -> list[dict]:
    """The dashboard's monthly trend: the past months from the kept monthly rows and this month
    from its tasks when the filters allow (none, or a lead locality), else `monthly_trend`
    over `tasks` (the filtered tasks); the same months either way (`trend_start`)."""
    today = today or dates.today()
    if any(v for k, v in filters.items() if k != "locality"):
        return monthly_trend(tasks, months, today)
    first, current = first_month(today, LONGEST_TREND), today.replace(day=1)
    keys = list(TaskMonthCount.objects.order_by().values_list("parties", flat=True).distinct())
    scope = scope_for(user)
    if not scope.is_superuser:
        mine = {str(pk) for pk in scope.localities}
        keys = [k for k in keys if mine & set(k.split(","))]
    rows = TaskMonthCount.objects.filter(parties__in=keys, month__gte=first, month__lt=current)
    if filters.get("locality"):
        rows = rows.filter(locality=filters["locality"])
    past = {
        month: (due, on_time, late)
        for month, due, on_time, late in rows.order_by()
        .values_list("month")
        .annotate(Sum("due"), Sum("on_time"), Sum("late"))
    }
    now = _filtered(tasks_visible_to(user), filters, "commitment", "lead__locality")
    # (this month is always shown: only the past months can move the trend's start)
    earliest = min((month for month, counts in past.items() if any(counts)), default=None)
    out = []
    for month in months_before(trend_start(today, months, earliest), current):
        due, on_time, late = past.get(month, (0, 0, 0))
        out.append({"month": month, "due": due, "on_time": on_time, "late": late})
    return out + monthly_trend(now, 1, today, extend=False)


def board_for(agreement: Agreement, user: User, today: dt.date | None = None) -> Board:
    """Counts of tasks by field (rows) and lead locality (columns) in the four states, from
    the kept counts of the agreement's commitments (decision 0014): a task counts in the row
    of each field of its commitment."""
    from hoptac.core.models import CooperationField

    today = today or dates.today()
    rows = kept_rows(user, {"agreement": agreement}, today)
    fields_of: dict[int, list[int | None]] = defaultdict(list)
    for commitment_id, field_id in Commitment.fields.through.objects.filter(
        commitment__agreement=agreement
    ).values_list("commitment_id", "cooperationfield_id"):
        fields_of[commitment_id].append(field_id)
    cells: dict[tuple[int | None, int], StatusCounts] = {}
    for commitment_id, locality_id, *counts in rows:
        for field_id in fields_of.get(commitment_id) or [None]:
            cell = cells.setdefault((field_id, locality_id), StatusCounts())
            cell.done_on_time += counts[0]
            cell.done_late += counts[1]
            cell.in_term += counts[2]
            cell.overdue += counts[3]
    totals = StatusCounts(*(sum(r[2 + i] for r in rows) for i in range(4)))
    field_ids = {k[0] for k in cells}
    fields = list(
        CooperationField.objects.filter(Q(pk__in=field_ids) | Q(commitments__agreement=agreement))
        .distinct()
        .order_by("order")
    )
    localities = list(agreement.parties.order_by("code"))
    return Board(fields, localities, cells, totals)
