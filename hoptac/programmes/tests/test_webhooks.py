"""Webhooks: who is told of which task event, the signature, the retries, the delivery log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.core import dates
from hoptac.programmes import actions, webhooks
from hoptac.programmes.models import WebhookDelivery

from .factories import TaskFactory


@pytest.fixture
def posted(monkeypatch):
    """Every POST a delivery makes, answered with the status at the head of `answers`."""
    calls: list[dict] = []
    answers: list[int] = []

    def fake_post(url, body, headers):
        calls.append({"url": url, "body": body, "headers": headers})
        status = answers.pop(0) if answers else 200
        if status == 0:
            raise ConnectionRefusedError("refused")
        return status

    monkeypatch.setattr(webhooks, "_post", fake_post)
    calls_answers = calls, answers
    return calls_answers


def _subscribe(user, events=("task.created", "task.reported", "task.done"), locality=None):
    return actions.subscribe_webhook(
        user, url="https://vanban.danang.gov.vn/hook", events=list(events), locality=locality
    )


def test_a_report_is_delivered_signed_to_the_partner_who_may_see_the_task(
    programme, member, posted, delivered
):
    calls, _answers = posted
    sub = _subscribe(member("officer", "partner"))
    outsider = _subscribe(member("officer", "unrelated"))
    with delivered():
        actions.report_progress(
            programme.task["own"], member("officer", "own"), progress=50, text="Đã làm một nửa"
        )
    assert len(calls) == 1
    body, headers = calls[0]["body"], calls[0]["headers"]
    assert headers["X-Hoptac-Event"] == "task.reported"
    expected = hmac.new(sub.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Hoptac-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["task"]["id"] == programme.task["own"].pk and payload["task"]["progress"] == 50
    assert not outsider.deliveries.exists()
    assert sub.deliveries.get().state == WebhookDelivery.State.DELIVERED


def test_a_finishing_report_sends_reported_and_done(programme, member, posted, delivered):
    calls, _answers = posted
    _subscribe(member("coordinator", "own"))
    with delivered():
        actions.report_progress(
            programme.task["own"], member("officer", "own"), progress=100, text="Xong"
        )
    assert [c["headers"]["X-Hoptac-Event"] for c in calls] == ["task.reported", "task.done"]


def test_a_created_task_is_announced_only_in_the_subscribed_locality(
    programme, member, posted, delivered, world
):
    calls, _answers = posted
    coordinator = member("coordinator", "own")
    _subscribe(coordinator, events=["task.created"], locality=world.localities["own"])
    with delivered():
        actions.create_task(
            programme.commitment,
            coordinator,
            title="Việc mới",
            lead=world.department["own"],
            start_date=dt.date(2025, 1, 1),
            due_date=dt.date(2025, 6, 1),
        )
    assert [json.loads(c["body"])["task"]["title"] for c in calls] == ["Việc mới"]


def test_a_failed_delivery_is_retried_then_marked_failed(programme, member, posted):
    calls, answers = posted
    sub = _subscribe(member("officer", "own"))
    delivery = WebhookDelivery.objects.create(
        subscription=sub,
        event="task.reported",
        task=programme.task["own"],
        for_date=dates.today(),
        payload={"event": "task.reported"},
    )
    answers.extend([500, 0, 502, 503, 500])
    webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.attempts == 1
    assert delivery.response_status == 500
    assert delivery.next_attempt_at > timezone.now()
    assert webhooks.retry_due() == 0  # not yet time
    for _ in range(4):
        webhooks.retry_due(now=timezone.now() + dt.timedelta(days=1))
    delivery.refresh_from_db()
    assert delivery.state == "failed" and delivery.attempts == webhooks.MAX_ATTEMPTS
    assert "refused" in WebhookDelivery.objects.get(pk=delivery.pk).error or delivery.error
    assert len(calls) == webhooks.MAX_ATTEMPTS


def test_due_and_overdue_are_sent_once_a_day(world, member, posted, delivered):
    calls, _answers = posted
    officer = member("officer", "own")
    _subscribe(officer, events=["task.due", "task.overdue"])
    today = dates.today()
    from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory

    commitment = CommitmentFactory(
        agreement=AgreementFactory(issuer=world.office["own"], parties=[world.localities["own"]])
    )
    TaskFactory(
        commitment=commitment,
        lead=world.department["own"],
        start_date=today,
        due_date=today,
        title="Hạn hôm nay",
    )
    TaskFactory(
        commitment=commitment,
        lead=world.department["own"],
        start_date=today - dt.timedelta(days=5),
        due_date=today - dt.timedelta(days=1),
        title="Quá hạn hôm qua",
    )
    with delivered():
        assert webhooks.due_events(today) == 2
        assert webhooks.due_events(today) == 0
    events = sorted(c["headers"]["X-Hoptac-Event"] for c in calls)
    assert events == ["task.due", "task.overdue"]


def test_a_real_receiver_can_check_the_signature(programme, member):
    """The delivery through a socket, to a receiver that checks the HMAC as a department would."""
    received: list[bool] = []
    sub_holder = {}

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            secret = sub_holder["sub"].secret.encode()
            good = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            received.append(hmac.compare_digest(good, self.headers["X-Hoptac-Signature"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    sub = actions.subscribe_webhook(
        member("officer", "own"),
        url=f"http://127.0.0.1:{server.server_port}/hook",
        events=["task.reported"],
    )
    sub_holder["sub"] = sub
    delivery = WebhookDelivery.objects.create(
        subscription=sub,
        event="task.reported",
        task=programme.task["own"],
        for_date=dates.today(),
        payload={"event": "task.reported"},
    )
    webhooks.attempt(delivery.pk)
    thread.join(5)
    server.server_close()
    delivery.refresh_from_db()
    assert received == [True]
    assert delivery.state == "delivered" and delivery.response_status == 204


@pytest.mark.parametrize(
    ("url", "events", "field"),
    [
        ("ftp://x.vn/h", ["task.done"], "url"),
        ("https://x.vn/h", ["task.nope"], "events"),
        ("https://x.vn/h", [], "events"),
    ],
)
def test_a_bad_subscription_is_refused(client, member, url, events, field):
    client.force_login(member("officer", "own"))
    response = client.post(
        reverse("programmes:integration"), {"do": "webhook", "url": url, "events": events}
    )
    assert response.status_code == 400
    from hoptac.programmes.models import WebhookSubscription

    assert not WebhookSubscription.objects.exists()


def test_the_delivery_log_is_its_owner_s_alone(client, programme, member, posted):
    owner = member("officer", "own")
    sub = _subscribe(owner)
    client.force_login(member("officer", "partner"))
    assert client.get(reverse("programmes:delivery_log", args=[sub.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("programmes:delivery_log", args=[sub.pk])).status_code == 200


def test_the_integration_page_issues_a_token_shown_once(client, member):
    client.force_login(member("officer", "own"))
    response = client.post(
        reverse("programmes:integration"),
        {"do": "token", "name": "Hệ thống văn bản", "scope": "write"},
    )
    assert response.status_code == 200
    assert "hpk_" in response.content.decode()
    key = response.context["new_key"]
    assert key not in client.get(reverse("programmes:integration")).content.decode()


@pytest.mark.parametrize("n", [3, 15])
def test_delivery_log_and_integration_take_a_fixed_number_of_queries(
    client, programme, member, n, django_assert_max_num_queries
):
    owner = member("officer", "own")
    sub = _subscribe(owner)
    for i in range(n):
        WebhookDelivery.objects.create(
            subscription=sub,
            event="task.reported",
            task=programme.task["own"],
            for_date=dates.today(),
            payload={"i": i},
        )
        _subscribe(owner)
    client.force_login(owner)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("programmes:delivery_log", args=[sub.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programmes:integration")).status_code == 200
