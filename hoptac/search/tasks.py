"""Background work of search, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from . import postings


@task()
def pack_postings() -> str:
    """Build or pack the posting lists again when they need it (``postings.pack``)."""
    return postings.pack()
