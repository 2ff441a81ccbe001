"""Evidence files: checked by their content, not their name."""

from __future__ import annotations

import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100

SIGNATURES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".txt": (b"", "text/plain"),
}


def safe_name(name: str) -> str:
    """A file name without paths, control characters or markup, that keeps Vietnamese letters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[^\w.\- ()]", "_", name).strip(" .") or "file"
    return name[:150]


def check_zip(upload: UploadedFile) -> None:
    """Refuse zip bombs before anything opens the archive's members."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(i.file_size for i in archive.infolist())
            packed = max(1, sum(i.compress_size for i in archive.infolist()))
    except zipfile.BadZipFile as err:
        raise ValidationError(_("The file is damaged: it is not a valid Office document.")) from err
    if total > MAX_UNZIPPED or total / packed > MAX_RATIO:
        raise ValidationError(_("The file unpacks to far more than its size; it was refused."))
    upload.seek(0)


def check_evidence(upload: UploadedFile) -> tuple[str, str]:
    """Check an evidence file; return its safe name and content type, or raise ValidationError."""
    name = safe_name(upload.name or "")
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in SIGNATURES:
        raise ValidationError(
            _("“%(name)s”: only PDF, DOCX, XLSX, PNG, JPEG and text files are accepted.")
            % {"name": name}
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": name, "mb": MAX_BYTES // (1024 * 1024)}
        )
    magic, content_type = SIGNATURES[ext]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if magic and not head.startswith(magic):
        raise ValidationError(
            _("“%(name)s” does not contain what its extension says.") % {"name": name}
        )
    if ext == ".txt" and b"\x00" in upload.read(4096):
        raise ValidationError(_("“%(name)s” is not a text file.") % {"name": name})
    upload.seek(0)
    if ext in {".docx", ".xlsx"}:
        check_zip(upload)
    return name, content_type


def extract_text(upload: UploadedFile) -> str:
    """The text of an agreement file (PDF, DOCX or plain text), checked first like evidence."""
    name, content_type = check_evidence(upload)
    upload.seek(0)
    try:
        if content_type == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(upload)
            if len(reader.pages) > 200:
                raise ValidationError(_("The PDF has more than 200 pages."))
            return "\n\n".join(page.extract_text() or "" for page in reader.pages)
        if name.lower().endswith(".docx"):
            import docx

            return "\n\n".join(p.text for p in docx.Document(upload).paragraphs if p.text.strip())
        if content_type == "text/plain":
            raw = upload.read(2 * 1024 * 1024)
            for encoding in ("utf-8-sig", "utf-16", "cp1258"):
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    continue
            raise ValidationError(_("The text file is not in a known encoding (use UTF-8)."))
    except ValidationError:
        raise
    except Exception as err:  # pypdf and python-docx raise many kinds on damaged files
        raise ValidationError(
            _("“%(name)s” could not be read; it may be damaged.") % {"name": name}
        ) from err
    raise ValidationError(_("Upload the agreement as PDF, DOCX or text."))
