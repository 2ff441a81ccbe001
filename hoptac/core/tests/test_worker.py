"""Tasks whose worker died are found and run again once, then failed (hoptac/core/worker.py)."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hoptac.core import worker
from hoptac.core.models import WorkerLease
from hoptac.core.schedule import jobs

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])  # noqa: S607
    proc.wait()
    return proc.pid


def lease(worker_id: str, host: str | None = None, pid: int = 1, age: int = 0) -> WorkerLease:
    seen = timezone.now() - dt.timedelta(seconds=age)
    return WorkerLease.objects.create(
        worker_id=worker_id,
        host=host or socket.gethostname(),
        pid=pid,
        started_at=seen,
        seen_at=seen,
    )


def running(*worker_ids: str) -> DBTaskResult:
    """A task claimed by the given workers in turn, the last one still 'running' it."""
    result = jobs()[0].task.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now()
    row.worker_ids = list(worker_ids)
    row.save()
    return row


def status(row: DBTaskResult) -> str:
    row.refresh_from_db()
    return row.status


def test_a_task_whose_worker_process_is_gone_runs_again(db):
    lease("w1", pid=dead_pid())  # seen just now, but its process on this machine is gone
    row = running("w1")
    assert worker.recover_lost() == [str(row.pk)]
    assert status(row) == TaskResultStatus.READY
    assert not WorkerLease.objects.filter(pk="w1").exists()


def test_a_task_lost_a_second_time_fails_with_a_message(db):
    lease("w2", pid=dead_pid())
    row = running("w1", "w2")
    worker.recover_lost()
    assert status(row) == TaskResultStatus.FAILED
    assert row.exception_class_path == worker.LOST_EXCEPTION
    assert "stopped while running this task" in row.traceback


def test_a_task_whose_worker_is_alive_elsewhere_is_left_alone(db):
    lease("w1", host="another-machine", pid=1, age=5)
    row = running("w1")
    assert worker.recover_lost() == []
    assert status(row) == TaskResultStatus.RUNNING


def test_a_worker_not_heard_of_for_the_lease_period_is_lost(db, settings):
    lease("w1", host="another-machine", pid=1, age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    row = running("w1")
    assert worker.recover_lost() == [str(row.pk)]
    assert status(row) == TaskResultStatus.READY


def test_a_task_of_a_worker_without_a_lease_is_given_the_lease_period(db, settings):
    row = running("from-an-older-worker")
    assert worker.recover_lost() == []
    long_ago = timezone.now() - dt.timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS + 1)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=long_ago)
    assert worker.recover_lost() == [str(row.pk)]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_worker_command_takes_a_lease_recovers_and_gives_the_lease_back():
    from django.core.management import call_command

    lease("gone", pid=dead_pid())
    row = running("gone")
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert status(row) == TaskResultStatus.SUCCESSFUL  # recovered at start, then run
    assert len(row.worker_ids) == 2 and row.worker_ids[-1].startswith(socket.gethostname())
    assert not WorkerLease.objects.exists()
