"""Tasks: created, changed, commented on, chained, escalated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from hoptac.core.models import Organisation, User
from hoptac.core.notifications import message, notify

from ..models import (
    Comment,
    Commitment,
    Task,
    TaskDependency,
)
from ..queries import lead_team
from ..watching import tell_watchers
from .common import require_perm


@transaction.atomic
def create_task(
    commitment: Commitment,
    by: User,
    *,
    title: str,
    lead: Organisation,
    short_title: str = "",
    start_date: dt.date,
    due_date: dt.date,
    partners: Iterable[Organisation] = (),
    assignees: Iterable[User] = (),
    description: str = "",
    reporting: str = "",
) -> Task:
    """Create a task; the creator must coordinate the lead's locality (or be a superuser)."""
    probe = Task(commitment=commitment, lead=lead, start_date=start_date, due_date=due_date)
    require_perm(by, "programmes.change_task", probe)
    task = Task(
        commitment=commitment,
        title=title,
        short_title=short_title.strip(),
        description=description,
        lead=lead,
        start_date=start_date,
        due_date=due_date,
        reporting=reporting,
    )
    task.full_clean()
    task._history_user = by
    task.save()
    task.partners.set([p for p in partners if p.pk != lead.pk])
    task.assignees.set(assignees)
    team = lead_team(task)
    notify(
        team,
        message(_("New task for your organisation: %(title)s"), title=title),
        reverse("programmes:task_detail", args=[task.pk]),
    )
    tell_watchers(task, by, message(_("New task: %(title)s"), title=title), already=team)
    return task


def record_escalation(task: Task, on: dt.date) -> Task:
    """Mark an overdue task as escalated to its coordinators (the daily job calls this once the
    coordinators are told); the task's history says when and why, by the system."""
    task.escalated_on = on
    task._history_user = None
    task.save(update_fields=["escalated_on"])
    update_change_reason(task, str(_("escalated to the coordinators")))
    return task


def add_comment(task: Task, by: User, text: str) -> Comment:
    """Anyone who may read the task may comment; the lead team hears of it."""
    require_perm(by, "programmes.comment_task", task)
    if not text.strip():
        raise ValidationError({"text": _("The comment is empty.")})
    comment = Comment.objects.create(task=task, author=by, text=text.strip()[:5000])
    told = [u for u in lead_team(task) if u.pk != by.pk]
    said = message(_("%(who)s commented on “%(title)s”"), who=by, title=task.title)
    notify(told, said, reverse("programmes:task_detail", args=[task.pk]), email=False)
    tell_watchers(task, by, said, already=told)
    return comment


def would_cycle(predecessor: Task, successor: Task) -> bool:
    """True if making `successor` wait for `predecessor` closes a loop."""
    if predecessor.pk == successor.pk:
        return True
    seen, frontier = {successor.pk}, [successor.pk]
    while frontier:
        nxt = list(
            TaskDependency.objects.filter(predecessor_id__in=frontier).values_list(
                "successor_id", flat=True
            )
        )
        if predecessor.pk in nxt:
            return True
        frontier = [n for n in nxt if n not in seen]
        seen.update(frontier)
    return False


@transaction.atomic
def add_dependency(
    predecessor: Task, successor: Task, by: User, lag_days: int = 0
) -> TaskDependency:
    """Finish-to-start link; refused when it would make a cycle."""
    require_perm(by, "programmes.change_task", successor)
    if would_cycle(predecessor, successor):
        raise ValidationError(
            _("“%(a)s” cannot wait for “%(b)s”: the tasks would wait for each other.")
            % {"a": successor.title, "b": predecessor.title}
        )
    if TaskDependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError(
            _("“%(a)s” already waits for “%(b)s”.") % {"a": successor.title, "b": predecessor.title}
        )
    if not -365 <= lag_days <= 365:
        raise ValidationError({"lag_days": _("The lag must be between -365 and 365 days.")})
    return TaskDependency.objects.create(
        predecessor=predecessor, successor=successor, lag_days=lag_days
    )


def change_task(
    task: Task,
    by: User,
    *,
    title: str | None = None,
    short_title: str | None = None,
    description: str | None = None,
    reporting: str | None = None,
    partners: Iterable[Organisation] | None = None,
    assignees: Iterable[User] | None = None,
) -> Task:
    """Change what a task says and who works on it (not its dates: the due date moves only by
    an approved extension); the coordinator of the lead's locality, recorded in its history."""
    require_perm(by, "programmes.change_task", task)
    with transaction.atomic():
        if title is not None:
            task.title = title
        if short_title is not None:
            task.short_title = short_title.strip()
        if description is not None:
            task.description = description
        if reporting is not None:
            task.reporting = reporting
        task.full_clean()
        task._history_user = by
        task.save()
        if partners is not None:
            task.partners.set([p for p in partners if p.pk != task.lead_id])
        if assignees is not None:
            task.assignees.set(assignees)
    return task
