"""Storages: uploaded files (media) and static files for production.

Static files: hashed and compressed names (whitenoise).

Vendored packages end with a `sourceMappingURL` comment; the source maps are not shipped (a
debugging aid, several MB), so the hashing step must not insist on finding them.
"""

from __future__ import annotations

import errno
import os

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            r for r in rules if "sourceMappingURL" not in (r[0] if isinstance(r, tuple) else r)
        )
        kept.append((extension, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)


class StorageFull(OSError):
    """The media volume has no room left for an uploaded file."""


class MediaStorage(FileSystemStorage):
    """Uploaded files. A write that fails for want of room (the disk or a quota full) leaves no
    partial file behind and raises StorageFull, which the request turns into a clear page
    (core.middleware.StorageFullMiddleware) while the action's transaction rolls back."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise
            try:
                os.remove(self.path(name))
            except OSError:
                pass
            raise StorageFull(exc.errno, "no room left for uploaded files") from exc
