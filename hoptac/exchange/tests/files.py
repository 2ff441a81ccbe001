"""Small real files (and bad ones) for upload tests, built in memory."""

from __future__ import annotations

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def pdf_bytes(text: str = "Chinh quyen dien tu Da Nang") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, text)
    c.save()
    return buffer.getvalue()


def docx_bytes(text: str = "Quy trình một cửa liên thông") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(text: str = "Tỷ lệ hồ sơ trực tuyến") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append([text, 87.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@functools.lru_cache
def zip_bomb_docx(unpacked: int = 120 * 1024 * 1024) -> bytes:
    """A DOCX-looking zip whose one part inflates to `unpacked` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


def plain_zip(name: str = "notes.txt") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "hello")
    return buffer.getvalue()


def broken_docx() -> bytes:
    """A zip with the right parts whose XML is garbage."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml <<<")
        archive.writestr("word/document.xml", "not xml either")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
