"""Asking to reopen a finished task (an officer of its lead or partner body) and answering the
request (a coordinator of the lead's locality), from the task's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions
from ..forms import ReopenDecisionForm, ReopenRequestForm
from ..models import ReopenRequest
from .common import task_for_action
from .progress import post_task_form


@login_required
@require_POST
def reopen_request(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    if not request.user.has_perm("programmes.request_reopen", task):
        raise PermissionDenied(
            _("Only an officer of the lead or a partner body asks to reopen this task.")
        )
    return post_task_form(
        request,
        task,
        ReopenRequestForm(request.POST),
        "reopen_request_form",
        lambda data: actions.request_reopen(task, request.user, data["reason"]),
        _("Your request was sent to the coordinators; the task stays finished until one confirms."),
    )


@login_required
@require_POST
def reopen_decide(request: HttpRequest, pk: int) -> HttpResponse:
    asked = get_object_or_404(
        ReopenRequest.objects.select_related("task__lead__locality", "requested_by"), pk=pk
    )
    task = task_for_action(request, asked.task_id)
    if not request.user.has_perm("programmes.reopen_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality reopens a task."))

    def act(data: dict) -> object:
        if data["confirm"]:
            return actions.confirm_reopen(
                asked, request.user, progress=data["progress"], note=data["note"]
            )
        return actions.decline_reopen(asked, request.user, note=data["note"])

    return post_task_form(
        request,
        task,
        ReopenDecisionForm(request.POST),
        "reopen_decision_form",
        act,
        _("The answer was recorded and the officer told."),
    )
