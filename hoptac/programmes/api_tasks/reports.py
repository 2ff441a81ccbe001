"""Progress reports with their evidence files."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, UploadedFile

from .. import actions
from ..forms import ProgressForm
from ..models import (
    ProgressReport,
    Task,
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


@router.get(
    "/tasks/{task_id}/reports",
    response=list[ReportOut],
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_list_reports",
)
def list_reports(request: HttpRequest, task_id: Id):
    """A task's progress reports, newest first, with their evidence files."""
    return list(_reports(visible_task(request, task_id)))


@router.post(
    "/tasks/{task_id}/reports",
    response={201: ReportOut, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_post_report",
)
def post_report(
    request: HttpRequest,
    task_id: Id,
    payload: Form[ReportIn],
    files: File[list[UploadedFile]] = None,
):
    """Report progress (multipart: the fields, and evidence `files`), as the task's page does:
    the lead's officers and the coordinator of its locality. A report of 100% or `completed`
    finishes the task; a finished task must be reopened by the coordinator first."""
    no_nul(payload.text)
    task = visible_task(request, task_id)
    if not request.user.has_perm("programmes.report_progress", task):
        return 403, {"detail": _("Only the lead organisation reports progress on this task.")}
    form = ProgressForm(
        {
            "progress": payload.progress,
            "text": payload.text,
            "reported_on": payload.reported_on or "",
            "completed": payload.completed,
        },
        MultiValueDict({"files": list(files or [])}),
    )
    return act_on_form(
        form,
        lambda data: actions.report_progress_from(task, request.user, data),
        201,
        lambda report: _reports(task).get(pk=report.pk),
    )
