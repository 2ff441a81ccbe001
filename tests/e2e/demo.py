"""The demo for the browser tests: loaded once per test process and set of parts, then copied.

The browser tests drive a live server, so what a test writes is committed and the database is
emptied after it (pytest-django's transactional tests); the module demo of the other tests (a
transaction rolled back after the module) cannot serve them, and each test loaded the demo
again: 40-odd loads of 2 to 15 s each. On SpatiaLite the test database lives in memory: the
first load of a set of parts is kept (the database with SQLite's backup API, the files it
wrote as a folder) and later tests get that copy back instead of loading again. On PostgreSQL
(browser tests run there only with HOPTAC_PG_BROWSER=1) the demo is loaded each time, as before.

A copy brings back ids and rows this process has seen before, so what the process keeps of the
database is forgotten after it: the cache, the content types (their ids change with each
emptying) and the search lists. A process keeps those by build number and generation, which a
copy repeats: a copy holding built lists, written to, would be served the lists an earlier copy
cached at the same numbers (an earlier copy's documents found, tried on purpose). The copy gets
a build number of its own, as a new build would. (The demo's loaders leave no built lists today;
a test that builds them, with rebuild_search_index, gets a new number anyway.)
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from hoptac.core.demo_state import parts_key


class DemoCopies:
    """The demo databases (and their files) this process has loaded, by set of parts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.kept: dict[str, Path] = {}

    def load(self, only: list[str] | None = None) -> None:
        """Put the demo's parts `only` (every part when None) into the test's empty database."""
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            _from_first_ids()
            call_command("load_demo", only=only, stdout=StringIO())
            return
        key = parts_key(only)
        kept = self.kept.get(key)
        if kept is None:
            _from_first_ids()
            call_command("load_demo", only=only, stdout=StringIO())
            self.kept[key] = self._keep(key)
        else:
            self._restore(kept)

    def _keep(self, key: str) -> Path:
        folder = self.folder / key.replace(",", "+")
        folder.mkdir(parents=True)
        connection.ensure_connection()
        target = sqlite3.connect(folder / "db.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.copytree(media, folder / "media")
        return folder

    def _restore(self, folder: Path) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache

        from hoptac.search.models import PostingState

        assert not connection.in_atomic_block, "the demo is copied into an empty database only"
        connection.ensure_connection()
        source = sqlite3.connect(folder / "db.sqlite3")
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        if (folder / "media").exists():
            shutil.copytree(folder / "media", Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
        cache.clear()
        ContentType.objects.clear_cache()
        PostingState.objects.filter(pk=1).exclude(built=0).update(
            built=secrets.randbelow(2**30) + 1
        )


def _from_first_ids() -> None:
    """Empty every table with its id sequences reset, so that the demo gets the ids the guards
    name (`/chuong-trinh/1/`): a transactional test that ran earlier in this process leaves the
    tables empty but the sequences where it left them (SQLite's sqlite_sequence, PostgreSQL's
    sequences), and the demo's first agreement was then id 2 or 40 (the site guards found
    `/chuong-trinh/1/` at 404 in two clean-clone runs, as xdist happened to order the tests).

    Emptied as Django's ``flush`` command does, post_migrate included: the content types and
    permissions made again, the content types' cache cleared, the search index's orphans pruned.
    Without it the process kept content type ids whose rows were gone, and the demo's indicator
    tags failed at commit (``FOREIGN KEY constraint failed``) whenever an earlier test in the
    process had filled that cache (h7/ci's full run, 7 December)."""
    call_command(
        "flush",
        interactive=False,
        reset_sequences=True,
        allow_cascade=True,
        verbosity=0,
        database=connection.alias,
    )
