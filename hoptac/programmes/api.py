from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from hoptac.core.api_auth import TOKEN_OR_SESSION
from hoptac.core.pagination import Pagination

from . import queries
from .models import TaskStatus

router = Router(tags=["programmes"])


class AgreementOut(Schema):
    id: int
    reference: str
    kind: str
    title: str
    signed_on: dt.date
    issuer: str
    status: str
    is_public: bool

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj.issuer.name_vi


class TaskOut(Schema):
    id: int
    title: str
    agreement: str
    lead: str
    lead_locality: str
    start_date: dt.date
    due_date: dt.date
    baseline_due_date: dt.date
    completed_on: dt.date | None
    progress: int
    status: str

    @staticmethod
    def resolve_agreement(obj) -> str:
        return obj.commitment.agreement.reference

    @staticmethod
    def resolve_lead(obj) -> str:
        return obj.lead.name_vi

    @staticmethod
    def resolve_lead_locality(obj) -> str:
        return obj.lead.locality.code


@router.get("/agreements", response=list[AgreementOut])
@paginate(Pagination)
def list_agreements(request: HttpRequest):
    return queries.agreements_visible_to(request.user)


@router.get("/tasks", response=list[TaskOut], auth=TOKEN_OR_SESSION)
@paginate(Pagination)
def list_tasks(
    request: HttpRequest,
    agreement: int | None = None,
    locality: str | None = None,
    status: str | None = None,
):
    qs = queries.tasks_visible_to(request.user)
    if agreement:
        qs = qs.filter(commitment__agreement_id=agreement)
    if locality:
        qs = qs.filter(lead__locality__code=locality)
    if status:
        if status not in TaskStatus.values:
            raise HttpError(
                422,
                _("status must be one of %(values)s") % {"values": ", ".join(TaskStatus.values)},
            )
        qs = queries.filter_status(qs, status)
    return queries.task_list(qs).order_by("due_date", "pk")


@router.get("/tasks/{task_id}", response=TaskOut, auth=TOKEN_OR_SESSION)
def get_task(request: HttpRequest, task_id: int):
    return get_object_or_404(queries.task_list(queries.tasks_visible_to(request.user)), pk=task_id)
