"""Webhooks on task events: who is told, the signed delivery, the retries.

Events are observed, not called for: a task saved for the first time is `task.created`, a
progress report is `task.reported` (and `task.done` when it completes the task), whichever page,
API call or import made them — so no write path can forget them. They are emitted after the
write commits; each subscriber gets one `WebhookDelivery` row (the delivery log) and the task
worker posts it, signed:

    X-Hoptac-Event: task.reported
    X-Hoptac-Delivery: 42
    X-Hoptac-Signature: sha256=<HMAC-SHA256 of the raw body with the subscription's secret>

A delivery that fails (no answer, or an answer other than 2xx) is tried again after 1, 5, 30
and 120 minutes, then marked failed; `retry_due` (every 5 minutes, by the scheduler) picks up
those whose time has come. `task.due` and `task.overdue` come from the daily job `due_events`,
once per task and day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task as background
from django_tasks import task_backends

from hoptac.core import dates
from hoptac.core.http import outbound_address_error
from hoptac.core.models import User

from .models import ProgressReport, Task, WebhookDelivery, WebhookEvent, WebhookSubscription

log = logging.getLogger(__name__)

RETRY_MINUTES = [1, 5, 30, 120]
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1
TIMEOUT_SECONDS = 10


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for a body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def task_payload(t: Task) -> dict:
    """What a subscriber is told of a task (the same fields as the API's TaskOut)."""
    return {
        "id": t.pk,
        "title": t.title,
        "commitment": t.commitment_id,
        "lead": t.lead_id,
        "lead_locality": t.lead.locality.code,
        "start_date": t.start_date.isoformat(),
        "due_date": t.due_date.isoformat(),
        "baseline_due_date": t.baseline_due_date.isoformat(),
        "completed_on": t.completed_on.isoformat() if t.completed_on else None,
        "progress": t.progress,
        "status": t.status_on(),
    }


def _subscribers(event: str, t: Task) -> list[WebhookSubscription]:
    """Active subscriptions to `event` whose owner may see the task, in their locality."""
    from .queries import tasks_visible_to

    subs = [
        s
        for s in WebhookSubscription.objects.filter(active=True, owner__is_active=True)
        .select_related("owner")
        .order_by("pk")
        if event in s.events and (s.locality_id is None or s.locality_id == t.lead.locality_id)
    ]
    return [s for s in subs if tasks_visible_to(s.owner).filter(pk=t.pk).exists()]


def emit(event: str, t: Task, *, for_date: dt.date | None = None, extra: dict | None = None):
    """Record a delivery of `event` for each subscriber and hand it to the worker."""
    subs = _subscribers(event, t)
    if not subs:
        return []
    t = Task.objects.select_related("lead__locality").get(pk=t.pk)
    created = []
    for sub in subs:
        payload = {
            "event": event,
            "occurred_at": timezone.now().isoformat(),
            "task": task_payload(t),
            **(extra or {}),
        }
        try:
            with transaction.atomic():
                created.append(
                    WebhookDelivery.objects.create(
                        subscription=sub,
                        event=event,
                        task=t,
                        for_date=for_date or dates.today(),
                        payload=payload,
                    )
                )
        except IntegrityError:  # task.due / task.overdue already sent for this day
            continue
    for delivery in created:
        _enqueue(delivery.pk)
    return created


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    if run_after is not None:
        if not task_backends["default"].supports_defer:
            return  # `retry_due` will pick it up
        deliver.using(run_after=run_after).enqueue(delivery_id)
    else:
        deliver.enqueue(delivery_id)


class RefusedAddress(ValueError):
    """The address resolves inside the server's own network (see core.http)."""


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST without following redirects; the HTTP status, or an OSError. An address that resolves
    inside the server's own network is refused before anything is sent (RefusedAddress)."""
    refused = outbound_address_error(url, resolve=True)
    if refused:
        raise RefusedAddress(refused)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """Post one delivery now; record the answer and when to try again."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING)
            .first()
        )
        if delivery is None:
            return None
        payload = {**delivery.payload, "delivery": delivery.pk}
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Hoptac-Webhooks/1.0",
            "X-Hoptac-Event": delivery.event,
            "X-Hoptac-Delivery": str(delivery.pk),
            "X-Hoptac-Signature": sign(delivery.subscription.secret, body),
        }
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        try:
            status, error = _post(delivery.subscription.url, body, headers), ""
        except RefusedAddress as err:  # inside the server's own network: never sent, no retry
            status, error = None, str(err)[:500]
            delivery.attempts = MAX_ATTEMPTS
        except (OSError, ValueError) as err:  # refused, timed out, bad address
            status, error = None, f"{type(err).__name__}: {err}"[:500]
        delivery.response_status = status
        if status is not None and 200 <= status < 300:
            delivery.state = WebhookDelivery.State.DELIVERED
            delivery.delivered_at, delivery.next_attempt_at, delivery.error = now, None, ""
        else:
            delivery.error = error or f"HTTP {status}"
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.state, delivery.next_attempt_at = WebhookDelivery.State.FAILED, None
            else:
                wait = RETRY_MINUTES[delivery.attempts - 1]
                delivery.next_attempt_at = now + dt.timedelta(minutes=wait)
        delivery.save()
    if delivery.state == WebhookDelivery.State.PENDING:
        _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


@background()
def deliver(delivery_id: int) -> str:
    """The worker's job: one attempt at a delivery."""
    delivery = attempt(delivery_id)
    return delivery.state if delivery else "gone"


def retry_due(now: dt.datetime | None = None) -> int:
    """Attempt the pending deliveries whose next attempt is due (the worker's safety net)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:500]
    )
    for pk in due:
        attempt(pk)
    return len(due)


@background()
def retry_deliveries() -> int:
    return retry_due()


def due_events(today: dt.date | None = None) -> int:
    """`task.due` for open tasks due today, `task.overdue` for those due yesterday: once each."""
    from .queries import tasks_visible_to

    today = today or dates.today()
    sent = 0
    wanted = {WebhookEvent.DUE: today, WebhookEvent.OVERDUE: today - dt.timedelta(days=1)}
    for sub in WebhookSubscription.objects.filter(
        active=True, owner__is_active=True
    ).select_related("owner"):
        for event, due in wanted.items():
            if event not in sub.events:
                continue
            tasks = tasks_visible_to(sub.owner).filter(due_date=due, completed_on__isnull=True)
            if sub.locality_id:
                tasks = tasks.filter(lead__locality_id=sub.locality_id)
            for t in tasks.select_related("lead__locality"):
                payload = {
                    "event": event,
                    "occurred_at": timezone.now().isoformat(),
                    "task": task_payload(t),
                }
                try:
                    with transaction.atomic():
                        delivery = WebhookDelivery.objects.create(
                            subscription=sub, event=event, task=t, for_date=today, payload=payload
                        )
                except IntegrityError:
                    continue
                transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
                sent += 1
    return sent


@background()
def daily_due_events() -> int:
    return due_events()


def redeliver(delivery: WebhookDelivery, by: User) -> WebhookDelivery:
    """A failed (or delivered) delivery sent once more, as a new row of the log."""
    copy = WebhookDelivery.objects.create(
        subscription=delivery.subscription,
        event=delivery.event,
        task=delivery.task,
        for_date=dates.today(),
        payload={**delivery.payload, "redelivery_of": delivery.pk},
    )
    transaction.on_commit(lambda: _enqueue(copy.pk))
    return copy


# --- observing the writes --------------------------------------------------------------------


def _task_saved(sender, instance: Task, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        transaction.on_commit(lambda: emit(WebhookEvent.CREATED, instance), robust=True)


def _report_saved(sender, instance: ProgressReport, created: bool, raw: bool = False, **kw):
    if not created or raw or instance.reopened:
        return
    extra = {"report": {"id": instance.pk, "progress": instance.progress}}

    def after_commit() -> None:
        emit(WebhookEvent.REPORTED, instance.task, extra=extra)
        if instance.completed:
            emit(WebhookEvent.DONE, instance.task, extra=extra)

    transaction.on_commit(after_commit, robust=True)


def connect() -> None:
    """Observe task and report creation (called from the app's ready())."""
    post_save.connect(_task_saved, sender=Task, dispatch_uid="programmes.webhooks.task")
    post_save.connect(
        _report_saved, sender=ProgressReport, dispatch_uid="programmes.webhooks.report"
    )
