"""The daily job: reminders before the due date, on the day, when overdue; escalation.

`send_reminders` is a plain function (tested directly); `daily_reminders` is the django-tasks
task that the worker runs, enqueued daily at 07:00 by `manage.py run_schedule` (registered in
apps.py; `manage.py send_reminders --enqueue` does it by hand).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from hoptac.core import dates
from hoptac.core.notifications import message, notify

from .actions.tasks import record_escalation
from .models import Reminder, ReminderPreference, Task
from .queries import coordinators_of, lead_team

ESCALATE_AFTER_DAYS = 7
DEFAULT_DAYS = [7, 1]


def _prefs(users) -> dict[int, ReminderPreference]:
    return {p.user_id: p for p in ReminderPreference.objects.filter(user__in=[u.pk for u in users])}


def _send(task_obj: Task, users, kind: str, for_date: dt.date, text) -> int:
    sent = 0
    prefs = _prefs(users)
    for user in users:
        pref = prefs.get(user.pk)
        try:
            with transaction.atomic():
                Reminder.objects.create(task=task_obj, user=user, kind=kind, for_date=for_date)
        except IntegrityError:
            continue  # already sent
        notify(
            [user],
            text,
            reverse("programmes:task_detail", args=[task_obj.pk]),
            email=pref.by_email if pref else True,
            in_app=pref.in_app if pref else True,
        )
        sent += 1
    return sent


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Send what is due today; never the same reminder twice. Returns counts by kind."""
    today = today or dates.today()
    counts = {"before": 0, "today": 0, "overdue": 0, "escalation": 0}
    horizon = today + dt.timedelta(days=60)
    open_tasks = Task.objects.filter(
        completed_on__isnull=True, due_date__lte=horizon
    ).select_related("lead__locality")
    for t in open_tasks.iterator(chunk_size=500):
        team = lead_team(t)
        days_left = (t.due_date - today).days
        if days_left > 0:
            prefs = _prefs(team)
            due_soon = [
                u
                for u in team
                if days_left in (prefs[u.pk].day_list() if u.pk in prefs else DEFAULT_DAYS)
            ]
            counts["before"] += _send(
                t,
                due_soon,
                Reminder.Kind.BEFORE,
                today,
                message(
                    _("“%(title)s” is due in %(days)s days (%(date)s)."),
                    title=t.title,
                    days=days_left,
                    date=t.due_date.strftime("%d/%m/%Y"),
                ),
            )
        elif days_left == 0:
            counts["today"] += _send(
                t,
                team,
                Reminder.Kind.DUE_TODAY,
                today,
                message(_("“%(title)s” is due today."), title=t.title),
            )
        else:
            overdue_days = -days_left
            if overdue_days == 1 or overdue_days % 7 == 0:
                counts["overdue"] += _send(
                    t,
                    team,
                    Reminder.Kind.OVERDUE,
                    today,
                    message(
                        _("“%(title)s” is %(days)s days overdue."), title=t.title, days=overdue_days
                    ),
                )
            if overdue_days >= ESCALATE_AFTER_DAYS and t.escalated_on is None:
                counts["escalation"] += _send(
                    t,
                    coordinators_of(t.lead.locality_id),
                    Reminder.Kind.ESCALATION,
                    today,
                    message(
                        _("Escalation: “%(title)s” (%(lead)s) is %(days)s days overdue."),
                        title=t.title,
                        lead=t.lead,
                        days=overdue_days,
                    ),
                )
                record_escalation(t, today)
    counts["report"] = _report_reminders(today)
    return counts


PERIOD_MONTHS = {
    Task.Recurrence.MONTHLY: 1,
    Task.Recurrence.QUARTERLY: 3,
    Task.Recurrence.HALF_YEARLY: 6,
    Task.Recurrence.YEARLY: 12,
}


def period_end(day: dt.date, recurrence: str) -> dt.date:
    """The last day of the reporting period (month, quarter, half-year, year) that holds `day`."""
    months = PERIOD_MONTHS[recurrence]
    last_month = ((day.month - 1) // months + 1) * months
    following = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _report_reminders(today: dt.date, days_before: int = 7) -> int:
    """Recurring reports: a week before the period closes, remind the lead of a task that has
    no progress report in the period yet."""
    from .models import ProgressReport

    sent = 0
    open_tasks = Task.objects.filter(completed_on__isnull=True, start_date__lte=today).exclude(
        reporting=""
    )
    for t in open_tasks.select_related("lead").iterator(chunk_size=500):
        end = period_end(today, t.reporting)
        if (end - today).days > days_before:
            continue
        months = PERIOD_MONTHS[t.reporting]
        start = end.replace(day=1)
        for _month in range(months - 1):
            start = (start - dt.timedelta(days=1)).replace(day=1)
        if ProgressReport.objects.filter(
            task=t, reported_on__gte=start, reported_on__lte=end
        ).exists():
            continue
        sent += _send(
            t,
            lead_team(t),
            Reminder.Kind.REPORT_DUE,
            end,
            message(
                _("The %(period)s report on “%(title)s” is due by %(date)s."),
                period=Task.Recurrence(t.reporting).label,
                title=t.title,
                date=end.strftime("%d/%m/%Y"),
            ),
        )
    return sent


@task()
def daily_reminders() -> dict[str, int]:
    return send_reminders()


@task()
def weekly_digest() -> int:
    """Each follower's digest of the week (enqueued weekly by `manage.py run_schedule`)."""
    from .watching import send_weekly_digests

    return send_weekly_digests()


def bulk_changes(clean: dict) -> dict:
    """A bulk edit's validated changes as the task queue stores them (ids, text, ISO dates)."""
    out: dict = {}
    for name in ("add_assignees", "remove_assignees", "add_partners", "remove_partners"):
        out[name] = [obj.pk for obj in clean.get(name) or ()]
    for name in ("add_tags", "remove_tags"):
        out[name] = list(clean.get(name) or ())
    out["new_due"] = clean["new_due"].isoformat() if clean.get("new_due") else None
    out["reason"] = clean.get("reason") or ""
    return out


@task()
def bulk_edit_in_background(user_id: int, task_ids: list[int], changes: dict) -> dict:
    """A bulk edit of more tasks than a request may hold (the task list's "change every
    matching task"): all or nothing, as in a request; the user is told the outcome."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from hoptac.core.models import Organisation, User

    from . import queries
    from .actions import bulk_edit_tasks

    user = User.objects.get(pk=user_id)
    tasks = list(
        queries.task_list(queries.tasks_visible_to(user))
        .prefetch_related("partners")
        .filter(pk__in=task_ids)
        .order_by("pk")
    )
    people = {u.pk: u for u in User.objects.filter(pk__in=_ids(changes, "assignees"))}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=_ids(changes, "partners"))}
    kwargs = {
        "add_assignees": [people[i] for i in changes["add_assignees"] if i in people],
        "remove_assignees": [people[i] for i in changes["remove_assignees"] if i in people],
        "add_partners": [orgs[i] for i in changes["add_partners"] if i in orgs],
        "remove_partners": [orgs[i] for i in changes["remove_partners"] if i in orgs],
        "add_tags": changes["add_tags"],
        "remove_tags": changes["remove_tags"],
        "new_due": dt.date.fromisoformat(changes["new_due"]) if changes["new_due"] else None,
        "reason": changes["reason"],
    }
    where = reverse("programmes:task_list")
    problems: list[str] = []
    if len(tasks) != len(set(task_ids)):
        problems = [
            str(
                _("%(n)d of the tasks were removed or can no longer be seen by you.")
                % {"n": len(set(task_ids)) - len(tasks)}
            )
        ]
    else:
        try:
            changed = bulk_edit_tasks(tasks, user, **kwargs)
        except ValidationError as err:
            problems = list(err.messages)
        except PermissionDenied as err:
            problems = [str(err)]
    if problems:
        notify(
            [user],
            message(
                _("Your change of %(n)s tasks was not made, nothing was changed: %(problems)s"),
                n=len(set(task_ids)),
                problems=" ".join(problems),
            ),
            where,  # the e-mail holds every problem; the in-app notice its first 500 characters
        )
        return {"changed": 0, "problems": problems}
    notify([user], message(_("Your change of %(n)s tasks is done."), n=changed), where, email=False)
    return {"changed": changed, "problems": []}


def _ids(changes: dict, kind: str) -> set[int]:
    return {*changes[f"add_{kind}"], *changes[f"remove_{kind}"]}
