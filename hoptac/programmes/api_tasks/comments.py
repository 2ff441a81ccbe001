"""Comments and extension requests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from .. import actions
from ..forms import CommentForm, ExtensionForm
from ..models import (
    Comment,
    ExtensionRequest,
)
from .common import (
    AUTH,
    ERRORS,
    TAGS,
    Id,
    act_on_form,
    no_nul,
    router,
    visible_task,
)


class CommentIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class CommentOut(Schema):
    id: int
    task: int
    author: str
    text: str
    created: dt.datetime

    @staticmethod
    def resolve_task(obj: Comment) -> int:
        return obj.task_id

    @staticmethod
    def resolve_author(obj: Comment) -> str:
        return obj.author.username


@router.get(
    "/tasks/{task_id}/comments",
    response=list[CommentOut],
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_list_comments",
)
def list_comments(request: HttpRequest, task_id: Id):
    return list(visible_task(request, task_id).comments.select_related("author"))


@router.post(
    "/tasks/{task_id}/comments",
    response={201: CommentOut, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_post_comment",
)
def post_comment(request: HttpRequest, task_id: Id, payload: CommentIn):
    """Comment on a task (whoever may read it); the lead team is told."""
    no_nul(payload.text)
    task = visible_task(request, task_id)
    return act_on_form(
        CommentForm({"text": payload.text}),
        lambda data: actions.add_comment(task, request.user, data["text"]),
        201,
        lambda comment: comment,
    )


class ExtensionIn(Schema):
    new_due: dt.date
    reason: Annotated[str, Field(min_length=1, max_length=5000)]


class ExtensionOut(Schema):
    id: int
    task: int
    current_due: dt.date
    new_due: dt.date
    reason: str
    state: str

    @staticmethod
    def resolve_task(obj: ExtensionRequest) -> int:
        return obj.task_id


@router.post(
    "/tasks/{task_id}/extensions",
    response={201: ExtensionOut, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_post_extension",
)
def post_extension(request: HttpRequest, task_id: Id, payload: ExtensionIn):
    """Ask for a later due date (the lead); the coordinator decides on the site."""
    no_nul(payload.reason)
    task = visible_task(request, task_id)
    if not request.user.has_perm("programmes.request_extension", task):
        return 403, {"detail": _("Only the lead organisation asks for more time.")}
    return act_on_form(
        ExtensionForm({"new_due": payload.new_due, "reason": payload.reason}),
        lambda data: actions.request_extension(task, request.user, data["new_due"], data["reason"]),
        201,
        lambda ext: ext,
    )
