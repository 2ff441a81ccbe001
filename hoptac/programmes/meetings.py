"""Meetings of the joint steering committee: call one (its agenda drawn from the overdue and
at-risk tasks of the agreement), record its minutes, and turn its conclusions into tasks.

A task is at risk when it is not done, still within term, falls due within AT_RISK_DAYS, and its
progress trails the share of its time already spent by more than AT_RISK_GAP points.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from hoptac.core import dates
from hoptac.core.models import Organisation, User

from . import actions
from .models import AgendaItem, Agreement, Commitment, Conclusion, SteeringMeeting, Task
from .queries import tasks_visible_to

AT_RISK_DAYS = 60
AT_RISK_GAP = 20


def is_at_risk(task: Task, today: dt.date) -> bool:
    """Open, within term, due soon, and behind the time already spent (see the module)."""
    if task.completed_on is not None or task.due_date < today:
        return False
    if (task.due_date - today).days > AT_RISK_DAYS:
        return False
    total = max(1, (task.due_date - task.start_date).days)
    spent = min(100, max(0, (today - task.start_date).days * 100 // total))
    return spent - (task.progress or 0) > AT_RISK_GAP


def agenda_for(agreement: Agreement, user: User, today: dt.date | None = None) -> list[tuple]:
    """(task, reason) for the overdue tasks (oldest due first), then those at risk."""
    today = today or dates.today()
    tasks = (
        tasks_visible_to(user)
        .filter(commitment__agreement=agreement, completed_on__isnull=True)
        .filter(due_date__lte=today + dt.timedelta(days=AT_RISK_DAYS))
        .select_related("lead__locality")
        .order_by("due_date", "pk")
    )
    overdue = [(t, AgendaItem.Reason.OVERDUE) for t in tasks if t.due_date < today]
    at_risk = [(t, AgendaItem.Reason.AT_RISK) for t in tasks if is_at_risk(t, today)]
    return overdue + at_risk


def meetings_of(agreement: Agreement) -> QuerySet[SteeringMeeting]:
    return agreement.meetings.select_related("called_by")


def meeting_detail(pk: int) -> SteeringMeeting:
    return (
        SteeringMeeting.objects.select_related("agreement", "called_by")
        .prefetch_related("items__task__lead__locality", "conclusions__task__lead")
        .get(pk=pk)
    )


@transaction.atomic
def call_meeting(
    agreement: Agreement, by: User, *, held_on: dt.date, place: str = ""
) -> SteeringMeeting:
    """A coordinator of a party calls a review meeting; its agenda is drawn now, as things
    stand (the items keep the progress and due date they had)."""
    if not by.has_perm("programmes.add_task_to_agreement", agreement):
        raise PermissionDenied(_("Only a coordinator of a party calls the steering committee."))
    meeting = SteeringMeeting(agreement=agreement, held_on=held_on, place=place, called_by=by)
    meeting._history_user = by
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            task=t,
            reason=reason,
            progress=t.progress,
            due_date=t.due_date,
            order=i,
        )
        for i, (t, reason) in enumerate(agenda_for(agreement, by))
    )
    return meeting


def record_minutes(meeting: SteeringMeeting, by: User, minutes: str) -> SteeringMeeting:
    """Write (or correct) the minutes; the history keeps every version and who wrote it."""
    if not by.has_perm("programmes.add_task_to_agreement", meeting.agreement):
        raise PermissionDenied(_("Only a coordinator of a party records the minutes."))
    meeting.minutes = minutes.strip()
    meeting._history_user = by
    meeting.save(update_fields=["minutes"])
    update_change_reason(meeting, str(_("minutes")))
    return meeting


@transaction.atomic
def add_conclusion(
    meeting: SteeringMeeting,
    by: User,
    text: str,
    *,
    commitment: Commitment | None = None,
    lead: Organisation | None = None,
    due_date: dt.date | None = None,
) -> Conclusion:
    """Record a conclusion; with a commitment, a lead and a due date it becomes a new task
    (created through `actions.create_task`, so only where the user may create it)."""
    if not by.has_perm("programmes.add_task_to_agreement", meeting.agreement):
        raise PermissionDenied(_("Only a coordinator of a party records conclusions."))
    if not text.strip():
        raise ValidationError({"text": _("Write the conclusion.")})
    task = None
    if commitment is not None or lead is not None or due_date is not None:
        if commitment is None or lead is None or due_date is None:
            raise ValidationError(
                _("To turn the conclusion into a task, give its commitment, lead and due date.")
            )
        if commitment.agreement_id != meeting.agreement_id:
            raise ValidationError({"commitment": _("This commitment is of another agreement.")})
        start = max(meeting.held_on, dates.today())
        if due_date < start:
            raise ValidationError({"due_date": _("The due date is before the task can start.")})
        task = actions.create_task(
            commitment,
            by,
            title=actions.short_title(text),
            lead=lead,
            start_date=start,
            due_date=due_date,
            description=str(
                _("Conclusion of the steering committee meeting of %(date)s")
                % {"date": meeting.held_on.strftime("%d/%m/%Y")}
            ),
        )
    conclusion = Conclusion(meeting=meeting, text=text.strip(), task=task)
    conclusion._history_user = by
    conclusion.save()
    return conclusion
