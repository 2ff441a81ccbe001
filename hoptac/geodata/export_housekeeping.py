"""Housekeeping of the large downloads' storage (`geodata/exports/<version id>/`), run hourly by
the scheduler (`geodata.tidy_exports`).

What it removes, and only that:
- a `.pending` marker older than twice EXPORT_TIMEOUT (the worker's export gives up after
  EXPORT_TIMEOUT, so nothing still writes that file), or whose download is already written;
- a `.failed` marker older than FAILED_KEPT (the reader it was for never came back to be told),
  or whose download has since been written;
- the files of a version that no longer exists (its deletion's clean-up did not run: a crash
  between the commit and the removal), and the files of a live version whose name is not the
  version's own any more (the layer's identifier changed, so no request will ask for them).

The downloads themselves of a live version are kept: they are the cache the next reader uses.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

from django.core.files.storage import default_storage
from django.utils import timezone

from .downloads import EXPORT_TIMEOUT
from .models import LayerVersion

ROOT = "geodata/exports"
PENDING_KEPT = dt.timedelta(seconds=2 * EXPORT_TIMEOUT)
FAILED_KEPT = dt.timedelta(days=1)
MARKERS = (".pending", ".failed")


def _older_than(name: str, age: dt.timedelta, now: dt.datetime) -> bool:
    try:
        return now - default_storage.get_modified_time(name) > age
    except (NotImplementedError, OSError):
        return False


def _listdir(folder: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return [], []


def _remove_empty_folder(folder: str) -> None:
    try:
        os.rmdir(default_storage.path(folder))
    except (NotImplementedError, OSError):
        pass  # not a local storage, or not empty


def tidy_exports(now: dt.datetime | None = None) -> dict[str, int]:
    """Remove stale markers and orphaned downloads; return how many of each were removed."""
    now = now or timezone.now()
    removed: Counter[str] = Counter()
    folders, _files = _listdir(ROOT)
    ids = [int(f) for f in folders if f.isdigit()]
    versions = {
        v.pk: f"{v.layer.slug}-v{v.number}-"
        for v in LayerVersion.objects.filter(pk__in=ids)
        .select_related("layer")
        .only("pk", "number", "layer__slug")
    }
    for folder_name in folders:
        folder = f"{ROOT}/{folder_name}"
        _sub, names = _listdir(folder)
        prefix = versions.get(int(folder_name)) if folder_name.isdigit() else None
        present = set(names)
        for name in names:
            path = f"{folder}/{name}"
            if prefix is None or not name.startswith(prefix):
                default_storage.delete(path)
                removed["orphaned"] += 1
                continue
            marker = next((m for m in MARKERS if name.endswith(m)), None)
            if marker is None:
                continue
            written = name[: -len(marker)] in present
            kept = PENDING_KEPT if marker == ".pending" else FAILED_KEPT
            if written or _older_than(path, kept, now):
                default_storage.delete(path)
                removed[marker.lstrip(".")] += 1
        if prefix is None:
            _remove_empty_folder(folder)
    return {key: removed[key] for key in ("pending", "failed", "orphaned")}
