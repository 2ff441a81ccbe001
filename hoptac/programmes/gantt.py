"""A server-drawn timeline: bars per task on a month scale, arrows for finish-to-start links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hoptac.core import dates

from .models import TaskDependency

ROW = 40  # two lines of label: the title, then the lead and due date (titles repeat)
BAR_TOP = 13
LABEL_WIDTH = 0  # labels are in the HTML table beside the SVG
WIDTH = 760  # fits beside the labels in the page's width: the axis is seen to its end


@dataclass
class Bar:
    task: object
    x: float
    w: float
    y: float
    baseline_x: float | None
    progress_w: float
    status: str


@dataclass
class Arrow:
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def path(self) -> str:
        """A smooth curve from the end of one bar to the start of the next."""
        return (
            f"M{self.x1},{self.y1} C{self.x1 + 14},{self.y1} {self.x2 - 14},{self.y2} "
            f"{self.x2},{self.y2}"
        )


@dataclass
class Gantt:
    bars: list[Bar]
    arrows: list[Arrow]
    months: list[tuple[float, str]]
    today_x: float | None
    height: int
    width: int = WIDTH


def build_gantt(tasks: list, today: dt.date | None = None) -> Gantt:
    """Lay out tasks (already ordered) on one time axis; two queries at most."""
    today = today or dates.today()
    if not tasks:
        return Gantt([], [], [], None, ROW)
    start = min(t.start_date for t in tasks).replace(day=1)
    end = max(max(t.due_date, t.baseline_due_date, t.completed_on or t.due_date) for t in tasks)
    end = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    span = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return round((day - start).days / span * WIDTH, 1)

    bars, rows = [], {}
    for i, t in enumerate(tasks):
        finish = t.completed_on or t.due_date
        bx, bw = x(t.start_date), max(3.0, x(max(finish, t.start_date)) - x(t.start_date))
        baseline = x(t.baseline_due_date) if t.baseline_due_date != t.due_date else None
        bars.append(
            Bar(
                t,
                bx,
                bw,
                i * ROW + BAR_TOP,
                baseline,
                round(bw * (t.progress or 0) / 100, 1),
                t.status,
            )
        )
        rows[t.pk] = bars[-1]
    arrows = [
        Arrow(a.x + a.w, a.y + 7, b.x, b.y + 7)
        for pred, succ in TaskDependency.objects.filter(
            predecessor_id__in=rows, successor_id__in=rows
        ).values_list("predecessor_id", "successor_id")
        for a, b in [(rows[pred], rows[succ])]
    ]
    months, month = [], start
    step = 1 if span < 800 else (3 if span < 2500 else 12)
    while month < end:
        months.append((x(month), month.strftime("%m/%Y")))
        for _ in range(step):
            month = (month + dt.timedelta(days=32)).replace(day=1)
    # the axis runs to the month after the last date, and says where it ends
    if months and x(end) - months[-1][0] < 50:
        months.pop()  # too close to the end's label to be read beside it
    months.append((x(end), end.strftime("%m/%Y")))
    today_x = x(today) if start <= today <= end else None
    return Gantt(bars, arrows, months, today_x, len(tasks) * ROW + 10)
