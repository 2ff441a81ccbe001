"""The demo, loaded once per test module for the guards that walk the whole site.

Its ids start at a million and one: an id printed in Vietnamese's number format ("1.000.001"
in a link, a form value or a data attribute) breaks the page only once a table passes 999 rows,
which no test of a small fixture ever reaches; here every id is past that from the first row.

Loading it per test would cost a second or two each; here it is loaded inside a transaction that
stays open for the module and is rolled back at its end, so every test of the module sees it
(each test still runs in its own savepoint) and the other tests never do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings

FIRST_ID = 1_000_001


def start_ids_at(first: int) -> list[tuple[str, int, bool]]:
    """Make the next row of every table with an automatic integer key take `first` or more as
    its id (SQLite's AUTOINCREMENT counters inside the open transaction; PostgreSQL's
    sequences, which no rollback resets: their previous state is returned, for `restore_ids`).
    Tables keyed otherwise are left alone."""
    from django.apps import apps
    from django.db import models

    previous: list[tuple[str, int, bool]] = []
    with connection.cursor() as cur:
        for model in apps.get_models(include_auto_created=True):
            pk = model._meta.pk
            if not isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
                continue
            table, column = model._meta.db_table, pk.column
            if connection.vendor == "postgresql":
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
                (sequence,) = cur.fetchone()
                if sequence:
                    cur.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                    last, called = cur.fetchone()
                    previous.append((sequence, last, called))
                    cur.execute("SELECT setval(%s, %s)", [sequence, first - 1])
            else:
                cur.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cur.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first - 1]
                )
    return previous


def restore_ids(previous: list[tuple[str, int, bool]]) -> None:
    """Put PostgreSQL's sequences back where they were, so that the tests after this module
    see the ids they would have seen (the rows made meanwhile are rolled back)."""
    with connection.cursor() as cur:
        for sequence, last, called in previous:
            cur.execute("SELECT setval(%s, %s, %s)", [sequence, last, called])


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """Load the demo for the module; its files go to a folder of their own, returned."""
    from hoptac.core import demo

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        previous: list[tuple[str, int, bool]] = []
        try:
            previous = start_ids_at(FIRST_ID)
            demo.load(log=lambda line: None)
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            restore_ids(previous)


@pytest.fixture
def demo_media(demo_site, settings) -> Path:
    """Point the test's MEDIA_ROOT back at the demo's files (the autouse fixture moves it)."""
    settings.MEDIA_ROOT = demo_site
    return demo_site
