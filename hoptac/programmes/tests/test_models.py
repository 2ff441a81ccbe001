from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hoptac.programmes.models import Task, TaskStatus, derive_status, parse_reference
from hoptac.programmes.queries import count_by_status, filter_status, with_status

from .factories import TaskFactory

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2138-TB/TU", (2138, "-TB/TU")),
        ("15/BC-UBND", (15, "/BC-UBND")),
        ("45/KH-UBND-VX", (45, "/KH-UBND-VX")),
        ("01/2024/NQ-HĐND", (1, "/2024/NQ-HĐND")),
        (" 2138-tb/tu ", (2138, "-TB/TU")),
        ("15 / BC - UBND", (15, "/BC-UBND")),
        ("7/CTr-UBND", (7, "/CTr-UBND")),
    ],
)
def test_official_numbers_are_parsed(text, expected):
    assert parse_reference(text) == expected


@pytest.mark.parametrize(
    "text", ["", "TB/TU", "2138", "2138-TB", "15//BC", "0/BC-UBND", "15/BC-<b>", "15/BC UBND x"]
)
def test_malformed_numbers_are_refused_with_the_expected_form(text):
    with pytest.raises(ValidationError) as err:
        parse_reference(text)
    assert err.value.code == "reference"


@pytest.mark.parametrize(
    ("due", "completed", "status"),
    [
        (dt.date(2025, 1, 1), dt.date(2024, 12, 31), TaskStatus.DONE_ON_TIME),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 1), TaskStatus.DONE_ON_TIME),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 2), TaskStatus.DONE_LATE),
        (TODAY, None, TaskStatus.IN_TERM),
        (TODAY - dt.timedelta(days=1), None, TaskStatus.OVERDUE),
    ],
)
def test_status_is_derived_in_python_and_in_sql_alike(db, due, completed, status):
    task = TaskFactory(start_date=dt.date(2024, 1, 1), due_date=due, completed_on=completed)
    assert derive_status(due, completed, TODAY) == status
    assert with_status(Task.objects.filter(pk=task.pk), TODAY).get().status_db == status
    assert list(filter_status(Task.objects.all(), status, TODAY)) == [task]
    counts = count_by_status(Task.objects.all(), TODAY)
    assert getattr(counts, status) == 1 and counts.total == 1


def test_due_before_start_is_refused(db):
    task = TaskFactory.build(start_date=dt.date(2025, 5, 1), due_date=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError) as err:
        task.full_clean(exclude=["commitment", "lead"])
    assert "due_date" in err.value.message_dict


def test_baseline_is_the_first_due_date(db):
    task = TaskFactory(due_date=dt.date(2026, 1, 1))
    task.due_date = dt.date(2027, 1, 1)
    task.save()
    task.refresh_from_db()
    assert task.baseline_due_date == dt.date(2026, 1, 1)


def test_on_time_rate_counts_finished_tasks_only(db):
    TaskFactory(due_date=dt.date(2025, 1, 1), completed_on=dt.date(2024, 6, 1))
    TaskFactory(due_date=dt.date(2025, 1, 1), completed_on=dt.date(2025, 6, 1))
    TaskFactory(due_date=dt.date(2025, 1, 1))
    counts = count_by_status(Task.objects.all(), TODAY)
    assert counts.on_time_rate == 0.5


@pytest.mark.parametrize(
    ("utc_hour", "status"),
    [
        (16, TaskStatus.IN_TERM),  # 23:30 in Vietnam on the due date
        (17, TaskStatus.OVERDUE),  # 00:30 in Vietnam the day after; still the due date in UTC
    ],
)
def test_task_state_follows_the_vietnamese_calendar_on_a_utc_clock(
    db, monkeypatch, utc_hour, status
):
    from django.utils import timezone

    moment = dt.datetime(2026, 3, 10, utc_hour, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    task = TaskFactory(start_date=dt.date(2026, 3, 1), due_date=dt.date(2026, 3, 10))
    assert task.status_on() == status
    assert with_status(Task.objects.filter(pk=task.pk)).get().status == status
    assert list(filter_status(Task.objects.all(), status)) == [task]
