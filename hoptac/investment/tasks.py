"""Background jobs (django-tasks): enquiry answer-time warnings and meeting-request expiry.

Run them periodically, e.g. from cron: `manage.py investment_housekeeping` enqueues both.
"""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def warn_overdue_enquiries() -> int:
    """E-mail the managers of enquiries close to or past their answer-by time."""
    return actions.warn_overdue_enquiries()


@task()
def expire_meeting_requests() -> int:
    """Mark meeting requests left pending past their time as expired."""
    return actions.expire_requests()


@task()
def expire_personal_data() -> int:
    """Erase the personal data that outlived their retention period (see `privacy.py`)."""
    from . import personal_data

    return personal_data.expire_personal_data()
