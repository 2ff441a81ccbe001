"""Background work of the indicators app, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from . import search


@task()
def reindex_procedures() -> str:
    """The procedure versions that began or ended lately, indexed again for the site search."""
    return f"{search.reindex_started_and_ended()} procedures indexed again"
