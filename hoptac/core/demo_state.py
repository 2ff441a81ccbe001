"""Whether the demo in this database is the one the code would load now.

Loading the demo is idempotent but takes tens of seconds (every object is looked up); a second
`make demo` on an unchanged checkout should serve at once. The fingerprint covers what the
demo is made of: the project's code and data files (tests, templates, translations and static
files aside) and the migrations applied. Any change to them loads the demo again, which is
always safe.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

PACKAGE = Path(__file__).resolve().parents[1]  # hoptac/
SKIPPED = {"tests", "templates", "static", "locale", "__pycache__", "migrations"}


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if not path.is_file() or SKIPPED.intersection(relative.parts) or path.suffix == ".mo":
            continue
        digest.update(str(relative).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    applied = MigrationRecorder(connection).applied_migrations()
    for app, name in sorted(applied):
        digest.update(f"{app}.{name}".encode())
    return digest.hexdigest()


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
