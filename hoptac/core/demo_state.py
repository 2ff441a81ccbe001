"""Whether the demo in this database is the one the code would load now, and whether any
migration is left to apply.

Loading the demo is idempotent but takes tens of seconds (every object is looked up); a second
`make demo` on an unchanged checkout should serve at once. The fingerprint covers what the
demo is made of: the project's code and data files (tests, templates and static files aside),
its translations (the catalogues' sources: the search index holds translated titles, which
`migrate`'s handlers refresh) and the migrations applied. Any change to them loads the demo again,
after `migrate`, which is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pkgutil
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

PACKAGE = Path(__file__).resolve().parents[1]  # hoptac/
SKIPPED = {"tests", "templates", "static", "__pycache__", "migrations"}


def fingerprint() -> str:
    digest = hashlib.sha256()
    for relative in _files():
        path = PACKAGE / relative
        if not path.is_file():
            continue
        digest.update(str(relative).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    applied = MigrationRecorder(connection).applied_migrations()
    for app, name in sorted(applied):
        digest.update(f"{app}.{name}".encode())
    return digest.hexdigest()


def _files() -> list[Path]:
    """The fingerprinted files, relative to PACKAGE, in order: the skipped folders are not
    walked at all (the static files, the bytecode), the compiled catalogues are not read (their
    sources are), and the project's own catalogues beside the package are."""
    found = []
    for top in (PACKAGE, PACKAGE.parent / "locale"):
        for folder, folders, names in os.walk(top):
            folders[:] = [name for name in folders if name not in SKIPPED]
            relative = Path(os.path.relpath(folder, PACKAGE))
            found += [relative / name for name in names if not name.endswith(".mo")]
    return sorted(found)


def unapplied_migrations() -> set[tuple[str, str]]:
    """The migrations on disk that this database has not recorded as applied, found as
    `migrate` finds them (each app's migrations package, its modules' names) but without
    loading a migration: a second start learns in a query that there is nothing to migrate.
    Not empty on a new database, after a pull that brings a migration, or with a squash whose
    replaced migrations are applied but not yet itself (`migrate` records it)."""
    on_disk = set()
    for config in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(config.label)
        if module_name is None:
            continue
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if "migrations" in (error.name or "").split("."):
                continue  # an app without migrations, as `migrate` reads it
            raise
        if not hasattr(module, "__path__") or (
            getattr(module, "__file__", None) is None and not isinstance(module.__path__, list)
        ):
            continue  # a module, or an empty folder (a namespace package): no migrations either
        on_disk |= {
            (config.label, name)
            for _, name, is_package in pkgutil.iter_modules(module.__path__)
            if not is_package and name[0] not in "_~"
        }
    return on_disk - set(MigrationRecorder(connection).applied_migrations())


def parts_key(only: list[str] | None) -> str:
    return ",".join(sorted(only)) if only else "all"


def is_loaded(only: list[str] | None, current: str) -> bool:
    from .models import DemoLoad

    return DemoLoad.objects.filter(parts=parts_key(only), fingerprint=current).exists()


def mark_loaded(only: list[str] | None, current: str) -> None:
    from .models import DemoLoad

    DemoLoad.objects.update_or_create(
        parts=parts_key(only), defaults={"fingerprint": current, "loaded_at": timezone.now()}
    )
