"""Backups: the database and the uploaded files, with a manifest to check a restore against.

A backup is a folder:

- `database.dump` — PostgreSQL: `pg_dump --format=custom`; SpatiaLite: a copy of the file made
  with SQLite's backup API (consistent while the site runs);
- `media.tar` — every file under MEDIA_ROOT;
- `manifest.json` — when, from which database, the applied migrations, the row count of every
  table, and the size and SHA-256 of the dump, the archive and every file.

`restore` loads a backup into an empty database (it refuses one that has tables) and an empty
MEDIA_ROOT, then counts the rows and hashes the files again: a restore is only reported done
when everything matches the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar"


class BackupProblem(Exception):
    """A backup cannot be made or restored, or a restore does not match its manifest."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def row_counts() -> dict[str, int]:
    """The number of rows of every table Django knows (the models' and the libraries')."""
    counts = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cur.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608 — our own tables
            counts[table] = cur.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, dict]:
    """Every file under `root`: its size and SHA-256, by its path relative to `root`."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): {"size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _pg_env() -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["-h", s.get("HOST") or "localhost", "-p", str(s.get("PORT") or 5432)]
    if s.get("USER"):
        args += ["-U", s["USER"]]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]  # never on the command line
    return args, env


def _migrations() -> dict[str, str]:
    with connection.cursor() as cur:
        cur.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cur.fetchall())


def backup(dest: Path) -> dict:
    """Write a backup of the database and MEDIA_ROOT into the folder `dest`; the manifest."""
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise BackupProblem(f"{dest} is not empty")
    dump = dest / DUMP
    # The counts are taken in the same snapshot as the dump where the database allows it
    # (PostgreSQL: a repeatable-read transaction whose snapshot pg_dump reuses).
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        with connection.cursor() as cur:
            connection.set_autocommit(False)
            try:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cur.execute("SELECT pg_export_snapshot()")
                snapshot = cur.fetchone()[0]
                counts = row_counts()
                migrations = _migrations()
                subprocess.run(  # noqa: S603
                    [shutil.which("pg_dump") or "pg_dump", *args, "--format=custom",
                     f"--snapshot={snapshot}", "--no-owner", "--no-privileges",
                     "-f", str(dump), connection.settings_dict["NAME"]],
                    check=True, env=env, capture_output=True, text=True,
                )  # fmt: skip
            except subprocess.CalledProcessError as exc:
                raise BackupProblem(f"pg_dump failed: {exc.stderr.strip()[-500:]}") from exc
            finally:
                connection.rollback()
                connection.set_autocommit(True)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        connection.connection.backup(target)
        target.close()
        counts = row_counts()
        migrations = _migrations()
    else:
        raise BackupProblem(f"no backup for the {connection.vendor} database")
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    with tarfile.open(dest / MEDIA, "w") as tar:
        for name in files:
            tar.add(media_root / name, arcname=name)
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": connection.vendor,
        "database": connection.settings_dict["NAME"]
        if connection.vendor == "postgresql"
        else "sqlite",
        "migrations": migrations,
        "tables": counts,
        "rows": sum(counts.values()),
        "dump": {"size": dump.stat().st_size, "sha256": _sha256(dump)},
        "media": {"size": (dest / MEDIA).stat().st_size, "sha256": _sha256(dest / MEDIA)},
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def read_manifest(src: Path) -> dict:
    """The manifest of the backup in `src`, after checking the dump and archive against it."""
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupProblem(f"{src} has no readable {MANIFEST}: {exc}") from exc
    for part, name in (("dump", DUMP), ("media", MEDIA)):
        path = src / name
        if not path.exists() or _sha256(path) != manifest[part]["sha256"]:
            raise BackupProblem(f"{name} is missing or does not match the manifest")
    return manifest


def _empty_database() -> bool:
    return "django_migrations" not in connection.introspection.table_names()


def restore(src: Path) -> dict:
    """Load the backup in `src` into the (empty) database and MEDIA_ROOT, then verify it."""
    manifest = read_manifest(src)
    if manifest["vendor"] != connection.vendor:
        raise BackupProblem(
            f"the backup is of a {manifest['vendor']} database, this one is {connection.vendor}"
        )
    if not _empty_database():
        raise BackupProblem("the database is not empty: restore only into an empty database")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupProblem(f"MEDIA_ROOT ({media_root}) is not empty")
    if connection.vendor == "postgresql":
        _restore_postgres(src / DUMP)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(src / DUMP)
        source.backup(connection.connection)
        source.close()
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(src / MEDIA) as tar:
        members = tar.getmembers()
        for m in members:  # our own archive, but never write outside MEDIA_ROOT
            target = (media_root / m.name).resolve()
            if not (m.isfile() or m.isdir()) or not target.is_relative_to(media_root.resolve()):
                raise BackupProblem(f"{MEDIA} holds an unexpected entry: {m.name}")
        tar.extractall(media_root, members=members)  # noqa: S202 — checked above
    return verify(manifest)


def _restore_postgres(dump: Path) -> None:
    args, env = _pg_env()
    pg_restore = shutil.which("pg_restore") or "pg_restore"
    listing = subprocess.run(  # noqa: S603
        [pg_restore, "-l", str(dump)], check=True, capture_output=True, text=True
    ).stdout
    # Extensions are made here (IF NOT EXISTS: a fresh database may already have PostGIS),
    # the rest comes from the dump.
    extensions = []
    kept = []
    for line in listing.splitlines():
        # "3; 3079 16385 EXTENSION - postgis " (and its COMMENT line): made below instead
        found = re.match(r"\d+; \d+ \d+ (COMMENT - )?EXTENSION (- )?(\S+)", line)
        if found:
            if not found.group(1):
                extensions.append(found.group(3))
            continue
        kept.append(line)
    with connection.cursor() as cur:
        for ext in extensions:
            cur.execute(f"CREATE EXTENSION IF NOT EXISTS {_quote(ext)}")
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write("\n".join(kept) + "\n")
        chosen.flush()
        done = subprocess.run(  # noqa: S603
            [pg_restore, *args, "-d", connection.settings_dict["NAME"], "--no-owner",
             "--no-privileges", "--exit-on-error", "-L", chosen.name, str(dump)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
    if done.returncode != 0:
        raise BackupProblem(f"pg_restore failed: {done.stderr.strip()[-500:]}")
    connection.close()  # the tables are new: no cached state


def verify(manifest: dict) -> dict:
    """Count the rows and hash the files again; raise BackupProblem on any difference.
    Returns a summary."""
    counts = row_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        first = list(wrong.items())[:5]
        shown = ", ".join(f"{t}: {a} in the backup, {b} now" for t, (a, b) in first)
        raise BackupProblem(f"row counts differ: {shown}")
    files = media_files(Path(settings.MEDIA_ROOT))
    if files != manifest["files"]:
        missing = set(manifest["files"]) - set(files)
        changed = {n for n in manifest["files"] if n in files and files[n] != manifest["files"][n]}
        raise BackupProblem(
            f"files differ: {len(missing)} missing, {len(changed)} changed "
            f"({', '.join(sorted(missing | changed)[:3])})"
        )
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(files)}
