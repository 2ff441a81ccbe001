"""Start-up (issue 19): what every serving process imports before its first page, and what a
second `make demo` does before it serves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from hoptac.core import demo_state
from hoptac.core.tests.demo_module import module_demo, use_module_demo

ROOT = Path(__file__).resolve().parents[3]

SPATIALITE = os.environ.get("DATABASE_URL", "spatialite").startswith("spatialite")
# Imported where they are used, by the few requests and tasks that need them: each costs every
# process (runserver, each gunicorn worker, the task worker, a manage.py command) its import.
HEAVY = (
    "duckdb",  # indicators: a records file's import (bulk)
    "icalendar",  # the calendar exports
    "markdown",  # exchange: a text shown
    "nh3",
    "hoptac.programmes.drafting",  # compiles its patterns on import
    "hoptac.geodata.imports.run",  # the layer import's pipeline
    "hoptac.geodata.figures",
)
# geodata's coordinate systems, downloads, figures, layer import: imported at start with
# SpatiaLite only, before its extension is loaded (geodata/apps.py _bind_bundled_libraries)
GEO = ("pyproj", "shapely")


def _run(code: str) -> str:
    """The last line `code` prints in a fresh interpreter (this one has imported everything
    the other tests needed)."""
    done = subprocess.run(  # noqa: S603 (this interpreter, our code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hoptac.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()[-1]


def test_a_serving_process_imports_no_heavy_library_before_a_request_needs_it():
    heavy = HEAVY if SPATIALITE else HEAVY + GEO
    imported = _run(
        "import json, sys\n"
        "from hoptac.wsgi import application\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        f"print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))\n"
    )
    assert json.loads(imported) == []


def test_shapely_and_pyproj_use_their_own_geos_and_proj_once_the_database_is_open():
    own = _run("import pyproj; print(pyproj.proj_version_str)")
    assert (
        _run(
            "import django\n"
            "django.setup()\n"
            "from django.db import connection\n"
            "connection.ensure_connection()\n"
            "import pyproj, shapely\n"
            "assert shapely.to_wkb(shapely.Point(1, 2))\n"
            "print(pyproj.proj_version_str)\n"
        )
        == own
    )


@pytest.mark.django_db
def test_unapplied_migrations_are_those_on_disk_that_the_database_has_not_recorded():
    assert demo_state.unapplied_migrations() == set()
    MigrationRecorder(connection).record_unapplied("core", "0001_initial")
    assert demo_state.unapplied_migrations() == {("core", "0001_initial")}


demo_module = module_demo(["core"])


@pytest.fixture
def core_demo(demo_module, db, settings):
    use_module_demo(settings, demo_module)


def test_a_second_start_migrates_only_when_a_migration_is_left_or_the_demo_is_not_this_codes(
    core_demo, monkeypatch
):
    from django.core.management.commands import migrate

    from hoptac.core import demo

    migrations = []
    monkeypatch.setattr(migrate.Command, "handle", lambda self, **kw: migrations.append(kw))
    monkeypatch.setattr(demo, "load", lambda **kw: None)
    asked, is_loaded = [], demo_state.is_loaded
    monkeypatch.setattr(demo_state, "is_loaded", lambda *a: asked.append(a) or is_loaded(*a))
    out = StringIO()
    call_command("load_demo", migrate=True, only=["core"], stdout=out)
    assert migrations == [] and "already loaded" in out.getvalue()
    assert len(asked) == 1  # the database asked once whether this code's demo is loaded

    MigrationRecorder(connection).record_unapplied("core", "0001_initial")  # a pull brings one
    call_command("load_demo", migrate=True, only=["core"], stdout=StringIO())
    assert len(migrations) == 1
    MigrationRecorder(connection).record_applied("core", "0001_initial")

    monkeypatch.setattr(demo_state, "fingerprint", lambda: "0" * 64)  # the code changed
    call_command("load_demo", migrate=True, only=["core"], stdout=StringIO())
    assert len(migrations) == 2
