"""Periodic jobs without cron: each app registers its jobs, `manage.py run_schedule` enqueues them.

A job is a django-tasks task with a period (and, for daily jobs, a local time of day). The
scheduler only *enqueues*; the task worker (`manage.py db_worker`) runs the work. The next run of
each job is kept in the database (`ScheduledJob`) and claimed with a conditional UPDATE in the
same transaction as the enqueue, so several scheduler processes never enqueue a run twice, a
restart does not lose a run, and a scheduler that was stopped for a week runs each job once,
not seven times.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from . import dates

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    task: object  # a django_tasks Task
    every: dt.timedelta
    at: dt.time | None = None  # local time of day (daily jobs)

    def _today_at(self, now: dt.datetime) -> dt.datetime:
        """Today's time of day `at`, in local time."""
        local = now.astimezone(dates.VIETNAM)
        return local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)

    def next_after(self, now: dt.datetime) -> dt.datetime:
        """The first due time strictly after `now`."""
        if self.at is None:
            return now + self.every
        due = self._today_at(now)
        while due <= now:
            due += self.every
        return due

    def first_due(self, now: dt.datetime) -> dt.datetime:
        """When a job never seen before is due: now for periodic jobs; for daily jobs today's
        time if it has passed (so a scheduler started at 08:00 still sends today's 07:00 run)."""
        if self.at is None:
            return now
        today = self._today_at(now)
        return today if today <= now else today - self.every


_jobs: dict[str, Job] = {}


def register(name: str, task, every: dt.timedelta, at: dt.time | None = None) -> None:
    """Register a periodic job (call from an AppConfig.ready()); the name is its key."""
    _jobs[name] = Job(name, task, every, at)


def jobs() -> list[Job]:
    return [_jobs[k] for k in sorted(_jobs)]


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job that is due; return the names enqueued."""
    from .models import ScheduledJob

    now = now or timezone.now()
    known = set(ScheduledJob.objects.filter(name__in=_jobs).values_list("name", flat=True))
    for job in jobs():
        if job.name not in known:
            ScheduledJob.objects.get_or_create(
                name=job.name, defaults={"next_run": job.first_due(now)}
            )
    enqueued = []
    for row in ScheduledJob.objects.filter(name__in=_jobs, next_run__lte=now):
        job = _jobs[row.name]
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(name=row.name, next_run=row.next_run).update(
                next_run=job.next_after(now), last_enqueued=now
            )
            if claimed:
                job.task.enqueue()
                enqueued.append(job.name)
    if enqueued:
        logger.info("schedule: enqueued %s", ", ".join(enqueued))
    return enqueued
