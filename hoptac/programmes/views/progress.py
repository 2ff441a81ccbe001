"""The forms of a task's page and what they post: progress, reopening, extensions, comments,
dependencies; the evidence files."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.core import files

from .. import actions, queries
from ..forms import (
    CommentForm,
    DecisionForm,
    DependencyForm,
    ExtensionForm,
    ProgressForm,
    ReopenDecisionForm,
    ReopenForm,
    ReopenRequestForm,
)
from ..models import ExtensionRequest, Task
from .common import apply_validation_error, task_for_action


def task_page_context(request: HttpRequest, task: Task, **forms) -> dict:
    """The task page's context: its blank forms (a bound one with errors given in `forms`)."""
    user = request.user
    reopen_requests = list(task.reopen_requests.select_related("requested_by", "decided_by"))
    pending_reopen = next((r for r in reopen_requests if r.is_pending), None)
    return {
        "task": task,
        "progress_form": ProgressForm(),
        "extension_form": ExtensionForm(),
        "reopen_form": ReopenForm(),
        "decision_form": DecisionForm(),
        "comment_form": CommentForm(),
        "can_report": user.has_perm("programmes.report_progress", task),
        "can_decide": user.has_perm("programmes.decide_extension", task),
        "can_reopen": task.completed_on is not None
        and user.has_perm("programmes.reopen_task", task),
        "can_change": user.has_perm("programmes.change_task", task),
        "can_publish_evidence": user.has_perm("programmes.publish_evidence", task)
        and task.commitment.published_at is not None,
        "pending_extension": next(
            (e for e in task.extensions.all() if e.state == ExtensionRequest.State.PENDING), None
        ),
        "dependency_form": DependencyForm(task=task),
        "reopen_requests": reopen_requests,
        "pending_reopen": pending_reopen if task.completed_on is not None else None,
        "can_request_reopen": task.completed_on is not None
        and pending_reopen is None
        and user.has_perm("programmes.request_reopen", task),
        "reopen_request_form": ReopenRequestForm(),
        "reopen_decision_form": ReopenDecisionForm(),
        **forms,
    }


def _rerender(request: HttpRequest, task: Task, **forms) -> HttpResponse:
    """The task page again, with the bound form that has errors (nothing was saved)."""
    full = queries.task_detail(task.pk, request.user)
    return render(
        request,
        "programmes/task_detail.html",
        task_page_context(request, full, **forms),
        status=400,
    )


def post_task_form(
    request: HttpRequest,
    task: Task,
    form,
    name: str,
    act: Callable[[dict], object],
    done: str = "",
) -> HttpResponse:
    """What every form of the task page does: a valid form runs `act` with its data, then the
    page says `done` (when given) and shows the task again; a form or an action that refuses
    shows the page again with the errors on the form (context key `name`), nothing saved."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as err:
            apply_validation_error(form, err)
        else:
            if done:
                messages.success(request, done)
            return redirect("programmes:task_detail", pk=task.pk)
    return _rerender(request, task, **{name: form})


@login_required
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    if not request.user.has_perm("programmes.report_progress", task):
        raise PermissionDenied(_("Only the lead organisation reports progress on this task."))
    return post_task_form(
        request,
        task,
        ProgressForm(request.POST, request.FILES),
        "progress_form",
        lambda data: actions.report_progress_from(task, request.user, data),
        _("The progress report was saved."),
    )


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    if not request.user.has_perm("programmes.reopen_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality reopens a task."))
    return post_task_form(
        request,
        task,
        ReopenForm(request.POST),
        "reopen_form",
        lambda data: actions.reopen_answering_requests(
            task, request.user, progress=data["progress"], reason=data["reason"]
        ),
        _("The task was reopened; progress can be reported again."),
    )


@login_required
@require_POST
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    if not request.user.has_perm("programmes.request_extension", task):
        raise PermissionDenied(_("Only the lead organisation may ask for more time."))
    return post_task_form(
        request,
        task,
        ExtensionForm(request.POST),
        "extension_form",
        lambda data: actions.request_extension(task, request.user, data["new_due"], data["reason"]),
        _("The extension request was sent to the coordinator."),
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    ext = get_object_or_404(ExtensionRequest.objects.select_related("task__lead__locality"), pk=pk)
    task = ext.task
    if not request.user.has_perm("programmes.decide_extension", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality decides extensions."))
    return post_task_form(
        request,
        task,
        DecisionForm(request.POST),
        "decision_form",
        lambda data: actions.decide_extension(ext, request.user, data["approve"], data["note"]),
        _("The decision was recorded."),
    )


@login_required
@require_POST
def task_comment(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    return post_task_form(
        request,
        task,
        CommentForm(request.POST),
        "comment_form",
        lambda data: actions.add_comment(task, request.user, data["text"]),
    )


@login_required
@require_POST
def task_dependency(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_action(request, pk)
    if not request.user.has_perm("programmes.change_task", task):
        raise PermissionDenied(_("Only the coordinator of the lead's locality edits this task."))
    return post_task_form(
        request,
        task,
        DependencyForm(request.POST, task=task),
        "dependency_form",
        lambda data: actions.add_dependency(
            data["predecessor"], task, request.user, data["lag_days"]
        ),
        _("The dependency was saved."),
    )


def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, for whoever may see its task."""
    evidence = get_object_or_404(queries.evidence_visible_to(request.user), pk=pk)
    return files.serve(evidence.file, name=evidence.name)
