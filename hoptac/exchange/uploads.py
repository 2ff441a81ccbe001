"""Checking uploaded files before anything is stored: size, content, zip bombs, names; and text.

A file is accepted only when its content matches its extension (magic bytes, and for the Office
formats the parts inside the zip). DOCX and XLSX are zips: their declared uncompressed size and
compression ratio are checked before a single byte is inflated.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 5000
MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 300

EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    kind: str
    size: int
    text: str


def store(checked: CheckedFile, folder: str) -> str:
    """Save a checked file in `folder/YYYY/MM/` of the default storage; returns its name there.
    The name on disk is never the user's: a random name with the checked extension."""
    from django.core.files.storage import default_storage
    from django.utils import timezone

    return default_storage.save(
        f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{checked.kind}", checked.upload
    )


def max_bytes() -> int:
    return getattr(settings, "EXCHANGE_UPLOAD_MAX_BYTES", MAX_BYTES)


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


def _check_zip(data: bytes, kind: str, name: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            _("“%(name)s” is damaged and cannot be opened.") % {"name": name}
        ) from exc
    total = sum(max(e.file_size, 0) for e in entries)
    if len(entries) > MAX_ZIP_ENTRIES or total > MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("“%(name)s” would unpack to more than %(limit)s; it is refused.")
            % {"name": name, "limit": filesizeformat(MAX_UNZIPPED_BYTES)}
        )
    if total > MAX_RATIO * max(len(data), 1) or any(
        e.file_size > MAX_RATIO * max(e.compress_size, 1) and e.file_size > 1024 * 1024
        for e in entries
    ):
        raise ValidationError(
            _("“%(name)s” is compressed suspiciously much (a zip bomb?); it is refused.")
            % {"name": name}
        )
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or OFFICE_MAIN_PART[kind] not in names:
        raise ValidationError(
            _("The content of “%(name)s” is not a %(kind)s document.")
            % {"name": name, "kind": kind.upper()}
        )
    return archive


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


EXTRACTORS = {"pdf": _text_of_pdf, "docx": _text_of_docx, "xlsx": _text_of_xlsx}


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Validate one uploaded file and extract its text; ValidationError says why not."""
    name = safe_name(upload.name or "")
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise ValidationError(
            _("“%(name)s”: only PDF, DOCX, XLSX and images (PNG, JPEG, GIF, WebP) are accepted.")
            % {"name": name}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)}
        )
    sniffed = _sniff(data[:16])
    expected = "zip" if kind in OFFICE_MAIN_PART else kind
    if sniffed != expected:
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension .%(ext)s.")
            % {"name": name, "ext": extension}
        )
    if kind in OFFICE_MAIN_PART:
        _check_zip(data, kind, name).close()
    text = ""
    extractor = EXTRACTORS.get(kind)
    if extractor is not None:
        try:
            text = extractor(data)
        except Exception as exc:  # any parser error means the file cannot be read
            raise ValidationError(
                _("“%(name)s” is damaged and cannot be read.") % {"name": name}
            ) from exc
    text = text.replace("\x00", "")[:MAX_TEXT_CHARS]
    return CheckedFile(upload=upload, name=name, kind=kind, size=len(data), text=text)


def check_uploads(uploads: list[UploadedFile]) -> list[CheckedFile]:
    """Check every file; report all the problems at once."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("At most %(n)d files may be attached at once.") % {"n": MAX_FILES})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked
