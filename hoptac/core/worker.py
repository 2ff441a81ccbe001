"""The task worker's liveness: leases, and the recovery of tasks whose worker died.

django-tasks' database backend marks a task RUNNING when a worker claims it and never looks at
it again: a worker killed (`kill -9`, out of memory, the machine lost) leaves it RUNNING for good.
So each worker (`manage.py db_worker`, our subclass) holds a lease, a row refreshed every
HEARTBEAT seconds by a thread of its own. A RUNNING task is *lost* when its worker's lease is
older than settings.TASK_WORKER_LEASE_SECONDS, or when that worker ran on this machine and its
process is gone (no need to wait then). A lost task runs again, once (it goes back to READY);
lost a second time it is marked failed with a message. The app that owns the task hears of it
through `on_lost` (the geodata import resets its job and removes what the attempt left).
Recovery runs when a worker starts, every lease period in every worker, and in the scheduler;
each task is taken with a conditional UPDATE, so two recoverers never act on it twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

HEARTBEAT = 10  # seconds between two refreshes of a lease
MAX_ATTEMPTS = 2  # a lost task runs again once, then fails
LOST_EXCEPTION = "hoptac.core.worker.WorkerLost"

LostHandler = Callable[[list, dict, bool], None]  # (args, kwargs, will_retry)
_on_lost: dict[str, LostHandler] = {}


class WorkerLost(Exception):
    """The worker running a task died before the task finished."""


def on_lost(task) -> Callable[[LostHandler], LostHandler]:
    """Register `handler(args, kwargs, will_retry)`, called (in the recovery's transaction)
    when a run of `task` is found lost."""

    def register(handler: LostHandler) -> LostHandler:
        _on_lost[task.module_path] = handler
        return handler

    return register


def lease_seconds() -> int:
    return settings.TASK_WORKER_LEASE_SECONDS


def new_worker_id() -> str:
    """host:pid:random, at most 64 characters (the column of django-tasks)."""
    tail = f":{os.getpid()}:{get_random_string(8)}"
    return socket.gethostname()[: 64 - len(tail)] + tail


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _dead(lease, now: dt.datetime) -> bool:
    if lease.host == socket.gethostname() and lease.pid != os.getpid():
        if _process_gone(lease.pid):
            return True
    return lease.seen_at < now - dt.timedelta(seconds=lease_seconds())


def recover_lost(now: dt.datetime | None = None) -> list[str]:
    """Find the RUNNING tasks whose worker is gone; run each again once, or fail it.
    Returns the ids of the tasks recovered."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .models import WorkerLease

    now = now or timezone.now()
    leases = {lease.worker_id: lease for lease in WorkerLease.objects.all()}
    dead = {wid for wid, lease in leases.items() if _dead(lease, now)}
    cutoff = now - dt.timedelta(seconds=lease_seconds())
    recovered = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        wid = result.worker_ids[-1] if result.worker_ids else ""
        if wid in leases:
            if wid not in dead:
                continue
        elif result.started_at and result.started_at > cutoff:
            continue  # a worker without a lease (an older one): given the lease period
        will_retry = len(result.worker_ids) < MAX_ATTEMPTS
        with transaction.atomic():
            still = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            )
            if will_retry:
                taken = still.update(status=TaskResultStatus.READY)
            else:
                taken = still.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    return_value=None,
                    exception_class_path=LOST_EXCEPTION,
                    traceback=(
                        f"{LOST_EXCEPTION}: the worker {wid} stopped while running this task "
                        f"(attempt {len(result.worker_ids)} of {MAX_ATTEMPTS}).\n"
                    ),
                )
            if not taken:
                continue
            handler = _on_lost.get(result.task_path)
            if handler is not None:
                kw = result.args_kwargs
                handler(kw.get("args", []), kw.get("kwargs", {}), will_retry)
        logger.warning(
            "task %s (%s) lost with worker %s: %s",
            result.pk,
            result.task_path,
            wid,
            "run again" if will_retry else "failed",
        )
        recovered.append(str(result.pk))
    if dead:
        WorkerLease.objects.filter(worker_id__in=dead).delete()
    return recovered


class Lease:
    """This worker's lease: taken at start, refreshed by a thread, given back at exit."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-lease", daemon=True)

    def _refresh(self) -> None:
        from .models import WorkerLease

        now = timezone.now()
        if not WorkerLease.objects.filter(pk=self.worker_id).update(seen_at=now):
            WorkerLease.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "host": socket.gethostname(),
                    "pid": os.getpid(),
                    "started_at": now,
                    "seen_at": now,
                },
            )

    def start(self) -> None:
        self._refresh()
        recover_lost()
        self._thread.start()

    def _run(self) -> None:
        beats = 0
        every = max(1, lease_seconds() // HEARTBEAT)
        try:
            while not self._stop.wait(HEARTBEAT):
                beats += 1
                try:
                    self._refresh()
                    if beats % every == 0:
                        recover_lost()
                except DatabaseError:
                    # The database restarting: try again at the next beat, on a new connection.
                    logger.warning("worker lease %s: not refreshed", self.worker_id)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        from .models import WorkerLease

        self._stop.set()
        self._thread.join(timeout=HEARTBEAT + 5)
        try:
            WorkerLease.objects.filter(pk=self.worker_id).delete()
        except DatabaseError:
            logger.warning("worker lease %s: not given back", self.worker_id)
