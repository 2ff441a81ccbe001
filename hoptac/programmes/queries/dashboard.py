from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
)

from hoptac.core import dates
from hoptac.core.models import Locality
from hoptac.core.text import vi_sorted

from ..models import Commitment, Task, TaskStatus

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


def first_month(today: dt.date, months: int) -> dt.date:
    """The first day of the first of the `months` months ending with today's."""
    first = today.replace(day=1)
    for _month in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


# The longest trend a dashboard draws: ten years of a programme.
LONGEST_TREND = 120


def trend_start(today: dt.date, months: int, earliest: dt.date | None) -> dt.date:
    """The first month a trend shows: the last `months` at least, and back to the first month
    in which a task fell due or was completed (a programme of several years shows its whole
    course, not only its last years), at most `LONGEST_TREND` months."""
    first = first_month(today, months)
    if earliest is not None and earliest < first:
        first = max(earliest.replace(day=1), first_month(today, LONGEST_TREND))
    return first


def monthly_trend(
    qs: QuerySet[Task], months: int = 12, today: dt.date | None = None, extend: bool = True
) -> list[dict]:
    """Per month: tasks falling due, and tasks completed on time and late, over the last `months`
    or, when `extend`, back to the first month with any of them (`trend_start`).

    Grouped by day in the database and summed into months here: SQLite's month truncation is a
    Python function called for every row, which costs more than the grouping itself.
    """
    today = today or dates.today()
    first = first_month(today, LONGEST_TREND if extend else months)
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
    active = [key for key, n in due.items() if n] + [key for key, n in done.items() if any(n)]
    earliest = dt.date(*min(active), 1) if active else None
    out = []
    start = trend_start(today, months, earliest) if extend else first
    for month in months_before(start, today + dt.timedelta(days=1)):
        key = (month.year, month.month)
        on_time, late = done.get(key, (0, 0))
        out.append({"month": month, "due": due.get(key, 0), "on_time": on_time, "late": late})
    return out


def months_before(first: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from `first` (a month's first day) up to, not including,
    `end`."""
    out, month = [], first
    while month < end:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


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
    return _tables(rows)


def _tables(rows: list) -> DashboardCounts:
    """The dashboard's tables from counts by (commitment, lead locality): rows of
    (commitment_id, locality_id, done on time, done late, within term, overdue)."""
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
    fields_of: dict[int, list[int]] = defaultdict(list)
    for commitment_id, field_id in Commitment.fields.through.objects.filter(
        commitment_id__in=list(by_commitment)
    ).values_list("commitment_id", "cooperationfield_id"):
        fields_of[commitment_id].append(field_id)
    by_field: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for commitment_id, counts in by_commitment.items():
        for field_id in fields_of.get(commitment_id) or [None]:
            for i, n in enumerate(counts):
                by_field[field_id][i] += n
    return named_tables(by_locality, by_field)


def named_tables(
    by_locality: dict[int, list[int]], by_field: dict[int | None, list[int]]
) -> DashboardCounts:
    """The dashboard's tables from the four counts by lead locality and by field (None: no
    field), merged by name as `counts_by` groups, in Vietnamese order."""
    from hoptac.core.models import CooperationField

    locality_names = dict(
        Locality.objects.filter(pk__in=list(by_locality)).values_list("pk", "name_vi")
    )
    field_names = dict(
        CooperationField.objects.filter(pk__in=[f for f in by_field if f]).values_list(
            "pk", "name_vi"
        )
    )

    def table(counts_of: dict, names: dict) -> list[dict]:
        named: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for key, counts in counts_of.items():
            for i, n in enumerate(counts):
                named[names.get(key)][i] += n
        ordered = vi_sorted(named.items(), key=lambda kv: kv[0] or "")
        return [{"label": k or "—", "counts": StatusCounts(*v)} for k, v in ordered]

    totals = StatusCounts(*(sum(c[i] for c in by_locality.values()) for i in range(4)))
    return DashboardCounts(table(by_locality, locality_names), table(by_field, field_names), totals)
