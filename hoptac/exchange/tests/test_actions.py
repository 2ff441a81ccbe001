from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from hoptac.core.models import Notification
from hoptac.exchange import actions, tasks
from hoptac.exchange.models import Addressee, ExperienceRequest

from .factories import AddresseeFactory, ExperienceRequestFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _request(world, due_in: int, **extra) -> Addressee:
    item = ExperienceRequestFactory(
        organisation=world.department["own"],
        due_on=timezone.localdate() + dt.timedelta(days=due_in),
        **extra,
    )
    return AddresseeFactory(
        request=item, locality=world.localities["partner"], organisation=world.department["partner"]
    )


def test_send_request_to_the_counterpart_addresses_only_it(world, member):
    officer = member("officer", "own")
    counterpart_officer = member("officer", "partner")
    item = actions.send_request(
        officer,
        world.department["own"],
        subject="Hỏi",
        question="?",
        due_on=timezone.localdate(),
        counterpart=world.department["partner"],
    )
    addressee = item.addressees.get()
    assert addressee.organisation == world.department["partner"]
    assert Notification.objects.filter(user=counterpart_officer).count() == 1
    assert item.history.count() == 1 and item.history.first().history_user == officer


def test_answer_time_is_measured_per_locality(world, member):
    addressee = _request(world, 5)
    item = addressee.request
    item.sent_at = timezone.now() - dt.timedelta(days=3, hours=1)
    item.save()
    actions.answer_request(
        addressee, member("officer", "partner"), world.department["partner"], body="Đây"
    )
    addressee.refresh_from_db()
    assert addressee.answer_days == 3
    assert ExperienceRequest.objects.get().status == "answered"


def test_reminders_go_to_due_soon_and_overdue_requests_once_a_day(world, member):
    partner_officer = member("officer", "partner")
    soon = _request(world, 2)
    overdue = _request(world, -4)
    _request(world, 20)  # far away: no reminder
    answered = _request(world, 1)
    answered.state = "answered"
    answered.save()
    _request(world, -1, status="closed")  # closed: no reminder
    today = timezone.localdate()
    assert actions.send_reminders(today) == 2
    assert actions.send_reminders(today) == 0  # once a day
    assert actions.send_reminders(today + dt.timedelta(days=1)) == 2
    soon.refresh_from_db()
    overdue.refresh_from_db()
    assert soon.reminders_sent == 2 and overdue.last_reminded_on == today + dt.timedelta(days=1)
    texts = list(Notification.objects.filter(user=partner_officer).values_list("text", flat=True))
    assert any(t.startswith("Quá hạn") for t in texts)
    assert any(t.startswith("Sắp đến hạn") for t in texts)


def test_the_reminder_task_runs_when_called_directly(world):
    _request(world, 1)
    assert tasks.remind_experience_requests.call() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_the_reminder_task_runs_through_the_database_worker(world, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    addressee = _request(world, -2)
    result = tasks.remind_experience_requests.enqueue()
    call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    addressee.refresh_from_db()
    assert addressee.reminders_sent == 1


def test_record_adoption_refuses_the_owning_city(world, member):
    from django.core.exceptions import PermissionDenied

    practice = PracticeFactory(organisation=world.department["own"])
    with pytest.raises(PermissionDenied):
        actions.record_adoption(practice, member("officer"), world.office["own"])


def test_the_reminder_job_is_scheduled_daily_and_runs_on_the_worker(world, member, settings):
    from hoptac.core import schedule

    job = next(j for j in schedule.jobs() if j.name == "exchange.remind_experience_requests")
    assert job.task is tasks.remind_experience_requests
    assert job.every == dt.timedelta(days=1) and job.at == dt.time(7)

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    partner_officer = member("officer", "partner")
    overdue = _request(world, -4)
    assert "exchange.remind_experience_requests" in schedule.run_due(timezone.now())
    overdue.refresh_from_db()
    assert overdue.reminders_sent == 1
    assert Notification.objects.filter(user=partner_officer).exists()
