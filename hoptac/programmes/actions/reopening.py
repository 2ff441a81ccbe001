"""Asking to reopen a finished task, and the coordinator's answer.

A finished task is closed (`report_progress` refuses it). An officer of its lead or of a partner
body asks for it to be reopened, saying why; the coordinators of the lead's locality hear of it;
one of them confirms, which reopens the task through `reopen_task` (the same entry in its reports,
its history and the same notices as a reopening of the coordinator's own), or declines, saying
why. The request's own history (who asked, who decided, when) is its audit trail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.models import User
from hoptac.core.notifications import message, notify

from ..models import ProgressReport, ReopenRequest, Task
from ..queries import coordinators_of
from ..watching import tell_watchers
from .common import require_perm
from .progress import reopen_task


@transaction.atomic
def request_reopen(task: Task, by: User, reason: str) -> ReopenRequest:
    """An officer of the lead or a partner body asks for the finished task to be reopened."""
    require_perm(by, "programmes.request_reopen", task)
    task = Task.objects.select_for_update().select_related("lead").get(pk=task.pk)
    if task.completed_on is None:
        raise ValidationError(_("This task is not finished; there is nothing to reopen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task should be reopened.")})
    if task.reopen_requests.filter(state=ReopenRequest.State.PENDING).exists():
        raise ValidationError(_("A request to reopen this task is already waiting."))
    request = ReopenRequest(task=task, requested_by=by, reason=reason.strip()[:2000])
    request._history_user = by
    request.save()
    told = [u for u in coordinators_of(task.lead.locality_id) if u.pk != by.pk]
    text = message(
        _("%(who)s asks to reopen “%(title)s”: %(reason)s"),
        who=by,
        title=task.title,
        reason=request.reason,
    )
    notify(told, text, reverse("programmes:task_detail", args=[task.pk]))
    tell_watchers(task, by, text, already=told)
    return request


def _pending(request: ReopenRequest) -> ReopenRequest:
    request = ReopenRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_pending:
        raise ValidationError(_("This request has already been answered."))
    return request


def _decided(request: ReopenRequest, by: User, state: str, note: str) -> None:
    request.state, request.decided_by = state, by
    request.decided_at, request.decision_note = timezone.now(), note
    request._history_user = by
    request.save()


def _confirmed(request: ReopenRequest, task: Task, by: User, note: str) -> None:
    """A request marked confirmed, and its officer told (by a confirmation or a direct reopen)."""
    _decided(request, by, ReopenRequest.State.CONFIRMED, note)
    notify(
        [request.requested_by],
        message(
            _("Your request to reopen “%(title)s” was confirmed by %(who)s."),
            title=task.title,
            who=by,
        ),
        reverse("programmes:task_detail", args=[task.pk]),
    )


@transaction.atomic
def confirm_reopen(request: ReopenRequest, by: User, *, progress: int, note: str = "") -> Task:
    """The coordinator of the lead's locality confirms: the task reopens at `progress` (below
    100%) with the officer's reason, and the officer is told."""
    task = request.task
    require_perm(by, "programmes.reopen_task", task)
    request = _pending(request)
    reason = request.reason
    if note.strip():
        reason = f"{reason}\n{note.strip()}"
    reopen_task(task, by, progress=progress, reason=reason, told_apart=[request.requested_by])
    _confirmed(request, task, by, note.strip())
    task.refresh_from_db()
    return task


@transaction.atomic
def reopen_answering_requests(
    task: Task, by: User, *, progress: int, reason: str
) -> ProgressReport:
    """The coordinator reopens the task of their own accord (`reopen_task`); a request to reopen
    it that was waiting is thereby confirmed, and its officer told, so none stays pending on a
    task that is open again."""
    waiting = list(
        ReopenRequest.objects.select_for_update()
        .select_related("requested_by")
        .filter(task=task, state=ReopenRequest.State.PENDING)
    )
    report = reopen_task(
        task, by, progress=progress, reason=reason, told_apart=[w.requested_by for w in waiting]
    )
    for request in waiting:
        _confirmed(request, task, by, reason.strip()[:2000])
    return report


@transaction.atomic
def decline_reopen(request: ReopenRequest, by: User, *, note: str) -> ReopenRequest:
    """The coordinator of the lead's locality declines, saying why; the task stays finished and
    the officer is told."""
    task = request.task
    require_perm(by, "programmes.reopen_task", task)
    if not note.strip():
        raise ValidationError({"note": _("Say why the task stays finished.")})
    request = _pending(request)
    _decided(request, by, ReopenRequest.State.DECLINED, note.strip()[:2000])
    text = message(
        _("Your request to reopen “%(title)s” was declined by %(who)s: %(note)s"),
        title=task.title,
        who=by,
        note=request.decision_note,
    )
    notify([request.requested_by], text, reverse("programmes:task_detail", args=[task.pk]))
    return request
