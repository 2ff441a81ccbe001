"""Helpers the views of the programmes share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import queries
from ..models import Agreement, Commitment, Task


def apply_validation_error(form, err: ValidationError) -> None:
    if hasattr(err, "error_dict"):
        for field, errors in err.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, err)


def visible_agreement_for_tasks(request: HttpRequest, pk: int) -> Agreement:
    agreement = get_object_or_404(queries.agreements_visible_to(request.user), pk=pk)
    if not request.user.has_perm(
        "programmes.view_task", Task(commitment=Commitment(agreement=agreement))
    ):
        raise PermissionDenied(_("Only members of the parties see the tasks of this agreement."))
    return agreement


def task_for_action(request: HttpRequest, pk: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("lead__locality", "commitment__agreement"), pk=pk
    )
    if not request.user.has_perm("programmes.view_task", task):
        raise PermissionDenied(_("You may not act on this task."))
    return task
