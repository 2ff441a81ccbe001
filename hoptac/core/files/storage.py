"""Storing and serving: the default storage (random names, no public URL), store/delete, and
the answer to a permitted download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone

from hoptac.storage import MediaStorage

from .kinds import KINDS, CheckedFile, content_type, random_name


class NoPublicUrl(AttributeError):
    """Stored files have no public address: link to the owning object's download view."""


class FileStorage(MediaStorage):
    """The default storage: random names, and no URL (downloads go through permission checks);
    a full volume refuses the write cleanly (hoptac.storage.MediaStorage)."""

    def get_valid_name(self, name: str) -> str:
        return random_name(name)

    def url(self, name: str | None) -> str:
        raise NoPublicUrl(
            "Stored files have no public URL; link to the download view of the object they "
            "belong to."
        )


def store(checked: CheckedFile, folder: str) -> str:
    """Save a checked file in `folder/YYYY/MM/` of the default storage; returns its name there.
    The name on disk is never the user's: a random name with the checked extension."""
    extension = KINDS[checked.kind].extensions[0]
    checked.upload.seek(0)
    return default_storage.save(
        f"{folder}/{timezone.now():%Y/%m}/{random_name('file.' + extension)}", checked.upload
    )


def delete(name: str) -> None:
    """Remove a stored file (nothing happens when it is already gone)."""
    if name:
        default_storage.delete(name)


@contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """A list to note stored names in; if the block fails, those files are deleted again."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            delete(name)
        raise


def _disposition(name: str, inline: bool) -> str:
    ascii_name = name.encode("ascii", "ignore").decode() or "file"
    ascii_name = re.sub(r'["\\\r\n]', "", ascii_name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def serve(file: FieldFile | str, *, name: str, kind: str = "") -> HttpResponse:
    """The answer to a permitted download of a stored file, under the name the user gave it.

    With FILES_ACCEL_REDIRECT_PREFIX set (production behind nginx), an empty response whose
    `X-Accel-Redirect` names the file under that internal location; otherwise the file itself.
    Either way the browser may not run what it receives (sandbox CSP, no sniffing)."""
    stored = file.name if isinstance(file, FieldFile) else file
    if not stored or not default_storage.exists(stored):
        raise Http404
    if not kind:
        extension = PurePosixPath(stored).suffix.lower().lstrip(".")
        kind = next((k for k, spec in KINDS.items() if extension in spec.extensions), "")
    inline = KINDS[kind].inline if kind in KINDS else False
    prefix = settings.FILES_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type(kind))
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.lstrip("/"))
        response["Content-Disposition"] = _disposition(name, inline)
    else:
        response = FileResponse(default_storage.open(stored, "rb"), content_type=content_type(kind))
        response["Content-Disposition"] = _disposition(name, inline)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
