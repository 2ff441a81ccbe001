"""A server-drawn Gantt chart: bars per task on a time axis at a chosen zoom, the baseline under
the current plan, today's line, arrows for finish-to-start links and the critical path.

The axis always begins at or before the first start and ends at or after the last date any bar
or baseline reaches, so no bar runs off it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from hoptac.core import dates

from .models import TaskDependency
from .models.tasks import SHORT_TITLE_MAX

ROW = 40  # two lines of label: "lead · short title", then the due date and the full title
BAR_TOP = 11
LABEL_WIDTH = 0  # labels are in the HTML table beside the SVG
WIDTH = 760  # "fit": the axis fits beside the labels in the page's width
MAX_WIDTH = 12000  # a week zoom over a long programme scrolls, but stays drawable
# pixels per day at each zoom; "" fits the whole programme in WIDTH
ZOOMS = {"week": 14.0, "month": 3.5, "quarter": 1.2, "year": 0.4}


@dataclass
class Bar:
    task: object
    x: float
    w: float
    y: float
    baseline_x: float | None  # where the original due date falls, when it moved
    baseline_w: float | None  # the baseline bar (start to original due date)
    progress_w: float
    status: str
    critical: bool = False
    successors: list[tuple[int, int]] = field(default_factory=list)  # (pk, lag days)
    short: str = ""  # the task's short title, or the words that tell it from its neighbours
    lead: str = ""  # the lead's abbreviation, else its name

    @property
    def label(self) -> str:
        """What the chart names the task by: "lead · short title"."""
        return f"{self.lead} · {self.short}" if self.lead else self.short


@dataclass
class Arrow:
    x1: float
    y1: float
    x2: float
    y2: float
    critical: bool = False

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
    months: list[tuple[float, str]]  # the axis ticks: (x, label)
    today_x: float | None
    height: int
    width: int = WIDTH
    start: dt.date | None = None
    px_per_day: float = 0.0
    zoom: str = ""


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _floor(day: dt.date, zoom: str) -> dt.date:
    if zoom == "week":
        return day - dt.timedelta(days=day.weekday())
    if zoom == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if zoom == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1)


def _step(day: dt.date, zoom: str) -> dt.date:
    if zoom == "week":
        return day + dt.timedelta(days=7)
    if zoom == "quarter":
        for _ in range(3):
            day = _next_month(day)
        return day
    if zoom == "year":
        return day.replace(year=day.year + 1)
    return _next_month(day)


def _label(day: dt.date, zoom: str) -> str:
    if zoom == "week":
        return day.strftime("%d/%m")
    if zoom == "quarter":
        return f"Q{(day.month - 1) // 3 + 1}/{day.year}"
    if zoom == "year":
        return str(day.year)
    return day.strftime("%m/%Y")


def finish_of(task) -> dt.date:
    return task.completed_on or task.due_date


def critical_path(
    tasks: list, links: list[tuple[int, int, int]]
) -> tuple[set[int], set[tuple[int, int]]]:
    """The chain of tasks that decides when the whole plan ends: from the task that finishes
    last, back through the predecessor that drives each one (the latest finish plus lag)."""
    if not tasks:
        return set(), set()
    by_pk = {t.pk: t for t in tasks}
    preds: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pred, succ, lag in links:
        if pred in by_pk and succ in by_pk:
            preds[succ].append((pred, lag))
    current = max(tasks, key=lambda t: (finish_of(t), t.pk))
    tasks_on, edges = {current.pk}, set()
    while preds[current.pk]:
        pred, _lag = max(
            preds[current.pk],
            key=lambda pl: (finish_of(by_pk[pl[0]]) + dt.timedelta(days=pl[1]), pl[0]),
        )
        if pred in tasks_on:  # a cycle cannot be saved, but never loop on bad data
            break
        tasks_on.add(pred)
        edges.add((pred, current.pk))
        current = by_pk[pred]
    return tasks_on, edges


def _cut(text: str, limit: int = SHORT_TITLE_MAX) -> str:
    """At most `limit` characters, cut after a whole word, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:–-") + "…"


def short_titles(tasks: list) -> dict[int, str]:
    """Each task's short title; where it has none, its title from the first word it does not
    share with the title most like it ("Tổ chức hội thảo về du lịch" beside "Tổ chức hội thảo
    về đầu tư": "… du lịch"), cut to a few words. The titles are sorted word by word, so the
    most alike are neighbours: one pass, not every pair."""
    words = {t.pk: t.title.split() for t in tasks}
    folded = {pk: [w.casefold() for w in ws] for pk, ws in words.items()}
    order = sorted(words, key=lambda pk: (folded[pk], pk))
    shared = dict.fromkeys(words, 0)
    twins = set()  # the same title as another: the lead and due date tell them apart
    for a, b in zip(order, order[1:], strict=False):
        n = 0
        for wa, wb in zip(folded[a], folded[b], strict=False):
            if wa != wb:
                break
            n += 1
        shared[a], shared[b] = max(shared[a], n), max(shared[b], n)
        if folded[a] == folded[b]:
            twins |= {a, b}
    out = {}
    for t in tasks:
        if t.short_title.strip():
            out[t.pk] = _cut(t.short_title.strip())
            continue
        ws, k = words[t.pk], shared[t.pk]
        if k >= len(ws) and t.pk not in twins:  # the start of a longer title: its last words
            k = max(0, len(ws) - 2)
        if 0 < k < len(ws):
            out[t.pk] = "… " + _cut(" ".join(ws[k:]), SHORT_TITLE_MAX - 2)
        else:
            out[t.pk] = _cut(" ".join(ws))
    return out


def build_gantt(tasks: list, today: dt.date | None = None, zoom: str = "") -> Gantt:
    """Lay out tasks (already ordered) on one time axis at a zoom; one query for the links."""
    today = today or dates.today()
    zoom = zoom if zoom in ZOOMS else ""
    if not tasks:
        return Gantt([], [], [], None, ROW, zoom=zoom)
    start = _floor(min(t.start_date for t in tasks), zoom)
    last = max(max(t.due_date, t.baseline_due_date, finish_of(t)) for t in tasks)
    end = _step(_floor(last, zoom), zoom)
    span = max(1, (end - start).days)
    px = ZOOMS.get(zoom) or WIDTH / span
    width = round(min(MAX_WIDTH, span * px))
    px = width / span

    def x(day: dt.date) -> float:
        return round(min(span, max(0, (day - start).days)) * px, 1)

    links = list(
        TaskDependency.objects.filter(
            predecessor_id__in=[t.pk for t in tasks], successor_id__in=[t.pk for t in tasks]
        ).values_list("predecessor_id", "successor_id", "lag_days")
    )
    on_path, path_edges = critical_path(tasks, links)
    shorts = short_titles(tasks)
    bars, rows = [], {}
    for i, t in enumerate(tasks):
        finish = finish_of(t)
        bx, bw = x(t.start_date), max(3.0, x(max(finish, t.start_date)) - x(t.start_date))
        moved = t.baseline_due_date != t.due_date
        bars.append(
            Bar(
                t,
                bx,
                bw,
                i * ROW + BAR_TOP,
                x(t.baseline_due_date) if moved else None,
                max(3.0, x(t.baseline_due_date) - bx) if moved else None,
                round(bw * (t.progress or 0) / 100, 1),
                t.status,
                critical=t.pk in on_path,
                short=shorts[t.pk],
                lead=t.lead.abbreviation or t.lead.name,
            )
        )
        rows[t.pk] = bars[-1]
    arrows = []
    for pred, succ, lag in links:
        a, b = rows[pred], rows[succ]
        a.successors.append((succ, lag))
        arrows.append(Arrow(a.x + a.w, a.y + 7, b.x, b.y + 7, (pred, succ) in path_edges))
    ticks, tick = [], start
    if not zoom:  # fit: months, or quarters and years on long programmes
        step = 1 if span < 800 else (3 if span < 2500 else 12)
        while tick < end:
            ticks.append((x(tick), tick.strftime("%m/%Y")))
            for _ in range(step):
                tick = _next_month(tick)
        end_label = end.strftime("%m/%Y")
    else:
        while tick < end:
            ticks.append((x(tick), _label(tick, zoom)))
            tick = _step(tick, zoom)
        end_label = _label(end, zoom)
    # the axis runs to the tick after the last date, and says where it ends
    if ticks and x(end) - ticks[-1][0] < 50:
        ticks.pop()  # too close to the end's label to be read beside it
    ticks.append((x(end), end_label))
    today_x = x(today) if start <= today <= end else None
    return Gantt(
        bars, arrows, ticks, today_x, len(tasks) * ROW + 10, width, start, round(px, 4), zoom
    )
