"""The test database is migrated once, then copied for every test process.

Migrating every app in each pytest-xdist worker cost about 40 s a worker and grew with each
migration. Instead the migrated schema is built once per set of migrations, in a process of its
own, and kept:

- SpatiaLite: a file under ``var/test/dbcache/`` that each worker copies into its in-memory
  database with SQLite's backup API;
- PostgreSQL: a template database (``hoptac_tpl_<key>``) that each worker's test database is
  created from (``CREATE DATABASE … TEMPLATE``, Django's ``TEST["TEMPLATE"]``).

Templates of older migrations are left on a PostgreSQL server (another checkout may be copying
one); the throwaway cluster of ``make test`` goes with them.

The key is a hash of every migration file and of the installed Django, so a new migration builds a
new template. Django's ``migrate`` still runs on the copy: with everything applied it only checks.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created

ROOT = Path(__file__).resolve().parents[3]


def migrations_key() -> str:
    """A hash of every migration file and of Django's version."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(ROOT.glob("hoptac/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    done = subprocess.run(  # noqa: S603 - our own manage.py with our interpreter
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"migrating the test template failed:\n{done.stderr[-3000:]}")


class _Lock:
    """An exclusive lock on a file, held while a template is built (xdist workers race)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path

    def __enter__(self) -> _Lock:
        self.handle = self.path.open("w")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "dbcache"


def sqlite_template() -> Path:
    """The migrated SpatiaLite file for the current migrations, built if missing."""
    key = migrations_key()
    target = _cache_dir() / f"spatialite-{key}.sqlite3"
    with _Lock(_cache_dir() / "spatialite.lock"):
        if not target.exists():
            building = target.with_suffix(".building")
            building.unlink(missing_ok=True)
            _migrate(f"spatialite:///{building}")
            building.rename(target)
            for old in _cache_dir().glob("spatialite-*.sqlite3"):
                if old != target:
                    old.unlink(missing_ok=True)
    return target


def postgres_template(alias: str = "default") -> str:
    """The name of the migrated template database for the current migrations, built if missing."""
    import psycopg

    cfg = connections[alias].settings_dict
    name = f"hoptac_tpl_{migrations_key()}"
    params = {
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with _Lock(_cache_dir() / f"postgres-{cfg.get('HOST')}-{cfg.get('PORT')}.lock"):
        with psycopg.connect(**params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists:
                return name
            building = f"{name}_building"
            conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
            conn.execute(f'CREATE DATABASE "{building}"')
        auth = cfg.get("USER") or ""
        if cfg.get("PASSWORD"):
            auth += f":{cfg['PASSWORD']}"
        url = f"postgis://{auth}@{cfg.get('HOST') or ''}:{cfg.get('PORT') or 5432}/{building}"
        _migrate(url)
        with psycopg.connect(**params) as conn:
            conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


def use_templates(alias: str = "default") -> None:
    """Make the coming test-database creation copy the migrated template instead of migrating."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["TEMPLATE"] = postgres_template(alias)
        return
    if connection.vendor != "sqlite":
        return
    template = sqlite_template()
    copied: set[str] = set()

    def fill(sender, connection, **kwargs) -> None:  # noqa: ANN001 - signal signature
        if connection.alias != alias or not connection.is_in_memory_db() or alias in copied:
            return
        raw = connection.connection
        if raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
            return
        copied.add(alias)
        source = sqlite3.connect(template)
        try:
            source.backup(raw)
        finally:
            source.close()

    connection_created.connect(fill, weak=False)
