"""Progress and deadlines: reports with evidence, extension requests and decisions, reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from hoptac.core import dates
from hoptac.core import files as files_mod
from hoptac.core.models import User
from hoptac.core.notifications import message, notify

from ..models import (
    Evidence,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from ..queries import coordinators_of, lead_team
from ..watching import tell_watchers
from .common import require_perm


def report_progress(
    task: Task,
    by: User,
    *,
    progress: int,
    text: str,
    reported_on: dt.date | None = None,
    completed: bool = False,
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """Record progress with its evidence; a report that says 'done' (or 100%) completes the task.

    A finished task is closed: reporting on it again needs the coordinator to reopen it first
    (`reopen_task`), so its state and its percentage never disagree. Evidence files stored for a
    report that then fails are deleted again."""
    require_perm(by, "programmes.report_progress", task)
    if task.completed_on is not None:
        raise ValidationError(
            _(
                "This task is finished. To report on it again, the coordinator of the lead's "
                "locality must first reopen it."
            )
        )
    # All files are checked before anything is written.
    checked = [files_mod.check_upload(f, kinds=files_mod.EVIDENCE, extract=False) for f in files]
    with files_mod.removed_on_failure() as stored, transaction.atomic():
        return _record_progress(task, by, progress, text, reported_on, completed, checked, stored)


# what a validated ProgressForm gives `report_progress`, from the page and from the API
REPORT_FIELDS = ("progress", "text", "reported_on", "completed", "files")


def report_progress_from(task: Task, by: User, data: Mapping) -> ProgressReport:
    """`report_progress` with the cleaned data of a ProgressForm (the page's and the API's)."""
    return report_progress(task, by, **{name: data[name] for name in REPORT_FIELDS})


def _record_progress(
    task: Task,
    by: User,
    progress: int,
    text: str,
    reported_on: dt.date | None,
    completed: bool,
    checked: list[files_mod.CheckedFile],
    stored: list[str],
) -> ProgressReport:
    reported_on = reported_on or dates.today()
    if reported_on < task.start_date:
        raise ValidationError({"reported_on": _("The report date is before the task starts.")})
    if reported_on > dates.today():
        raise ValidationError({"reported_on": _("The report date is in the future.")})
    if completed or progress >= 100:
        completed, progress = True, 100
    report = ProgressReport.objects.create(
        task=task,
        author=by,
        reported_on=reported_on,
        progress=progress,
        text=text,
        completed=completed,
    )
    for evidence in checked:
        stored.append(files_mod.store(evidence, "evidence"))
        Evidence.objects.create(
            report=report,
            file=stored[-1],
            name=evidence.name,
            size=evidence.size,
            content_type=evidence.content_type,
        )
    task.progress = progress
    if completed and task.completed_on is None:
        task.completed_on = reported_on
    task._history_user = by
    task.save(update_fields=["progress", "completed_on"])
    update_change_reason(task, str(_("progress report")))
    told: list[User] = []
    if completed:
        told = coordinators_of(task.lead.locality_id)
        notify(
            told,
            message(_("Task completed: %(title)s"), title=task.title),
            reverse("programmes:task_detail", args=[task.pk]),
        )
    tell_watchers(
        task,
        by,
        message(
            _("%(who)s reported %(progress)s%% on “%(title)s”"),
            who=by,
            progress=progress,
            title=task.title,
        ),
        already=told,
    )
    return report


@transaction.atomic
def request_extension(task: Task, by: User, new_due: dt.date, reason: str) -> ExtensionRequest:
    """The lead asks for a later due date; the coordinator of the lead's locality decides."""
    require_perm(by, "programmes.request_extension", task)
    if task.completed_on:
        raise ValidationError(_("The task is already done."))
    if new_due <= task.due_date:
        raise ValidationError({"new_due": _("The new due date must be after the current one.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the extension.")})
    if task.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ValidationError(_("An extension request for this task is already waiting."))
    ext = ExtensionRequest.objects.create(
        task=task,
        requested_by=by,
        current_due=task.due_date,
        new_due=new_due,
        reason=reason.strip(),
    )
    told = coordinators_of(task.lead.locality_id)
    text = message(
        _("Extension requested for “%(title)s” to %(date)s"),
        title=task.title,
        date=new_due.strftime("%d/%m/%Y"),
    )
    notify(told, text, reverse("programmes:task_detail", args=[task.pk]))
    tell_watchers(task, by, text, already=told)
    return ext


@transaction.atomic
def decide_extension(
    ext: ExtensionRequest, by: User, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approve (the due date moves, the baseline stays) or reject a pending request."""
    task = ext.task
    require_perm(by, "programmes.decide_extension", task)
    ext = ExtensionRequest.objects.select_for_update().get(pk=ext.pk)
    if ext.state != ExtensionRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    ext.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED
    ext.decided_by, ext.decided_at, ext.decision_note = by, timezone.now(), note
    ext.save()
    if approve:
        task.due_date = ext.new_due
        task.escalated_on = None
        task._history_user = by
        task.save(update_fields=["due_date", "escalated_on"])
        update_change_reason(task, str(_("extension approved")))
    told = [ext.requested_by, *lead_team(task)]
    text = message(
        _("Extension approved: “%(title)s” is now due %(date)s")
        if approve
        else _("Extension refused for “%(title)s”; it stays due %(date)s"),
        title=task.title,
        date=task.due_date.strftime("%d/%m/%Y"),
    )
    notify(told, text, reverse("programmes:task_detail", args=[task.pk]))
    tell_watchers(task, by, text, already=told)
    return ext


@transaction.atomic
def reopen_task(
    task: Task, by: User, *, progress: int, reason: str, told_apart: Sequence[User] = ()
) -> ProgressReport:
    """The coordinator of the lead's locality reopens a finished task, saying why and how far it
    really is (below 100%); the entry joins the task's reports, the lead team is told (except
    `told_apart`: the officers whose request it answers, who hear of it once, as its answer)."""
    require_perm(by, "programmes.reopen_task", task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.completed_on is None:
        raise ValidationError(_("This task is not finished; there is nothing to reopen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for reopening the task.")})
    if not 0 <= progress < 100:
        raise ValidationError(
            {"progress": _("A reopened task is not done: its progress is between 0 and 99%.")}
        )
    report = ProgressReport.objects.create(
        task=task,
        author=by,
        reported_on=max(dates.today(), task.start_date),
        progress=progress,
        text=reason.strip(),
        reopened=True,
    )
    task.completed_on = None
    task.progress = progress
    task._history_user = by
    task.save(update_fields=["completed_on", "progress"])
    update_change_reason(task, str(_("task reopened")))
    apart = {u.pk for u in told_apart}
    told = [u for u in lead_team(task) if u.pk != by.pk and u.pk not in apart]
    text = message(
        _("“%(title)s” was reopened by %(who)s: %(reason)s"),
        title=task.title,
        who=by,
        reason=reason.strip(),
    )
    notify(told, text, reverse("programmes:task_detail", args=[task.pk]))
    tell_watchers(task, by, text, already=[*told, *told_apart])
    return report
