"""What a stored file may be (its kinds and their content types), the result of a check, and
the names a file is shown and stored under."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.core.files.uploadedfile import UploadedFile

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
