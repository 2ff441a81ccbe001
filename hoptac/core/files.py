"""Files people upload: checked by their content, stored under random names, served only through a
view that has checked the same permission as the object the file belongs to.

- `check_upload` / `check_uploads`: empty, size, type by content (magic bytes; for DOCX and XLSX
  the parts inside the zip), zip bombs (declared sizes and ratio read from the central directory,
  before a byte is inflated), and the text for the search index.
- `check_archive` / `extract_archive`: the same zip checks for an archive that is unpacked (a
  zipped Shapefile), and the bytes actually written capped while unpacking.
- `FileStorage`: the default storage. Every name it gives is random (whatever `upload_to` or the
  user's file name says) and it has no public URL: there is no `/media/` route.
- `serve`: the answer to a download, once the view has checked the permission; behind nginx an
  `X-Accel-Redirect` to the internal location `FILES_ACCEL_REDIRECT_PREFIX`.
- `removed_on_failure`: the files stored inside it are deleted when the block fails.
"""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.storage import MediaStorage

MAX_FILES = 10
MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 300
MAX_ZIP_ENTRIES = 5000
# An Office document never needs more; a layer archive has its own limits (GEODATA_MAX_*).
OFFICE_MAX_UNZIPPED = 100 * 1024 * 1024
OFFICE_MAX_RATIO = 100


@dataclass(frozen=True)
class Kind:
    key: str
    extensions: tuple[str, ...]
    content_type: str
    inline: bool  # shown in the browser (images, PDF) rather than downloaded


KINDS = {
    k.key: k
    for k in (
        Kind("pdf", ("pdf",), "application/pdf", True),
        Kind(
            "docx",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            False,
        ),
        Kind(
            "xlsx",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            False,
        ),
        Kind("png", ("png",), "image/png", True),
        Kind("jpeg", ("jpg", "jpeg"), "image/jpeg", True),
        Kind("gif", ("gif",), "image/gif", True),
        Kind("webp", ("webp",), "image/webp", True),
        Kind("svg", ("svg",), "image/svg+xml", True),
        Kind("txt", ("txt",), "text/plain; charset=utf-8", False),
    )
}
# What each kind of upload accepts.
DOCUMENTS = ("pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp")
EVIDENCE = ("pdf", "docx", "xlsx", "png", "jpeg", "txt")
AGREEMENT_SOURCES = ("pdf", "docx", "txt")
LOGOS = ("png", "jpeg", "webp", "svg")
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def content_type(kind: str) -> str:
    """The Content-Type a stored file of this kind is served with."""
    return KINDS[kind].content_type if kind in KINDS else "application/octet-stream"


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str  # the clean name the user gave, for Content-Disposition
    kind: str
    size: int
    text: str

    @property
    def content_type(self) -> str:
        return content_type(self.kind)


# --- Names --------------------------------------------------------------------------------------
def safe_name(raw: str) -> str:
    """A display name with no path, no markup or control characters, at most 150 characters."""
    name = re.sub(r"<[^>]*>", "", raw or "")  # markup first: "</b>" is not a folder
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"/\\|?*\'`&;=%{}$]', "", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        name = "tep"
    stem, dot, ext = name.rpartition(".")
    if dot and len(ext) <= 5:
        stem = stem.strip(" .") or "tep"
        return f"{stem[: 150 - len(ext) - 1]}.{ext}"
    return name[:150]


def random_name(original: str) -> str:
    """An unguessable file name that keeps only a short, plain extension of the original."""
    suffix = PurePosixPath(original or "").suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ""
    return secrets.token_hex(16) + suffix


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


# --- Checking -----------------------------------------------------------------------------------
def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _is_text(data: bytes) -> bool:
    return b"\x00" not in data[:4096] or data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _is_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"\x00" not in head and head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in head


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


def _text_of_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return ""
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        chunk = page.extract_text() or ""
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _text_of_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs if p.text]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _text_of_xlsx(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts: list[str] = []
    size = 0
    try:
        for sheet in book.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                line = " ".join(str(v) for v in row if v is not None)
                if line:
                    parts.append(line)
                    size += len(line)
                if size > MAX_TEXT_CHARS:
                    return "\n".join(parts)
    finally:
        book.close()
    return "\n".join(parts)


def _text_of_txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            return data[: 2 * 1024 * 1024].decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("unknown encoding")


EXTRACTORS = {
    "pdf": _text_of_pdf,
    "docx": _text_of_docx,
    "xlsx": _text_of_xlsx,
    "txt": _text_of_txt,
}


def _accepted_message(name: str, kinds: Iterable[str]) -> ValidationError:
    labels = {
        "pdf": "PDF",
        "docx": "DOCX",
        "xlsx": "XLSX",
        "png": "PNG",
        "jpeg": "JPEG",
        "gif": "GIF",
        "webp": "WebP",
        "svg": "SVG",
        "txt": "TXT",
    }
    return ValidationError(
        _("“%(name)s”: only %(kinds)s files are accepted.")
        % {"name": name, "kinds": ", ".join(labels[k] for k in kinds)}
    )


def check_upload(
    upload: UploadedFile,
    *,
    kinds: Iterable[str] = DOCUMENTS,
    max_bytes: int | None = None,
    extract: bool = True,
) -> CheckedFile:
    """Check one uploaded file (empty, size, type by content, zip bomb) and extract its text;
    a ValidationError says why not."""
    kinds = tuple(kinds)
    name = safe_name(upload.name or "")
    limit = max_bytes or settings.FILES_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise _too_large(name, limit)
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = next((k for k in kinds if extension in KINDS[k].extensions), None)
    if kind is None:
        raise _accepted_message(name, kinds)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise _too_large(name, limit)
    if kind == "txt":
        matches = _is_text(data)
    elif kind == "svg":
        matches = _is_svg(data)
    else:
        matches = _sniff(data[:16]) == ("zip" if kind in OFFICE_MAIN_PART else kind)
    if not matches:
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension .%(ext)s.")
            % {"name": name, "ext": extension}
        )
    if kind in OFFICE_MAIN_PART:
        _check_office(data, kind, name)
    text = ""
    extractor = EXTRACTORS.get(kind) if extract else None
    if extractor is not None:
        try:
            text = extractor(data)
        except Exception as exc:  # any parser error means the file cannot be read
            raise ValidationError(
                _("“%(name)s” is damaged and cannot be read.") % {"name": name}
            ) from exc
    text = text.replace("\x00", "")[:MAX_TEXT_CHARS]
    return CheckedFile(upload=upload, name=name, kind=kind, size=len(data), text=text)


def check_uploads(
    uploads: list[UploadedFile],
    *,
    kinds: Iterable[str] = DOCUMENTS,
    max_bytes: int | None = None,
    max_files: int = MAX_FILES,
) -> list[CheckedFile]:
    """Check every file; report all the problems at once."""
    if len(uploads) > max_files:
        raise ValidationError(_("At most %(n)d files may be attached at once.") % {"n": max_files})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, kinds=kinds, max_bytes=max_bytes))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


# Layer files (geodata): the extension names the format, the first bytes must agree.
LAYER_FORMATS = {
    "zip": "zip",
    "kmz": "zip",
    "gpkg": "sqlite",
    "geojson": "json",
    "json": "json",
    "kml": "xml",
    "csv": "text",
}


def _layer_content(head: bytes) -> set[str]:
    found = set()
    if head.startswith(b"PK\x03\x04"):
        found.add("zip")
    if head.startswith(b"SQLite format 3\x00"):
        found.add("sqlite")
    if b"\x00" not in head:
        found.add("text")
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if text[:1] in (b"{", b"["):
            found.add("json")
        if text[:1] == b"<":
            found.add("xml")
    return found


def check_layer_upload(
    upload: UploadedFile, *, max_bytes: int, max_unzipped: int, max_ratio: int
) -> str:
    """Check a layer file before it is stored: empty, size, format by content, and for a zip or
    KMZ its central directory (declared size and ratio: a zip bomb is refused before a byte is
    inflated). Returns the format's extension; a ValidationError says why not."""
    name = safe_name(upload.name or "")
    if upload.size is None or upload.size > max_bytes:
        raise _too_large(name, max_bytes)
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    expected = LAYER_FORMATS.get(extension)
    if expected is None:
        raise ValidationError(
            _(
                "Unsupported file type. Accepted: GeoJSON, zipped Shapefile, GeoPackage, "
                "KML/KMZ, CSV."
            )
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if expected not in _layer_content(head):
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension .%(ext)s.")
            % {"name": name, "ext": extension}
        )
    if expected == "zip":
        check_archive(upload, name, max_unzipped=max_unzipped, max_ratio=max_ratio)
        upload.seek(0)
    return extension


# --- Storing ------------------------------------------------------------------------------------
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


# --- Serving ------------------------------------------------------------------------------------
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
