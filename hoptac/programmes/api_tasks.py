"""The writing half of the programmes API: other systems create and change tasks, report
progress with evidence files, comment, ask for more time, and subscribe to webhooks.

Authentication is a personal token (`Authorization: Bearer hpk_…`, `core.api_auth`) or the
site's session (with its CSRF token). A write checks the same permission and calls the same
action as the page, with the same form validating the input, so the history and the
notifications are the same; a refusal is a JSON error, never a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, File, Form, Path, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.security import django_auth

from hoptac.core.api_auth import token_auth
from hoptac.core.models import Locality, Organisation
from hoptac.core.queries import scope_for

from . import actions, queries
from .api import router as read_router
from .forms import CommentForm, ExtensionForm, ProgressForm, TaskForm
from .models import (
    Comment,
    Commitment,
    ExtensionRequest,
    ProgressReport,
    Task,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

# The same router as the reads: Ninja serves one path (/tasks) from one router only.
router = read_router
TAGS = ["programmes"]
AUTH = [token_auth, django_auth]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
RefId = Annotated[int, Field(ge=1, le=2_147_483_647)]
Text = Annotated[str, Field(max_length=10000)]
Reporting = Literal[tuple(Task.Recurrence.values)]  # the same choices as the model


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


ERRORS: dict[int, Any] = {403: FieldErrors, 404: FieldErrors, 422: FieldErrors}


def _no_nul(*values: Any) -> None:
    for value in values:
        if isinstance(value, str) and "\x00" in value:
            raise HttpError(422, "Text may not contain NUL characters.")
        if isinstance(value, list | tuple):
            _no_nul(*value)


def _refused(err: ValidationError) -> tuple[int, dict]:
    if hasattr(err, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in err.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in err.messages]}
    return 422, {"detail": "The request is not valid; see errors.", "errors": errors}


def _form_errors(form) -> tuple[int, dict]:
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return 422, {"detail": "The request is not valid; see errors.", "errors": errors}


def _task(request: HttpRequest, task_id: int) -> Task:
    task = (
        queries.tasks_visible_to(request.user)
        .select_related("lead__locality", "commitment__agreement")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise HttpError(404, "No task of that id that you may see.")
    return task


def _choices(user, agreement):
    current = Organisation.objects.valid_on().select_related("locality")
    leads = current
    if not user.is_superuser:
        leads = current.filter(locality_id__in=scope_for(user).localities_with("coordinator"))
    return leads, current.filter(locality__in=agreement.parties.all())


# --- tasks ------------------------------------------------------------------------------------


class TaskIn(Schema):
    commitment: RefId
    title: Annotated[str, Field(min_length=1, max_length=500)]
    description: Text = ""
    lead: RefId
    partners: list[RefId] = []
    assignees: list[RefId] = []
    start_date: dt.date
    due_date: dt.date
    reporting: Reporting = ""


class TaskPatch(Schema):
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    description: Text | None = None
    partners: list[RefId] | None = None
    assignees: list[RefId] | None = None
    reporting: Reporting | None = None


class TaskWritten(Schema):
    id: int
    title: str
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


@router.post("/tasks", response={201: TaskWritten, **ERRORS}, auth=AUTH, tags=TAGS)
def create_task(request: HttpRequest, payload: TaskIn):
    """Create a task of a commitment (a coordinator of the lead's locality)."""
    _no_nul(payload.title, payload.description)
    commitment = (
        Commitment.objects.filter(
            agreement__in=queries.agreements_visible_to(request.user), pk=payload.commitment
        )
        .select_related("agreement")
        .first()
    )
    if commitment is None:
        return 422, {"detail": "Unknown commitment.", "errors": {"commitment": ["unknown"]}}
    if not request.user.has_perm("programmes.add_task_to_agreement", commitment.agreement):
        return 403, {"detail": "Only a coordinator of a party adds tasks."}
    leads, partners = _choices(request.user, commitment.agreement)
    form = TaskForm(_task_data(payload), leads=leads, partners=partners)
    if not form.is_valid():
        return _form_errors(form)
    data = form.cleaned_data
    try:
        task = actions.create_task(
            commitment,
            request.user,
            title=data["title"],
            lead=data["lead"],
            start_date=data["start_date"],
            due_date=data["due_date"],
            partners=data["partners"],
            assignees=data["assignees"],
            description=data["description"],
            reporting=data["reporting"],
        )
    except PermissionDenied as err:
        return 403, {"detail": str(err) or "Not allowed."}
    except ValidationError as err:
        return _refused(err)
    return 201, _written(task.pk)


def _written(pk: int) -> Task:
    return (
        queries.with_status(Task.objects.filter(pk=pk))
        .prefetch_related("partners", "assignees")
        .get()
    )


@router.patch("/tasks/{task_id}", response={200: TaskWritten, **ERRORS}, auth=AUTH, tags=TAGS)
def change_task(request: HttpRequest, task_id: Id, payload: TaskPatch):
    """Change a task's title, description, reporting, partners or assignees (a coordinator of
    the lead's locality). The due date moves only by an extension request."""
    _no_nul(payload.title, payload.description)
    task = _task(request, task_id)
    if not request.user.has_perm("programmes.change_task", task):
        return 403, {"detail": "Only the coordinator of the lead's locality changes this task."}
    _leads, partners = _choices(request.user, task.commitment.agreement)
    form = TaskForm(
        {**_task_data(payload, task), "lead": task.lead_id},
        instance=Task.objects.get(pk=task.pk),
        leads=Organisation.objects.filter(pk=task.lead_id),
        partners=partners,
    )
    if not form.is_valid():
        return _form_errors(form)
    data = form.cleaned_data
    try:
        actions.change_task(
            task,
            request.user,
            title=data["title"],
            description=data["description"],
            reporting=data["reporting"],
            partners=data["partners"] if payload.partners is not None else None,
            assignees=data["assignees"] if payload.assignees is not None else None,
        )
    except PermissionDenied as err:
        return 403, {"detail": str(err) or "Not allowed."}
    except ValidationError as err:
        return _refused(err)
    return 200, _written(task.pk)


# --- progress reports -------------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    is_public: bool


class ReportOut(Schema):
    id: int
    task: int
    author: str
    reported_on: dt.date
    progress: int
    text: str
    completed: bool
    reopened: bool
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_task(obj: ProgressReport) -> int:
        return obj.task_id

    @staticmethod
    def resolve_author(obj: ProgressReport) -> str:
        return obj.author.username

    @staticmethod
    def resolve_evidence(obj: ProgressReport) -> list:
        return list(obj.evidence.all())


class ReportIn(Schema):
    progress: Annotated[int, Field(ge=0, le=100)]
    text: Annotated[str, Field(min_length=1, max_length=10000)]
    reported_on: dt.date | None = None
    completed: bool = False


def _reports(task: Task):
    return task.reports.select_related("author").prefetch_related("evidence")


@router.get("/tasks/{task_id}/reports", response=list[ReportOut], auth=AUTH, tags=TAGS)
def list_reports(request: HttpRequest, task_id: Id):
    """A task's progress reports, newest first, with their evidence files."""
    return list(_reports(_task(request, task_id)))


@router.post("/tasks/{task_id}/reports", response={201: ReportOut, **ERRORS}, auth=AUTH, tags=TAGS)
def post_report(
    request: HttpRequest,
    task_id: Id,
    payload: Form[ReportIn],
    files: File[list[UploadedFile]] = None,
):
    """Report progress (multipart: the fields, and evidence `files`), as the task's page does:
    the lead's officers and the coordinator of its locality. A report of 100% or `completed`
    finishes the task; a finished task must be reopened by the coordinator first."""
    _no_nul(payload.text)
    task = _task(request, task_id)
    if not request.user.has_perm("programmes.report_progress", task):
        return 403, {"detail": "Only the lead organisation reports progress on this task."}
    form = ProgressForm(
        {
            "progress": payload.progress,
            "text": payload.text,
            "reported_on": payload.reported_on or "",
            "completed": payload.completed,
        },
        MultiValueDict({"files": list(files or [])}),
    )
    if not form.is_valid():
        return _form_errors(form)
    data = form.cleaned_data
    try:
        report = actions.report_progress(
            task,
            request.user,
            progress=data["progress"],
            text=data["text"],
            reported_on=data["reported_on"],
            completed=data["completed"],
            files=data["files"],
        )
    except PermissionDenied as err:
        return 403, {"detail": str(err) or "Not allowed."}
    except ValidationError as err:
        return _refused(err)
    return 201, _reports(task).get(pk=report.pk)


# --- comments and extension requests ---------------------------------------------------------


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


@router.get("/tasks/{task_id}/comments", response=list[CommentOut], auth=AUTH, tags=TAGS)
def list_comments(request: HttpRequest, task_id: Id):
    return list(_task(request, task_id).comments.select_related("author"))


@router.post(
    "/tasks/{task_id}/comments", response={201: CommentOut, **ERRORS}, auth=AUTH, tags=TAGS
)
def post_comment(request: HttpRequest, task_id: Id, payload: CommentIn):
    """Comment on a task (whoever may read it); the lead team is told."""
    _no_nul(payload.text)
    task = _task(request, task_id)
    form = CommentForm({"text": payload.text})
    if not form.is_valid():
        return _form_errors(form)
    try:
        comment = actions.add_comment(task, request.user, form.cleaned_data["text"])
    except PermissionDenied as err:
        return 403, {"detail": str(err) or "Not allowed."}
    except ValidationError as err:
        return _refused(err)
    return 201, comment


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
    "/tasks/{task_id}/extensions", response={201: ExtensionOut, **ERRORS}, auth=AUTH, tags=TAGS
)
def post_extension(request: HttpRequest, task_id: Id, payload: ExtensionIn):
    """Ask for a later due date (the lead); the coordinator decides on the site."""
    _no_nul(payload.reason)
    task = _task(request, task_id)
    if not request.user.has_perm("programmes.request_extension", task):
        return 403, {"detail": "Only the lead organisation asks for more time."}
    form = ExtensionForm({"new_due": payload.new_due, "reason": payload.reason})
    if not form.is_valid():
        return _form_errors(form)
    try:
        ext = actions.request_extension(
            task, request.user, form.cleaned_data["new_due"], form.cleaned_data["reason"]
        )
    except PermissionDenied as err:
        return 403, {"detail": str(err) or "Not allowed."}
    except ValidationError as err:
        return _refused(err)
    return 201, ext


# --- webhooks ---------------------------------------------------------------------------------

Event = Literal["task.created", "task.due", "task.overdue", "task.reported", "task.done"]
assert set(Event.__args__) == set(WebhookEvent.values)  # noqa: S101 — one list of events


class WebhookIn(Schema):
    url: Annotated[str, Field(min_length=1, max_length=500)]
    events: Annotated[list[Event], Field(min_length=1)]
    locality: Annotated[str, Field(max_length=20)] | None = None


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    locality: str | None
    active: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_locality(obj: WebhookSubscription) -> str | None:
        return obj.locality.code if obj.locality_id else None


class WebhookCreated(WebhookOut):
    secret: str


class DeliveryOut(Schema):
    id: int
    event: str
    task: int | None
    state: str
    attempts: int
    response_status: int | None
    error: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    next_attempt_at: dt.datetime | None

    @staticmethod
    def resolve_task(obj: WebhookDelivery) -> int | None:
        return obj.task_id


def _own_webhook(request: HttpRequest, webhook_id: int) -> WebhookSubscription:
    sub = (
        WebhookSubscription.objects.filter(owner=request.user, pk=webhook_id)
        .select_related("locality")
        .first()
    )
    if sub is None:
        raise HttpError(404, "No webhook of yours has that id.")
    return sub


@router.get("/webhooks", response=list[WebhookOut], auth=AUTH, tags=TAGS)
def list_webhooks(request: HttpRequest):
    """Your webhooks."""
    return list(WebhookSubscription.objects.filter(owner=request.user).select_related("locality"))


@router.post("/webhooks", response={201: WebhookCreated, **ERRORS}, auth=AUTH, tags=TAGS)
def create_webhook(request: HttpRequest, payload: WebhookIn):
    """Be told of task events at `url`: each delivery is a signed POST (see the description of
    `X-Hoptac-Signature` in the delivery log page). The secret is in this answer."""
    _no_nul(payload.url, payload.locality)
    if not scope_for(request.user).localities and not request.user.is_superuser:
        return 403, {"detail": "Only members of a locality's bodies subscribe to task events."}
    locality = None
    if payload.locality:
        locality = Locality.objects.filter(code=payload.locality).first()
        if locality is None:
            return 422, {"detail": "Unknown locality.", "errors": {"locality": ["unknown"]}}
    try:
        sub = actions.subscribe_webhook(
            request.user, url=payload.url, events=payload.events, locality=locality
        )
    except ValidationError as err:
        return _refused(err)
    return 201, sub


@router.delete("/webhooks/{webhook_id}", response={204: None, **ERRORS}, auth=AUTH, tags=TAGS)
def delete_webhook(request: HttpRequest, webhook_id: Id):
    actions.unsubscribe_webhook(_own_webhook(request, webhook_id), request.user)
    return 204, None


@router.get("/webhooks/{webhook_id}/deliveries", response=list[DeliveryOut], auth=AUTH, tags=TAGS)
def list_deliveries(request: HttpRequest, webhook_id: Id):
    """The last 100 deliveries of one of your webhooks."""
    return list(_own_webhook(request, webhook_id).deliveries.all()[:100])
