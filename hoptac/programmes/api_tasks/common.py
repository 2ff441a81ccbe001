"""What the write operations share: the router, authentication, argument types, error answers and
the task lookup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.errors import HttpError

from hoptac.core.api_auth import TOKEN_OR_SESSION

from .. import queries
from ..api import router as read_router
from ..models import (
    Task,
)

# The same router as the reads: Ninja serves one path (/tasks) from one router only.
router = read_router


TAGS = ["programmes"]
# Every operation names its operation_id: the ids the published document has had since these
# operations lived in one module `api_tasks` (clients generated from it name their methods so).


AUTH = TOKEN_OR_SESSION


Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


RefId = Annotated[int, Field(ge=1, le=2_147_483_647)]


Text = Annotated[str, Field(max_length=10000)]


Reporting = Literal[tuple(Task.Recurrence.values)]  # the same choices as the model


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


ERRORS: dict[int, Any] = {403: FieldErrors, 404: FieldErrors, 422: FieldErrors}


def no_nul(*values: Any) -> None:
    for value in values:
        if isinstance(value, str) and "\x00" in value:
            raise HttpError(422, _("Text may not contain NUL characters."))
        if isinstance(value, list | tuple):
            no_nul(*value)


def refused(err: ValidationError) -> tuple[int, dict]:
    if hasattr(err, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in err.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in err.messages]}
    return 422, {"detail": _("The request is not valid; see errors."), "errors": errors}


def form_errors(form) -> tuple[int, dict]:
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return 422, {"detail": _("The request is not valid; see errors."), "errors": errors}


def act_on_form(form, act: Callable[[dict], Any], status: int, answer: Callable[[Any], Any]):
    """What every write does with its form: invalid, a 422 with the form's errors; else `act` on
    the cleaned data, refused as a 403 (not allowed) or a 422 (not valid); done, `status` with
    `answer(result)`."""
    if not form.is_valid():
        return form_errors(form)
    try:
        done = act(form.cleaned_data)
    except PermissionDenied as err:
        return 403, {"detail": str(err) or _("Not allowed.")}
    except ValidationError as err:
        return refused(err)
    return status, answer(done)


def visible_task(request: HttpRequest, task_id: int) -> Task:
    task = (
        queries.tasks_visible_to(request.user)
        .select_related("lead__locality", "commitment__agreement")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise HttpError(404, _("No task of that id that you may see."))
    return task
