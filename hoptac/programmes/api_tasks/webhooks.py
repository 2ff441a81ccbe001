"""Webhook subscriptions and their delivery logs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from hoptac.core.models import Locality
from hoptac.core.queries import scope_for

from .. import actions
from ..models import (
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from .common import AUTH, ERRORS, TAGS, Id, no_nul, refused, router

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
        raise HttpError(404, _("No webhook of yours has that id."))
    return sub


@router.get(
    "/webhooks",
    response=list[WebhookOut],
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_list_webhooks",
)
def list_webhooks(request: HttpRequest):
    """Your webhooks."""
    return list(WebhookSubscription.objects.filter(owner=request.user).select_related("locality"))


@router.post(
    "/webhooks",
    response={201: WebhookCreated, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_create_webhook",
)
def create_webhook(request: HttpRequest, payload: WebhookIn):
    """Be told of task events at `url`: each delivery is a signed POST (see the description of
    `X-Hoptac-Signature` in the delivery log page). The secret is in this answer."""
    no_nul(payload.url, payload.locality)
    if not scope_for(request.user).localities and not request.user.is_superuser:
        return 403, {"detail": _("Only members of a locality's bodies subscribe to task events.")}
    locality = None
    if payload.locality:
        locality = Locality.objects.filter(code=payload.locality).first()
        if locality is None:
            return 422, {"detail": _("Unknown locality."), "errors": {"locality": ["unknown"]}}
    try:
        sub = actions.subscribe_webhook(
            request.user, url=payload.url, events=payload.events, locality=locality
        )
    except ValidationError as err:
        return refused(err)
    return 201, sub


@router.delete(
    "/webhooks/{webhook_id}",
    response={204: None, **ERRORS},
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_delete_webhook",
)
def delete_webhook(request: HttpRequest, webhook_id: Id):
    actions.unsubscribe_webhook(_own_webhook(request, webhook_id), request.user)
    return 204, None


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response=list[DeliveryOut],
    auth=AUTH,
    tags=TAGS,
    operation_id="hoptac_programmes_api_tasks_list_deliveries",
)
def list_deliveries(request: HttpRequest, webhook_id: Id):
    """The last 100 deliveries of one of your webhooks."""
    return list(_own_webhook(request, webhook_id).deliveries.all()[:100])
