"""Checking an upload by its content: type by magic bytes (and the parts inside Office zips),
size, zip bombs, and the text kept for the search index; layer uploads likewise."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from .archives import _check_office, _too_large, check_archive
from .kinds import (
    DOCUMENTS,
    KINDS,
    MAX_FILES,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    OFFICE_MAIN_PART,
    CheckedFile,
    safe_name,
)


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


KIND_LABELS = {
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


def _accepted_message(name: str, kinds: Iterable[str]) -> ValidationError:
    return ValidationError(
        _("“%(name)s”: only %(kinds)s files are accepted.")
        % {"name": name, "kinds": ", ".join(KIND_LABELS[k] for k in kinds)}
    )


def _upload_help(kinds: Iterable[str], max_bytes: int | None = None) -> str:
    return _("%(kinds)s; at most %(limit)s each.") % {
        "kinds": ", ".join(KIND_LABELS[k] for k in kinds),
        "limit": filesizeformat(max_bytes or settings.FILES_MAX_BYTES),
    }


# The help under a file field, from what `check_upload` accepts (its kinds and the size limit of
# the settings), computed when shown: a help text written by hand said 10 MB on the exchange's
# forms and left TXT out on the progress report's while the checks took 20 MB and TXT.
upload_help = lazy(_upload_help, str)


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
