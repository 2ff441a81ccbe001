"""Zip checks read from the central directory before a byte is inflated (sizes, ratio, entry
count, paths), unpacking with the bytes written capped, and the zip inside DOCX and XLSX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .kinds import (
    MAX_ZIP_ENTRIES,
    OFFICE_MAIN_PART,
    OFFICE_MAX_RATIO,
    OFFICE_MAX_UNZIPPED,
    safe_name,
)


def _too_large(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)}
    )


def _bomb(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is compressed suspiciously much (a zip bomb?); it is refused.")
        % {"name": name}
    )


def check_archive(
    source: str | Path | io.IOBase,
    name: str,
    *,
    max_unzipped: int,
    max_ratio: int,
    max_entries: int = MAX_ZIP_ENTRIES,
) -> list[zipfile.ZipInfo]:
    """The members of a zip, read from its central directory only (nothing is inflated).

    Refuses a damaged archive, too many members, a declared total over `max_unzipped`, and a
    compression ratio over `max_ratio` (for the whole and for any member over 1 MB)."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ValidationError(
            _("“%(name)s” is damaged and cannot be opened.") % {"name": name}
        ) from exc
    if len(entries) > max_entries:
        raise ValidationError(
            _("“%(name)s” holds more than %(n)s files; it is refused.")
            % {"name": name, "n": max_entries}
        )
    total = sum(max(e.file_size, 0) for e in entries)
    packed = sum(max(e.compress_size, 0) for e in entries)
    if total > max_unzipped:
        raise ValidationError(
            _("“%(name)s” would unpack to more than %(limit)s; it is refused.")
            % {"name": name, "limit": filesizeformat(max_unzipped)}
        )
    if total > max_ratio * max(packed, 1) or any(
        e.file_size > max_ratio * max(e.compress_size, 1) and e.file_size > 1024 * 1024
        for e in entries
    ):
        raise _bomb(name)
    return entries


def extract_archive(
    path: str | Path,
    workdir: Path,
    name: str,
    *,
    max_unzipped: int,
    max_ratio: int,
    max_entries: int = MAX_ZIP_ENTRIES,
) -> list[Path]:
    """Unpack a zip into workdir after `check_archive`, and stop as soon as the bytes written pass
    what a member declared or `max_unzipped` (a forged central directory cannot fill the disk).
    Returns the files written; a member with an unsafe path is refused. On refusal, what was
    already written stays in workdir for the caller to remove with it."""
    entries = check_archive(
        path, name, max_unzipped=max_unzipped, max_ratio=max_ratio, max_entries=max_entries
    )
    root = workdir.resolve()
    written: list[Path] = []
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in entries:
                target = (root / entry.filename).resolve()
                if not target.is_relative_to(root) or target == root:
                    raise ValidationError(_("The archive holds a file with an unsafe path."))
                if entry.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                member_bytes = 0
                with archive.open(entry) as src, open(target, "wb") as out:
                    while chunk := src.read(1024 * 1024):
                        member_bytes += len(chunk)
                        total += len(chunk)
                        if member_bytes > entry.file_size or total > max_unzipped:
                            raise _bomb(name)
                        out.write(chunk)
                written.append(target)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ValidationError(
            _("“%(name)s” is damaged and cannot be opened.") % {"name": name}
        ) from exc
    return written


def _check_office(data: bytes, kind: str, name: str) -> None:
    entries = check_archive(
        io.BytesIO(data), name, max_unzipped=OFFICE_MAX_UNZIPPED, max_ratio=OFFICE_MAX_RATIO
    )
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or OFFICE_MAIN_PART[kind] not in names:
        raise ValidationError(
            _("The content of “%(name)s” is not a %(kind)s document.")
            % {"name": name, "kind": kind.upper()}
        )


def check_office_zip(upload: UploadedFile, kind: str = "xlsx") -> None:
    """Refuse a damaged DOCX/XLSX or a zip bomb before anything opens the archive's members."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    _check_office(data, kind, safe_name(upload.name or ""))
