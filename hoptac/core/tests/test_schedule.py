import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from hoptac.core import schedule
from hoptac.core.models import ScheduledJob

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@task()
def _ping() -> int:
    return 1


@pytest.fixture
def jobs(monkeypatch):
    registered: dict = {}
    monkeypatch.setattr(schedule, "_jobs", registered)
    schedule.register("test.hourly", _ping, dt.timedelta(hours=1))
    schedule.register("test.daily", _ping, dt.timedelta(days=1), dt.time(7))
    return registered


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="_ping").count()


def test_hourly_job_runs_at_once_then_once_an_hour(jobs):
    t0 = dt.datetime(2026, 11, 26, 8, 30, tzinfo=HCM)
    assert "test.hourly" in schedule.run_due(t0)
    queued = _queued()
    assert schedule.run_due(t0 + dt.timedelta(minutes=59)) == []
    assert schedule.run_due(t0 + dt.timedelta(minutes=61)) == ["test.hourly"]
    assert _queued() == queued + 1


def test_daily_job_runs_at_its_local_time_and_catches_up_once(jobs):
    morning = dt.datetime(2026, 11, 26, 6, 0, tzinfo=HCM)
    # First sight before 07:00: yesterday's 07:00 counts as missed and runs once.
    assert "test.daily" in schedule.run_due(morning)
    assert ScheduledJob.objects.get(name="test.daily").next_run == dt.datetime(
        2026, 11, 26, 7, 0, tzinfo=HCM
    )
    assert "test.daily" not in schedule.run_due(morning + dt.timedelta(minutes=59))
    assert "test.daily" in schedule.run_due(morning + dt.timedelta(hours=1))
    # A scheduler stopped for a week runs the job once, not seven times.
    later = morning + dt.timedelta(days=7, hours=3)
    assert schedule.run_due(later).count("test.daily") == 1
    assert ScheduledJob.objects.get(name="test.daily").next_run == dt.datetime(
        2026, 12, 4, 7, 0, tzinfo=HCM
    )


def test_a_run_claimed_by_another_scheduler_is_not_enqueued_again(jobs):
    t0 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=HCM)
    schedule.run_due(t0)
    before = _queued()
    row = ScheduledJob.objects.get(name="test.hourly")
    # Another process claims the next run first: the stale row no longer matches.
    ScheduledJob.objects.filter(pk=row.pk).update(next_run=row.next_run + dt.timedelta(hours=1))
    assert schedule.run_due(t0 + dt.timedelta(minutes=61)) == []
    assert _queued() == before


def test_failed_enqueue_keeps_the_run_due(jobs, monkeypatch):
    t0 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=HCM)
    schedule.run_due(t0)
    due = ScheduledJob.objects.get(name="test.hourly").next_run

    monkeypatch.setitem(
        jobs, "test.hourly", schedule.Job("test.hourly", _BrokenTask(), dt.timedelta(hours=1))
    )
    with pytest.raises(RuntimeError):
        schedule.run_due(t0 + dt.timedelta(hours=2))
    assert ScheduledJob.objects.get(name="test.hourly").next_run == due


class _BrokenTask:
    def enqueue(self):
        raise RuntimeError("queue down")


def test_the_apps_register_their_jobs():
    names = {j.name for j in schedule.jobs()}
    assert {
        "programmes.daily_reminders",
        "investment.warn_overdue_enquiries",
        "investment.expire_meeting_requests",
    } <= names


def test_command_once_enqueues_and_lists(jobs, capsys):
    call_command("run_schedule", "--once")
    assert "enqueued test.hourly" in capsys.readouterr().out
    call_command("run_schedule", "--list")
    out = capsys.readouterr().out
    assert "test.daily: every 1 day, 0:00:00 at 07:00" in out
