"""Background jobs of the exchange (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import actions


@task()
def remind_experience_requests(today: str | None = None) -> int:
    """Remind the addressees of requests due within three days or overdue (once a day each)."""
    day = dt.date.fromisoformat(today) if today else None
    return actions.send_reminders(day)
