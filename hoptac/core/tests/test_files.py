"""The one home of stored files: random names, no public address, downloads answered through
nginx or by Django, archives checked before unpacking and capped while unpacking."""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import Resolver404, clear_url_caches, resolve

from hoptac.core import files

ROOT = Path(__file__).resolve().parents[3]


def bomb(unpacked: int, name: str = "data.geojson") -> bytes:
    """A zip whose one member inflates to `unpacked` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(name, "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


def test_stored_names_are_random_and_keep_only_a_plain_extension():
    name = default_storage.generate_filename("evidence/2026/12/Báo cáo mật <b>.PDF")
    assert name.startswith("evidence/2026/12/") and name.endswith(".pdf")
    assert re.fullmatch(r"evidence/2026/12/[0-9a-f]{32}\.pdf", name)
    assert default_storage.generate_filename("x/ảnh.php;.jpg") != default_storage.generate_filename(
        "x/ảnh.php;.jpg"
    )
    assert re.fullmatch(r"x/[0-9a-f]{32}", default_storage.generate_filename("x/README"))


def test_stored_files_have_no_public_address():
    with pytest.raises(files.NoPublicUrl):
        default_storage.url("evidence/2026/12/a.pdf")


def test_no_route_serves_the_media_folder_even_in_debug(settings):
    settings.DEBUG = True
    import hoptac.urls

    try:
        module = importlib.reload(hoptac.urls)
        patterns = [str(p.pattern) for p in module.urlpatterns]
        assert not any("media" in p for p in patterns), patterns
    finally:
        settings.DEBUG = False
        importlib.reload(hoptac.urls)
        clear_url_caches()
    with pytest.raises(Resolver404):
        resolve("/media/evidence/2026/12/a.pdf")


def test_no_template_links_a_stored_file_by_its_address():
    """Every download goes through a view that checks permissions; `.url` of a file field would
    point at MEDIA_URL, which nothing serves."""
    offenders = []
    for template in (ROOT / "hoptac").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"\.(file|logo|source_file|evidence)\.url\b", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


@pytest.fixture
def stored(settings):
    return default_storage.save("evidence/2026/12/secret.pdf", ContentFile(b"%PDF-1.4 secret"))


def test_a_download_is_the_file_with_the_name_the_user_gave(settings, stored):
    settings.FILES_ACCEL_REDIRECT_PREFIX = ""
    response = files.serve(stored, name="Báo cáo quý.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o" in disposition
    assert "sandbox" in response["Content-Security-Policy"]
    assert "X-Accel-Redirect" not in response


def test_behind_nginx_a_download_is_an_internal_redirect_without_body(settings, stored):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    response = files.serve(stored, name="a.docx", kind="docx")
    assert response["X-Accel-Redirect"] == f"/protected-media/{stored}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_missing_file_is_not_found(settings):
    from django.http import Http404

    with pytest.raises(Http404):
        files.serve("evidence/none.pdf", name="x.pdf")


def test_removed_on_failure_deletes_what_was_stored(settings):
    with pytest.raises(RuntimeError), files.removed_on_failure() as stored:
        stored.append(default_storage.save("x/a.txt", ContentFile(b"a")))
        raise RuntimeError
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


# --- Archives -----------------------------------------------------------------------------------
def test_a_zip_bomb_is_refused_from_its_central_directory(tmp_path):
    data = bomb(64 * 1024 * 1024)
    assert len(data) < 200 * 1024
    path = tmp_path / "bomb.zip"
    path.write_bytes(data)
    workdir = tmp_path / "out"
    workdir.mkdir()
    with pytest.raises(ValidationError, match="nén"):
        files.extract_archive(path, workdir, "bomb.zip", max_unzipped=2 * 1024**3, max_ratio=200)
    assert list(workdir.iterdir()) == []  # refused before a byte was written


def test_an_archive_declaring_more_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.zip"
    path.write_bytes(bomb(3 * 1024 * 1024))
    with pytest.raises(ValidationError, match="giải nén"):
        files.check_archive(path, "big.zip", max_unzipped=2 * 1024 * 1024, max_ratio=10**6)


def test_an_archive_with_too_many_members_is_refused(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(30):
            archive.writestr(f"f{i}.txt", "x")
    with pytest.raises(ValidationError, match="30|20"):
        files.check_archive(path, "many.zip", max_unzipped=10**6, max_ratio=100, max_entries=20)


def test_unpacking_stops_at_the_limit_even_when_the_directory_lies(tmp_path, monkeypatch):
    """A forged central directory passes the first check; the bytes written are still capped."""
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(4):
            archive.writestr(f"part{i}.bin", b"\1" * (1024 * 1024))
    from hoptac.core.files import archives

    real = archives.check_archive
    monkeypatch.setattr(
        archives,
        "check_archive",
        lambda *a, **kw: real(*a, **{**kw, "max_unzipped": 10**9, "max_ratio": 10**9}),
    )
    workdir = tmp_path / "out"
    workdir.mkdir()
    with pytest.raises(ValidationError, match="nén"):
        files.extract_archive(path, workdir, "a.zip", max_unzipped=2 * 1024 * 1024, max_ratio=1)
    written = sum(p.stat().st_size for p in workdir.rglob("*") if p.is_file())
    assert written <= 2 * 1024 * 1024


def test_an_archive_member_cannot_escape_the_folder(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.txt", "x")
    workdir = tmp_path / "out"
    workdir.mkdir()
    with pytest.raises(ValidationError, match="unsafe|không an toàn"):
        files.extract_archive(path, workdir, "evil.zip", max_unzipped=10**6, max_ratio=100)
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("a.geojson", b'  {"type": "FeatureCollection"}', True),
        ("a.geojson", b"MZ\x90\x00", False),
        ("a.gpkg", b"SQLite format 3\x00" + b"\0" * 100, True),
        ("a.gpkg", b"PK\x03\x04", False),
        ("a.kml", b'<?xml version="1.0"?><kml/>', True),
        ("a.csv", b"x,y\n1,2\n", True),
        ("a.csv", b"\x00\x01\x02", False),
        ("a.zip", b"not a zip", False),
        ("a.exe", b"MZ", False),
        ("a.geojson", b"", False),
    ],
)
def test_a_layer_file_is_checked_by_its_content(name, data, ok):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data)
    if ok:
        files.check_layer_upload(upload, max_bytes=10**6, max_unzipped=10**6, max_ratio=100)
    else:
        with pytest.raises(ValidationError):
            files.check_layer_upload(upload, max_bytes=10**6, max_unzipped=10**6, max_ratio=100)
