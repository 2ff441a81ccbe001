"""Layer uploads: a zip bomb is refused before unpacking (in the form, and again when the import
runs), the files of failed and abandoned imports are deleted, and the figures exports carry no
live formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hoptac.geodata.imports import run as imports
from hoptac.geodata.models import ImportJob

from .conftest import DATA, fc, feature, geojson_upload, zip_upload

pytestmark = pytest.mark.django_db


def bomb(unpacked: int, name: str = "data.zip") -> SimpleUploadedFile:
    """A zip whose GeoJSON member inflates to `unpacked` bytes (spaces: valid JSON padding)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("data.geojson", "w", force_zip64=True) as part:
            part.write(b'{"type": "FeatureCollection", "features": []')
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
            part.write(b"}")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def _stored(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def _post(client, layer, upload):
    return client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/", {"file": upload, "mode": "replace"}
    )


def test_a_zip_bomb_is_refused_by_the_form_before_anything_is_stored(
    client, member, make_layer, settings
):
    upload = bomb(64 * 1024 * 1024)  # 64 MiB from about 64 KB: a ratio near 1000
    assert upload.size < 200 * 1024
    layer = make_layer()
    client.force_login(member("officer", "own"))
    started = time.monotonic()
    response = _post(client, layer, upload)
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    assert "bom zip" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert _stored(settings) == []


def test_an_archive_declaring_more_than_the_setting_is_refused_by_the_form(
    client, member, make_layer, settings
):
    """The 2 GiB-from-2 MB bomb, scaled down: the limit is a setting."""
    settings.GEODATA_MAX_UNZIPPED_BYTES = 8 * 1024 * 1024
    settings.GEODATA_MAX_ZIP_RATIO = 10**6
    layer = make_layer()
    client.force_login(member("officer", "own"))
    response = _post(client, layer, bomb(16 * 1024 * 1024))
    assert response.status_code == 200
    assert "khi giải nén sẽ lớn hơn 8" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_import_started_without_the_form_still_refuses_the_bomb_before_unpacking(
    load, settings, monkeypatch
):
    written = []
    real_open = open

    def watched_open(path, mode="r", *args, **kwargs):
        if "w" in str(mode) and "hoptac-import-" in str(path):
            written.append(path)
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watched_open)
    job = load(bomb(64 * 1024 * 1024))
    assert job.status == ImportJob.Status.FAILED
    assert "zip bomb" in job.message
    assert written == []  # not a byte of the archive was unpacked
    assert job.file.name == "" and _stored(settings) == []


def test_a_failed_import_deletes_its_file_and_keeps_its_report(load, settings):
    job = load(SimpleUploadedFile("hong.geojson", b'{"type": "FeatureCollection", "feat'))
    assert job.status == ImportJob.Status.FAILED
    assert job.message
    assert job.file.name == ""
    assert _stored(settings) == []


def test_an_import_whose_file_was_discarded_asks_for_it_again(load):
    job = load(SimpleUploadedFile("hong.geojson", b"{"))
    assert job.file.name == ""
    imports.run_import(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "upload it again" in job.message


def test_a_successful_import_keeps_its_file_under_a_random_name(load, settings):
    job = load(geojson_upload(fc(feature({"type": "Point", "coordinates": [108.2, 16.05]}))))
    assert job.status == "done", job.message
    assert job.original_name == "data.geojson"
    assert "data" not in Path(job.file.name).name
    assert len(_stored(settings)) == 1


def test_an_import_left_waiting_for_its_coordinate_system_is_discarded_after_a_day(load, settings):
    members = {}
    with zipfile.ZipFile(DATA / "parcels_5899.zip") as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".prj"):
                members[Path(info.filename).name] = archive.read(info)
    old = load(zip_upload(members))
    fresh = load(zip_upload(members))
    assert old.status == fresh.status == ImportJob.Status.NEEDS_CRS
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert len(_stored(settings)) == 2
    assert imports.discard_abandoned_imports() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ImportJob.Status.FAILED and old.file.name == ""
    assert fresh.status == ImportJob.Status.NEEDS_CRS and fresh.file.name
    assert len(_stored(settings)) == 1


def test_the_discarding_job_is_scheduled():
    from hoptac.core import schedule

    assert "geodata.discard_abandoned_imports" in {job.name for job in schedule.jobs()}


# --- The figures exports ------------------------------------------------------------------------
RING = [[108.20, 16.05], [108.21, 16.05], [108.21, 16.06], [108.20, 16.06], [108.20, 16.05]]


def _inside(x: float, y: float, name: str, **props) -> dict:
    d = 0.001
    ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    return feature({"type": "Polygon", "coordinates": [ring]}, name=name, **props)


@pytest.fixture
def hostile(load, make_layer):
    """A public layer whose features are named like formulas."""
    layer = make_layer(theme="land_use", slug="cong-thuc")
    job = load(
        geojson_upload(
            fc(
                _inside(108.201, 16.051, "=1+1", loai="=cmd|' /C calc'!A0"),
                _inside(108.203, 16.053, "@SUM(1+1)", loai="@SUM(1+1)"),
            )
        ),
        layer=layer,
    )
    assert job.status == "done", job.message
    return layer


def _export(client, kind: str):
    area = json.dumps({"type": "Polygon", "coordinates": [RING]})
    response = client.get("/chi-so-quy-hoach/", {"area_geojson": area, "export": kind})
    assert response.status_code == 200
    return response.content


def test_the_figures_csv_carries_no_live_formula(client, hostile):
    rows = list(csv.reader(io.StringIO(_export(client, "csv").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+1" in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    assert [c for c in cells if c.replace(",", ".").replace(".", "", 1).isdigit()]  # numbers


def test_the_figures_workbook_carries_no_live_formula_and_keeps_numbers(client, hostile):
    book = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx")))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    values = [c.value for c in cells]
    assert "'=1+1" in values and "'@SUM(1+1)" in values
    assert not [c for c in cells if c.data_type == "f"]
    assert any(isinstance(v, float) and v > 0 for v in values)  # areas stay numbers
