"""What changed on each task of the weekly digest, said in a line per change: its fields (from
the audit trail), its state (one of the four, from its dates then and now), new progress
reports, comments and extension requests.

Called inside the reader's language (`translation.override`): field names, states and the
sentences come out in it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hoptac.core.audit import changes_for

from .models import Comment, ExtensionRequest, ProgressReport, Task, TaskStatus, derive_status

# Said by their own lines (the report, the state) or not the reader's business.
QUIET_FIELDS = {"progress", "completed_on", "escalated_on", "baseline_due_date"}
# Long texts: the digest says they changed, not what they say.
LONG_FIELDS = {"description"}


def _shown(value: object) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _field_lines(task: Task, since: dt.datetime) -> list[str]:
    lines: list[str] = []
    for entry in reversed(changes_for(task, limit=30)):
        if entry.when < since:
            continue
        if entry.action == "+":
            lines.append(_("new task"))
            continue
        for c in entry.changes:
            if c.field in QUIET_FIELDS:
                continue
            if c.field in LONG_FIELDS:
                lines.append(_("%(field)s changed") % {"field": c.label})
            elif c.field == "title":  # the field's name ("task") would read "task: A → B"
                lines.append(
                    _("renamed from “%(before)s” to “%(after)s”")
                    % {"before": _shown(c.before), "after": _shown(c.after)}
                )
            else:
                lines.append(
                    _("%(field)s changed from %(before)s to %(after)s")
                    % {"field": c.label, "before": _shown(c.before), "after": _shown(c.after)}
                )
    return lines


def _states_before(tasks: list[Task], since: dt.datetime) -> dict[int, tuple]:
    """Each task's due date and completion date as they stood at `since` (two queries)."""
    history = Task.history.model.objects
    last = (
        history.filter(id__in=[t.pk for t in tasks], history_date__lt=since)
        .values("id")
        .annotate(last=Max("history_id"))
        .values_list("last", flat=True)
    )
    return {
        row[0]: row[1:]
        for row in history.filter(history_id__in=list(last)).values_list(
            "id", "due_date", "completed_on"
        )
    }


def what_changed(tasks: list[Task], since: dt.datetime, today: dt.date) -> dict[int, list[str]]:
    """For each task, the lines that say what changed on it since `since`."""
    if not tasks:
        return {}
    ids = [t.pk for t in tasks]
    before = _states_before(tasks, since)
    reports: dict[int, list[ProgressReport]] = defaultdict(list)
    for r in ProgressReport.objects.filter(task_id__in=ids, created__gte=since).order_by(
        "created", "pk"
    ):
        reports[r.task_id].append(r)
    comments = Counter(
        Comment.objects.filter(task_id__in=ids, created__gte=since).values_list(
            "task_id", flat=True
        )
    )
    extensions: dict[int, list[ExtensionRequest]] = defaultdict(list)
    for e in ExtensionRequest.objects.filter(task_id__in=ids, requested_at__gte=since).order_by(
        "requested_at"
    ):
        extensions[e.task_id].append(e)
    out: dict[int, list[str]] = {}
    for task in tasks:
        lines = _field_lines(task, since)
        if task.pk in before:
            due, completed = before[task.pk]
            then = derive_status(due, completed, since.date())
            now = task.status_on(today)
            if then != now:
                lines.append(
                    _("state: %(before)s → %(after)s")
                    % {"before": TaskStatus(then).label, "after": TaskStatus(now).label}
                )
        for r in reports[task.pk]:
            if r.reopened:
                lines.append(_("reopened at %(n)d%%") % {"n": r.progress})
            elif r.completed:
                lines.append(_("reported done"))
            else:
                lines.append(_("progress reported: %(n)d%%") % {"n": r.progress})
        for e in extensions[task.pk]:
            lines.append(
                _("more time asked for, to %(date)s") % {"date": e.new_due.strftime("%d/%m/%Y")}
            )
        if comments[task.pk]:
            n = comments[task.pk]
            lines.append(ngettext("%(n)d new comment", "%(n)d new comments", n) % {"n": n})
        out[task.pk] = lines
    return out
