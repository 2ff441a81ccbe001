from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from hoptac.core.models import Notification
from hoptac.programmes.models import Reminder, ReminderPreference, Task
from hoptac.programmes.tasks import daily_reminders, send_reminders


def _due(programme, day):
    Task.objects.filter(pk=programme.task["own"].pk).update(
        due_date=day, start_date=day - dt.timedelta(days=60)
    )
    Task.objects.filter(pk=programme.task["partner"].pk).update(completed_on=dt.date(2024, 2, 1))


def test_reminder_before_due_date_follows_preferences(programme, member):
    officer = member("officer")
    ReminderPreference.objects.create(user=officer, days_before="3", by_email=False, in_app=True)
    today = dt.date(2026, 3, 1)
    _due(programme, today + dt.timedelta(days=3))
    assert send_reminders(today)["before"] == 1
    assert Notification.objects.filter(user=officer).count() == 1
    assert len(mail.outbox) == 0
    assert send_reminders(today)["before"] == 0  # never twice
    _due(programme, today + dt.timedelta(days=7))
    assert send_reminders(today)["before"] == 0  # 7 days is not in this officer's list


def test_due_today_and_overdue_reminders(programme, member):
    officer = member("officer")
    today = dt.date(2026, 3, 1)
    _due(programme, today)
    assert send_reminders(today)["today"] == 1
    assert send_reminders(today + dt.timedelta(days=1))["overdue"] == 1
    assert Reminder.objects.filter(user=officer).count() == 2


def test_overdue_task_escalates_to_the_coordinator_once(programme, member, delivered):
    member("officer")
    coordinator = member("coordinator")
    partner_coordinator = member("coordinator", where="partner")
    today = dt.date(2026, 3, 10)
    _due(programme, today - dt.timedelta(days=7))
    with delivered():
        assert send_reminders(today)["escalation"] == 1
    assert send_reminders(today + dt.timedelta(days=7))["escalation"] == 0
    assert Reminder.objects.filter(kind="escalation", user=coordinator).count() == 1
    assert not Reminder.objects.filter(user=partner_coordinator).exists()
    assert any(coordinator.email in m.to for m in mail.outbox)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it is done
def test_the_daily_job_runs_on_the_task_worker(programme, member, settings):
    """Enqueued with the database backend and run by the real worker command."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    member("officer")
    _due(programme, dt.date.today())
    result = daily_reminders.enqueue()
    call_command("db_worker", "--batch", "--interval", "0")
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert Reminder.objects.filter(kind="today").exists()


def test_recurring_report_is_asked_for_before_the_quarter_closes(programme, member):
    from hoptac.programmes.models import ProgressReport
    from hoptac.programmes.tasks import period_end

    officer = member("officer")
    assert period_end(dt.date(2026, 2, 10), "quarterly") == dt.date(2026, 3, 31)
    assert period_end(dt.date(2026, 12, 1), "monthly") == dt.date(2026, 12, 31)
    assert period_end(dt.date(2026, 5, 1), "yearly") == dt.date(2026, 12, 31)
    Task.objects.filter(pk=programme.task["own"].pk).update(reporting="quarterly")
    Task.objects.filter(pk=programme.task["partner"].pk).update(completed_on=dt.date(2024, 2, 1))
    assert send_reminders(dt.date(2026, 3, 10))["report"] == 0  # three weeks left
    assert send_reminders(dt.date(2026, 3, 25))["report"] == 1
    assert send_reminders(dt.date(2026, 3, 26))["report"] == 0  # once per period
    assert Reminder.objects.get(kind="report", user=officer).for_date == dt.date(2026, 3, 31)
    ProgressReport.objects.create(
        task=programme.task["own"],
        author=officer,
        reported_on=dt.date(2026, 6, 1),
        progress=30,
        text="x",
    )
    assert send_reminders(dt.date(2026, 6, 28))["report"] == 0  # already reported this quarter


def test_a_half_yearly_report_is_asked_for_before_the_half_year_closes(programme, member):
    from hoptac.programmes.models import ProgressReport
    from hoptac.programmes.tasks import period_end

    officer = member("officer")
    assert period_end(dt.date(2026, 2, 10), "half-yearly") == dt.date(2026, 6, 30)
    assert period_end(dt.date(2026, 7, 1), "half-yearly") == dt.date(2026, 12, 31)
    Task.objects.filter(pk=programme.task["own"].pk).update(reporting="half-yearly")
    Task.objects.filter(pk=programme.task["partner"].pk).update(completed_on=dt.date(2024, 2, 1))
    ProgressReport.objects.create(
        task=programme.task["own"],
        author=officer,
        reported_on=dt.date(2026, 1, 15),
        progress=10,
        text="x",
    )
    # A report in January covers the half-year: nothing is asked for at the end of March.
    assert send_reminders(dt.date(2026, 3, 25))["report"] == 0
    assert send_reminders(dt.date(2026, 6, 25))["report"] == 0
    assert send_reminders(dt.date(2026, 12, 25))["report"] == 1
    reminder = Reminder.objects.get(kind="report", user=officer)
    assert reminder.for_date == dt.date(2026, 12, 31)
    task = Task.objects.get(pk=programme.task["own"].pk)
    assert task.get_reporting_display() == "6 tháng một lần"


def test_escalation_is_recorded_in_the_tasks_history(programme, member):
    member("coordinator")
    today = dt.date(2026, 3, 10)
    _due(programme, today - dt.timedelta(days=7))
    before = programme.task["own"].history.count()
    send_reminders(today)
    task = Task.objects.get(pk=programme.task["own"].pk)
    assert task.escalated_on == today
    entry = task.history.first()
    assert task.history.count() == before + 1
    assert entry.escalated_on == today and entry.history_user is None
    assert entry.history_change_reason == "đã báo cáo các đầu mối điều phối"
