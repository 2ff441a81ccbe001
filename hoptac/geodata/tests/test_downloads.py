"""Downloads of a layer version in five formats and three coordinate systems, opened with ogrinfo;
who may download; the protected path; one file written per version, format and system."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pyproj import CRS

from hoptac.geodata import downloads

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db
OGRINFO = shutil.which("ogrinfo") or "/usr/bin/ogrinfo"


def fetch(client, layer, tmp_path: Path, **params) -> tuple[object, Path]:
    r = client.get(reverse("geodata:download", args=[layer.slug]), params)
    spec = downloads.FORMATS.get(params.get("format"))
    ext = ("zip" if spec.zipped else spec.extension) if spec else "bin"
    path = tmp_path / f"download-{params.get('format')}-{params.get('crs')}.{ext}"
    if r.status_code == 200:
        body = b"".join(r.streaming_content) if r.streaming else r.content
        path.write_bytes(body)
    return r, path


def ogrinfo(path: Path, spec: downloads.Format, inner: str = "") -> str:
    target = f"/vsizip/{path}{inner}" if spec.zipped else str(path)
    out = subprocess.run(  # noqa: S603
        [OGRINFO, "-ro", "-al", "-so", target], capture_output=True, text=True, check=True
    )
    return out.stdout


@pytest.mark.parametrize(
    "fmt,srid",
    [
        ("gpkg", 4326),
        ("gpkg", 5899),
        ("gpkg", 5897),
        ("shp", 4326),
        ("shp", 5899),
        ("kml", 4326),
        ("geojson", 4326),
        ("geojson", 5899),
        ("csv", 4326),
        ("csv", 5899),
    ],
)
def test_a_download_opens_in_gdal_with_every_feature_in_the_system_asked(
    client, parcels, tmp_path, fmt, srid
):
    r, path = fetch(client, parcels, tmp_path, format=fmt, crs=srid)
    assert r.status_code == 200
    spec = downloads.FORMATS[fmt]
    assert r["Content-Type"] == spec.media_type
    assert f"epsg{srid}" in r["Content-Disposition"]
    inner = f"/{downloads.layer_name(parcels)}.csv" if fmt == "csv" else ""
    info = ogrinfo(path, spec, inner)
    assert re.search(r"Feature Count: 36\b", info), info
    if fmt != "csv":  # a CSV's system is in the .prj beside it
        assert f'ID["EPSG",{srid}]' in info or CRS.from_epsg(srid).name in info, info
    if srid == 5899:  # the parcels were imported from EPSG:5899: they come back where they were
        extent = re.search(r"Extent: \(([\d.]+), ([\d.]+)\)", info)
        assert extent and 500_000 < float(extent.group(1)) < 600_000


def test_the_metadata_travels_with_the_file(client, parcels, tmp_path):
    import sqlite3
    import zipfile

    parcels.description = "Thửa đất mẫu"
    parcels.licence = "CC BY 4.0"
    parcels.save()
    _r, gpkg = fetch(client, parcels, tmp_path, format="gpkg", crs=4326)
    info = subprocess.run(  # noqa: S603
        [OGRINFO, "-ro", "-so", str(gpkg), downloads.layer_name(parcels)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "DESCRIPTION=Thửa đất mẫu" in info
    with sqlite3.connect(gpkg) as con:
        (iso,) = con.execute(
            "SELECT m.metadata FROM gpkg_metadata m JOIN gpkg_metadata_reference r "
            "ON r.md_file_id = m.id WHERE r.table_name = ?",
            [downloads.layer_name(parcels)],
        ).fetchone()
    assert "MD_Metadata" in iso and "CC BY 4.0" in iso
    _r, shp = fetch(client, parcels, tmp_path, format="shp", crs=5899)
    names = zipfile.ZipFile(shp).namelist()
    lname = downloads.layer_name(parcels)
    assert {f"{lname}.{e}" for e in ("shp", "shx", "dbf", "prj", "cpg", "shp.xml")} <= set(names)
    _r, csv = fetch(client, parcels, tmp_path, format="csv", crs=4326)
    assert {f"{lname}.csv", f"{lname}.xml", f"{lname}.prj"} <= set(zipfile.ZipFile(csv).namelist())


def test_an_earlier_version_can_be_downloaded(client, load, make_layer, tmp_path):
    layer = make_layer()
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    load(
        geojson_upload(fc(*[feature(square(105.8 + i * 0.01, 21.0)) for i in range(3)])),
        layer=layer,
    )
    _r, first = fetch(client, layer, tmp_path, version=1, format="geojson", crs=4326)
    _r, current = fetch(client, layer, tmp_path / "..", format="geojson", crs=4326)
    spec = downloads.FORMATS["geojson"]
    assert "Feature Count: 1\n" in ogrinfo(first, spec)
    assert "Feature Count: 3\n" in ogrinfo(current, spec)


def test_text_a_spreadsheet_would_run_is_neutralised_in_the_csv(client, load, tmp_path):
    import zipfile

    job = load(geojson_upload(fc(feature(square(105.8, 21.0), ten="=HYPERLINK(1)"))))
    _r, path = fetch(client, job.layer, tmp_path, format="csv", crs=4326)
    text = zipfile.ZipFile(path).read(f"{downloads.layer_name(job.layer)}.csv").decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize(
    "params,words",
    [
        ({"format": "exe", "crs": 4326}, "exe"),
        ({"format": "kml", "crs": 5899}, "WGS 84"),
        ({"format": "gpkg", "crs": 3857}, "3857"),
        ({"format": "gpkg", "crs": 4326, "version": 9}, "version"),
        ({"format": "gpkg", "crs": "x"}, ""),
    ],
)
def test_a_bad_request_gets_a_clear_message_and_no_file(client, parcels, tmp_path, params, words):
    r, path = fetch(client, parcels, tmp_path, **params)
    assert r.status_code == 400
    assert words in r.content.decode()
    assert not path.exists()


@pytest.mark.parametrize(
    "who,visibility,status",
    [
        (None, "public", 200),
        (None, "partners", 403),
        (("officer", "partner"), "partners", 200),
        (("officer", "unrelated"), "partners", 403),
        (("officer", "partner"), "owner", 403),
        (("officer", "own"), "owner", 200),
    ],
)
def test_only_readers_of_a_layer_download_it(
    client, member, load, make_layer, tmp_path, who, visibility, status
):
    layer = make_layer(visibility=visibility)
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    if who:
        client.force_login(member(*who))
    r, _path = fetch(client, layer, tmp_path, format="geojson", crs=4326)
    assert r.status_code == status
    if status != 200:
        assert b"geodata/exports" not in r.content


def test_behind_nginx_the_file_goes_through_the_protected_location(
    client, parcels, settings, tmp_path
):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    r, _path = fetch(client, parcels, tmp_path, format="gpkg", crs=4326)
    assert r.status_code == 200
    assert r["X-Accel-Redirect"].startswith("/protected-media/geodata/exports/")
    assert r.content == b""
    assert r["Cache-Control"] == "private, no-store"


def test_a_file_is_written_once_per_version_format_and_system(
    client, parcels, tmp_path, monkeypatch
):
    runs = []
    real = subprocess.run

    def counting(cmd, *args, **kwargs):
        runs.append(cmd[0])
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(downloads.subprocess, "run", counting)
    for _ in range(2):
        r, _path = fetch(client, parcels, tmp_path, format="gpkg", crs=5899)
        assert r.status_code == 200
    assert len(runs) == 1


def test_the_shapefile_and_the_csv_of_one_version_and_system_are_not_confused(
    client, parcels, tmp_path
):
    """Both are zips: the second asked must not be the first one's file, read from storage."""
    import zipfile

    lname = downloads.layer_name(parcels)
    r_shp, shp = fetch(client, parcels, tmp_path, format="shp", crs=4326)
    r_csv, csv = fetch(client, parcels, tmp_path, format="csv", crs=4326)
    assert f"{lname}.shp" in zipfile.ZipFile(shp).namelist()
    assert f"{lname}.csv" in zipfile.ZipFile(csv).namelist()
    assert f"{lname}.shp" not in zipfile.ZipFile(csv).namelist()
    assert r_shp["Content-Disposition"] != r_csv["Content-Disposition"]
    assert "epsg4326.shp.zip" in r_shp["Content-Disposition"]
    assert "epsg4326.csv.zip" in r_csv["Content-Disposition"]


def test_the_downloads_of_a_deleted_version_are_deleted(
    client, parcels, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    r, _path = fetch(client, parcels, tmp_path, format="geojson", crs=4326)
    assert r.status_code == 200
    version = parcels.current_version
    folder = f"geodata/exports/{version.pk}"
    assert default_storage.listdir(folder)[1]
    with django_capture_on_commit_callbacks(execute=True):
        version.delete()
    assert not default_storage.exists(folder) or not default_storage.listdir(folder)[1]


# --- Large versions: written by the task worker -----------------------------------------------
def test_a_large_version_is_written_by_the_worker_once_while_the_reader_waits(
    client, parcels, tmp_path, settings, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django_tasks_db.models import DBTaskResult

    settings.GEODATA_INLINE_EXPORT_FEATURES = 10  # the 36 parcels are a large version here
    version = parcels.current_version
    name = downloads.stored_name(parcels, version, downloads.FORMATS["gpkg"], 4326)
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = fetch(client, parcels, tmp_path, format="gpkg", crs=4326)
        again, _ = fetch(client, parcels, tmp_path, format="gpkg", crs=4326)
    assert (first.status_code, again.status_code) == (202, 202)
    assert first["Retry-After"] == "5"
    assert "36" in first.content.decode()
    assert not default_storage.exists(name)
    queued = DBTaskResult.objects.filter(task_path__endswith="export_layer_version")
    assert queued.count() == 1  # asked once, not once per reload
    args = queued.get().args_kwargs["args"]
    from hoptac.geodata.tasks import export_layer_version

    export_layer_version.func(*args)  # what the worker runs
    assert not default_storage.exists(f"{name}.pending")
    ready, path = fetch(client, parcels, tmp_path, format="gpkg", crs=4326)
    assert ready.status_code == 200
    assert re.search(r"Feature Count: 36\b", ogrinfo(path, downloads.FORMATS["gpkg"]))


def test_with_an_immediate_worker_the_large_download_comes_at_once(
    client, parcels, tmp_path, settings
):
    settings.GEODATA_INLINE_EXPORT_FEATURES = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    r, _ = fetch(client, parcels, tmp_path, format="geojson", crs=4326)
    assert r.status_code == 200


def test_a_failed_background_download_is_told_once_then_asked_again(
    client, parcels, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from hoptac.geodata.tasks import export_layer_version

    settings.GEODATA_INLINE_EXPORT_FEATURES = 10
    exports = DBTaskResult.objects.filter(task_path__endswith="export_layer_version")
    with django_capture_on_commit_callbacks(execute=True):
        fetch(client, parcels, tmp_path, format="kml", crs=4326)
    args = exports.get().args_kwargs["args"]

    def broken(*a, **k):
        raise RuntimeError("ogr2ogr failed: disk full")

    monkeypatch.setattr(downloads, "export", broken)
    with pytest.raises(RuntimeError):
        export_layer_version.func(*args)
    failed, _ = fetch(client, parcels, tmp_path, format="kml", crs=4326)
    assert failed.status_code == 503
    assert "Không ghi được tệp" in failed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        retried, _ = fetch(client, parcels, tmp_path, format="kml", crs=4326)
    assert retried.status_code == 202
    assert exports.count() == 2


def test_each_vn2000_choice_names_the_meridian_its_epsg_code_has():
    """The label a planner chooses by must say the system the file is written in (EPSG:5897 is
    the 105°00′ zone; 105°30′ would be EPSG:9209)."""
    from django.utils import translation

    for srid, label in downloads.CRS_CHOICES.items():
        if srid == 4326:
            continue
        params = CRS.from_epsg(srid).coordinate_operation.params
        origin = next(p.value for p in params if p.name == "Longitude of natural origin")
        degrees, minutes = int(origin), round((origin - int(origin)) * 60)
        for lang in ("vi", "en"):
            with translation.override(lang):
                text = str(label)
            assert f"{degrees}°{minutes:02d}′" in text and f"EPSG:{srid}" in text, (lang, text)
