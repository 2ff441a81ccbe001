"""Creating and changing tasks."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from hoptac.core.models import Organisation

from .. import actions, queries
from ..forms import TaskForm
from ..models import (
    Commitment,
    Task,
)
from ..models.tasks import SHORT_TITLE_MAX
from .common import (
    AUTH,
    ERRORS,
    TAGS,
    Id,
    RefId,
    Reporting,
    Text,
    act_on_form,
    no_nul,
    router,
    visible_task,
)

# A few words for the Gantt chart ("lead · short title"); empty: computed from the title.
ShortTitle = Annotated[str, Field(max_length=SHORT_TITLE_MAX)]


class TaskIn(Schema):
    commitment: RefId
    title: Annotated[str, Field(min_length=1, max_length=500)]
    short_title: ShortTitle = ""
    description: Text = ""
    lead: RefId
    partners: list[RefId] = []
    assignees: list[RefId] = []
    start_date: dt.date
    due_date: dt.date
    reporting: Reporting = ""


class TaskPatch(Schema):
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    short_title: ShortTitle | None = None
    description: Text | None = None
    partners: list[RefId] | None = None
    assignees: list[RefId] | None = None
    reporting: Reporting | None = None


class TaskWritten(Schema):
    id: int
    title: str
    short_title: str
    description: str
    commitment: int
    lead: int
    partners: list[int]
    assignees: list[int]
    start_date: dt.date
    due_date: dt.date
    baseline_due_date: dt.date
    completed_on: dt.date | None
    progress: int
    status: str
    reporting: str

    @staticmethod
    def resolve_commitment(obj: Task) -> int:
        return obj.commitment_id

    @staticmethod
    def resolve_lead(obj: Task) -> int:
        return obj.lead_id

    @staticmethod
    def resolve_partners(obj: Task) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_assignees(obj: Task) -> list[int]:
        return sorted(u.pk for u in obj.assignees.all())


def _task_data(payload: TaskIn | TaskPatch, task: Task | None = None) -> dict:
    """The form's data: the payload over the task's current values."""
    data: dict[str, Any] = {}
    if task is not None:
        data = {
            "title": task.title,
            "short_title": task.short_title,
            "description": task.description,
            "lead": task.lead_id,
            "partners": [p.pk for p in task.partners.all()],
            "assignees": [u.pk for u in task.assignees.all()],
            "start_date": task.start_date,
            "reporting": task.reporting,
        }
    for key, value in payload.model_dump(exclude_unset=task is not None).items():
        if key != "commitment" and value is not None:
            data[key] = value
    return data


@router.post(
    "/tasks",
    response={201: TaskWritten, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_create_task",
)
def create_task(request: HttpRequest, payload: TaskIn):
    """Create a task of a commitment (a coordinator of the lead's locality)."""
    no_nul(payload.title, payload.short_title, payload.description)
    commitment = (
        Commitment.objects.filter(
            agreement__in=queries.agreements_visible_to(request.user), pk=payload.commitment
        )
        .select_related("agreement")
        .first()
    )
    if commitment is None:
        return 422, {"detail": _("Unknown commitment."), "errors": {"commitment": ["unknown"]}}
    if not request.user.has_perm("programmes.add_task_to_agreement", commitment.agreement):
        return 403, {"detail": _("Only a coordinator of a party adds tasks.")}
    leads, partners = queries.task_form_choices(request.user, commitment.agreement)
    form = TaskForm(_task_data(payload), leads=leads, partners=partners)
    return act_on_form(
        form,
        lambda data: actions.create_task(
            commitment,
            request.user,
            title=data["title"],
            short_title=data["short_title"],
            lead=data["lead"],
            start_date=data["start_date"],
            due_date=data["due_date"],
            partners=data["partners"],
            assignees=data["assignees"],
            description=data["description"],
            reporting=data["reporting"],
        ),
        201,
        lambda task: _written(task.pk),
    )


def _written(pk: int) -> Task:
    return (
        queries.with_status(Task.objects.filter(pk=pk))
        .prefetch_related("partners", "assignees")
        .get()
    )


@router.patch(
    "/tasks/{task_id}",
    response={200: TaskWritten, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_change_task",
)
def change_task(request: HttpRequest, task_id: Id, payload: TaskPatch):
    """Change a task's title, description, reporting, partners or assignees (a coordinator of
    the lead's locality). The due date moves only by an extension request."""
    no_nul(payload.title, payload.short_title, payload.description)
    task = visible_task(request, task_id)
    if not request.user.has_perm("programmes.change_task", task):
        return 403, {"detail": _("Only the coordinator of the lead's locality changes this task.")}
    _leads, partners = queries.task_form_choices(request.user, task.commitment.agreement)
    form = TaskForm(
        {**_task_data(payload, task), "lead": task.lead_id},
        instance=Task.objects.get(pk=task.pk),
        leads=Organisation.objects.filter(pk=task.lead_id),
        partners=partners,
    )
    return act_on_form(
        form,
        lambda data: actions.change_task(
            task,
            request.user,
            title=data["title"],
            short_title=data["short_title"],
            description=data["description"],
            reporting=data["reporting"],
            partners=data["partners"] if payload.partners is not None else None,
            assignees=data["assignees"] if payload.assignees is not None else None,
        ),
        200,
        lambda changed: _written(changed.pk),
    )
